/**
 * Token sizes for completion prompts, estimated at four characters a token (the usual figure for
 * code with Gemini's tokenizer; no tokenizer runs on a keystroke). Windows are cut at line ends.
 */
export const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** The end of `text` within `tokens`, starting at a line start unless one line is already too long. */
export function tailWithin(text: string, tokens: number): string {
  const max = Math.max(0, tokens) * CHARS_PER_TOKEN;
  if (text.length <= max) return text;
  const cut = text.slice(text.length - max);
  const nl = cut.indexOf('\n');
  return nl >= 0 && nl < cut.length - 1 ? cut.slice(nl + 1) : cut;
}

/** The start of `text` within `tokens`, ending at a line end unless one line is already too long. */
export function headWithin(text: string, tokens: number): string {
  const max = Math.max(0, tokens) * CHARS_PER_TOKEN;
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const nl = cut.lastIndexOf('\n');
  return nl > 0 ? cut.slice(0, nl + 1) : cut;
}
