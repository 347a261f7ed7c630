/** Cleaning command output before it goes to the model: colour codes out, long output cut. */

// CSI (colours, cursor moves), OSC (titles, hyperlinks), DCS / SOS / PM / APC strings with their
// payload (ended by BEL or ESC \), and two-byte escapes.
const ANSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * Keeps the last `maxChars` characters or fewer: errors and summaries come at the end of build
 * and test output. The cut starts on a line boundary when one is near, and a first line says how
 * much was left out so the model knows the output is partial.
 */
export function capOutput(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars < 200) return text.slice(text.length - maxChars); // too small to spend on a note
  const budget = maxChars - 80; // room for the note
  let start = text.length - budget;
  const nl = text.indexOf('\n', start - 1);
  if (nl !== -1 && nl - start < 200 && nl < text.length - 1) start = nl + 1;
  if (isLowSurrogate(text.charCodeAt(start))) start++;
  const cutLines = countLines(text, start);
  const note = `[output truncated: the first ${start} characters (${cutLines} lines) were cut]\n`;
  return note + text.slice(start);
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
