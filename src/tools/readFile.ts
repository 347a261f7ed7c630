/**
 * `read_file`: one page of a text file. Pages keep a long file from flooding the context; the
 * response says how to ask for the next one, so the model never has to guess.
 */
import { z } from 'zod';
import { guardPath } from './paths';
import { decodeText } from './text';
import type { Tool } from './types';

export const PAGE_LINES = 800;
export const PAGE_CHARS = 100_000;
/**
 * Beyond this the file is not even loaded. Logs and data dumps of tens of megabytes are paged
 * (each page reads the whole file, which is still fast at this size).
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MAX_LINE_CHARS = 4000;

const parameters = z.object({
  path: z.string().describe('File path relative to the workspace root.'),
  start_line: z.number().int().min(1).optional().describe('First line to read (1-based). Default 1.'),
  end_line: z.number().int().min(1).optional().describe(`Last line to read (inclusive). At most ${PAGE_LINES} lines are returned per call.`),
});

export const readFileTool: Tool<typeof parameters> = {
  name: 'read_file',
  description: `Read a text file of the workspace. Returns at most ${PAGE_LINES} lines (or ${PAGE_CHARS / 1000} KB) per call; for longer files the response says which start_line reads the next page.`,
  parameters,
  label: (a) => `Read ${a.path}${a.start_line ? ` from line ${a.start_line}` : ''}`,
  report: (_a, r) => ({ summary: `Lines ${r.start_line}–${r.end_line} of ${r.total_lines}` }),
  async execute(args, ctx) {
    const guarded = await guardPath(args.path, ctx);
    if (!guarded.ok) return { error: guarded.error };
    const path = guarded.path;
    const stat = await ctx.fs.stat(path);
    if (!stat) return { error: `${path} does not exist. Use list_files or search_codebase to find the right path.` };
    if (stat.type === 'directory') return { error: `${path} is a folder. Use list_files to see what it contains.` };
    if (stat.size > MAX_FILE_BYTES) return { error: `${path} is ${(stat.size / 1048576).toFixed(1)} MB, too large to read. Use search_codebase to find the part you need.` };
    const decoded = decodeText(await ctx.fs.readFile(path));
    if (decoded.kind === 'binary') return { error: `${path} is a binary file (${stat.size} bytes); read_file only reads text files.` };
    const result = page(path, decoded.text, args.start_line ?? 1, args.end_line);
    // Said up front, so the model does not plan an edit that will be refused.
    if (!decoded.utf8 && result.error === undefined) result.encoding = 'This file is not UTF-8 (shown here as Latin-1). The agent can read it but not change it, so its encoding is kept.';
    return result;
  },
};

/**
 * The lines `first`..`last` (1-based, inclusive) of a text and how many lines it has, found by
 * scanning for line feeds rather than splitting: a page of a 50 MB log costs one pass, not a
 * million strings. Lines end at "\n" or "\r\n"; a final line feed does not start another line.
 */
export function lineWindow(text: string, first: number, last: number): { total: number; lines: string[] } {
  if (text === '') return { total: 1, lines: first <= 1 && last >= 1 ? [''] : [] };
  const lines: string[] = [];
  let total = 0;
  for (let pos = 0; pos < text.length; ) {
    const feed = text.indexOf('\n', pos);
    const end = feed === -1 ? text.length : feed;
    total++;
    if (total >= first && total <= last) lines.push(feed !== -1 && end > pos && text.charCodeAt(end - 1) === 13 ? text.slice(pos, end - 1) : text.slice(pos, end));
    if (feed === -1) break;
    pos = feed + 1;
  }
  return { total, lines };
}

function page(path: string, text: string, start: number, end: number | undefined): Record<string, unknown> {
  const window = lineWindow(text, start, Math.min(end ?? Infinity, start + PAGE_LINES - 1));
  const total = window.total;
  if (start > total) return { error: `${path} has only ${total} lines; start_line ${start} is past its end.` };
  const last = Math.min(total, end ?? total, start + PAGE_LINES - 1);
  if (last < start) return { error: `end_line (${end}) is before start_line (${start}).` };
  const out: string[] = [];
  let chars = 0;
  let shown = start - 1;
  let cutLines = 0;
  for (let i = start - 1; i < last; i++) {
    let line = window.lines[i - start + 1];
    if (line.length > MAX_LINE_CHARS) {
      line = `${line.slice(0, MAX_LINE_CHARS)} [… line cut: ${line.length} characters]`;
      cutLines++;
    }
    if (chars + line.length + 1 > PAGE_CHARS && out.length > 0) break;
    out.push(line);
    chars += line.length + 1;
    shown = i + 1;
  }
  const result: Record<string, unknown> = { path, start_line: start, end_line: shown, total_lines: total, content: out.join('\n') };
  const notes: string[] = [];
  if (shown < total && (end === undefined || shown < end)) notes.push(`This is lines ${start}–${shown} of ${total}. Call read_file with start_line ${shown + 1} for the next page.`);
  if (cutLines > 0) notes.push(`${cutLines} very long line(s) were cut; use search_codebase to find text in them.`);
  if (notes.length > 0) result.note = notes.join(' ');
  return result;
}
