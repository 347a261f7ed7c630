/**
 * The completion prompt. Gemini has no fill-in-the-middle endpoint, so the prompt shows the file
 * around the cursor with a hole marker and asks for exactly the text that fills it; related
 * snippets and the project's rules come before the file. Stop sequences: at most five (the API
 * refuses more).
 */
import type { CompletionContext } from './context';

export const HOLE = '{{FILL_HERE}}';
export const MAX_STOP_SEQUENCES = 5;

export type CompletionMode = 'line' | 'block';

export interface CompletionPrompt {
  systemInstruction: string;
  text: string;
  stopSequences: string[];
  maxOutputTokens: number;
}

const SYSTEM = [
  'You are a code completion engine. The user shows a file with one hole marked ' + HOLE + '.',
  'Answer with exactly the text that belongs at the hole, and nothing else: no explanation, no',
  'markdown, no code fences, no repetition of the code before or after the hole.',
  'Match the indentation and style of the file. If nothing fits, answer with an empty text.',
].join(' ');

export function buildPrompt(ctx: CompletionContext, mode: CompletionMode): CompletionPrompt {
  const parts: string[] = [];
  if (ctx.rules) parts.push(`<project_rules>\n${ctx.rules}\n</project_rules>`);
  for (const s of ctx.snippets) parts.push(`<snippet kind="${s.kind}" path="${attr(s.path)}">\n${s.text}\n</snippet>`);
  parts.push(`<file path="${attr(ctx.path)}" language="${attr(ctx.languageId)}">\n${ctx.prefix}${HOLE}${ctx.suffix}\n</file>`);
  parts.push(mode === 'line'
    ? 'Fill the hole with the rest of the current line only (one line, no line break).'
    : 'Fill the hole; a few lines at most, ending where the block or statement ends.');
  return {
    systemInstruction: SYSTEM,
    text: parts.join('\n\n'),
    stopSequences: stopSequences(mode),
    maxOutputTokens: mode === 'line' ? 64 : 256,
  };
}

export function stopSequences(mode: CompletionMode): string[] {
  const stops = mode === 'line' ? ['\n', '```', HOLE, '</file>'] : ['\n\n\n', '```', HOLE, '</file>', '<snippet'];
  return stops.slice(0, MAX_STOP_SEQUENCES);
}

function attr(s: string): string {
  return s.replace(/["<>\n]/g, '_');
}
