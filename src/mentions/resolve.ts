/**
 * Turns the mentions of a message into what the model reads and what the chat shows: one text
 * section per mention (for the user message, never the system instruction) and a chip saying what
 * it added. Each source is behind a small interface (VS Code adapters in src/vscode/mentionSources.ts);
 * the guards apply as for the agent's own reads: a secret file is never attached.
 */
import { workspaceTree } from '../agent/fileTree';
import type { IgnoreFilter } from '../guards/ignore';
import { resolveWorkspacePath } from '../guards/paths';
import { formatBytes, type MentionChip, type MentionRef } from '../shared/attachments';
import type { ChatItem } from '../shared/chatState';
import { decodeText } from '../tools/text';
import type { Diagnostic, WorkspaceFs } from '../tools/types';

const FILE_MAX_LINES = 2000;
const FILE_MAX_CHARS = 60_000;
const FOLDER_MAX_ENTRIES = 200;
const SECTION_MAX_CHARS = 40_000;
const TOTAL_MAX_CHARS = 200_000;

export interface EditorSelection {
  path: string;
  startLine: number;
  endLine: number;
  text: string;
}

export type GitChanges = { available: false; reason: string } | { available: true; files: number; diff: string; untracked: string[] };

export interface MentionSources {
  fs: WorkspaceFs;
  ignore: IgnoreFilter;
  problems(): Diagnostic[];
  selection(): EditorSelection | undefined;
  changes(): Promise<GitChanges>;
  /** The output of the last command the agent ran, else the active terminal's selection. */
  terminal(): Promise<{ from: string; text: string } | undefined>;
}

export interface ResolvedMention {
  chip: MentionChip;
  /** The section for the request; absent when nothing was added. */
  text?: string;
}

export async function resolveMentions(refs: readonly MentionRef[], sources: MentionSources, signal: AbortSignal): Promise<ResolvedMention[]> {
  const out: ResolvedMention[] = [];
  let budget = TOTAL_MAX_CHARS;
  for (const ref of refs) {
    signal.throwIfAborted();
    let resolved: ResolvedMention;
    try {
      resolved = await resolveOne(ref, sources, signal);
    } catch (err) {
      signal.throwIfAborted();
      resolved = missing(ref, `could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (resolved.text && resolved.text.length > budget) resolved = missing(ref, 'left out: the message holds too much mentioned content already');
    budget -= resolved.text?.length ?? 0;
    out.push(resolved);
  }
  return out;
}

function resolveOne(ref: MentionRef, s: MentionSources, signal: AbortSignal): Promise<ResolvedMention> | ResolvedMention {
  switch (ref.kind) {
    case 'file':
    case 'folder':
      return resolvePath(ref, s, signal);
    case 'problems':
      return problems(s.problems());
    case 'selection':
      return selection(s.selection());
    case 'changes':
      return s.changes().then((c) => changes(c, s.ignore));
    case 'terminal':
      return s.terminal().then(terminal);
  }
}

async function resolvePath(ref: MentionRef, s: MentionSources, signal: AbortSignal): Promise<ResolvedMention> {
  const checked = resolveWorkspacePath((ref.path ?? '').replace(/\/+$/, '') || '.');
  if (!checked.ok) return missing(ref, 'not a path inside the workspace');
  const path = checked.path;
  if (s.ignore.isSensitive(path)) return missing({ ...ref, path }, 'not attached: a secret file the agent may not read');
  const stat = await s.fs.stat(path);
  if (!stat) return missing({ ...ref, path }, 'not found');
  if (stat.type === 'directory') {
    const tree = await workspaceTree(subFs(s.fs, path), subIgnore(s.ignore, path), signal, FOLDER_MAX_ENTRIES);
    const entries = tree === '(empty workspace)' ? 0 : tree.split('\n').length;
    return {
      chip: { kind: 'folder', label: `${path}/`, detail: entries === 0 ? 'empty folder' : `${entries} entries`, path },
      text: `@${path}/ (folder tree, ignored files left out):\n${tree === '(empty workspace)' ? '(empty folder)' : tree}`,
    };
  }
  const bytes = await s.fs.readFile(path);
  const decoded = decodeText(bytes);
  if (decoded.kind === 'binary') return missing({ kind: 'file', path }, `binary file (${formatBytes(bytes.length)}), not attached`);
  const lines = decoded.text.split(/\r?\n/);
  let shown = lines.slice(0, FILE_MAX_LINES).join('\n');
  const cut = shown.length > FILE_MAX_CHARS || lines.length > FILE_MAX_LINES;
  shown = shown.slice(0, FILE_MAX_CHARS);
  const shownLines = shown.split('\n').length;
  const name = path.slice(path.lastIndexOf('/') + 1);
  const detail = cut ? `first ${shownLines} of ${lines.length} lines, ${formatBytes(bytes.length)}` : `${lines.length} lines, ${formatBytes(bytes.length)}`;
  return {
    chip: { kind: 'file', label: name, detail, path },
    text: `@${path} (file${cut ? `, first ${shownLines} of ${lines.length} lines — read_file has the rest` : `, ${lines.length} lines`}):\n${fence(shown)}`,
  };
}

function problems(list: Diagnostic[]): ResolvedMention {
  const label = '@problems';
  if (list.length === 0) return { chip: { kind: 'problems', label, detail: 'no problems' }, text: '@problems: VS Code reports no problems in the workspace.' };
  const order = { error: 0, warning: 1, info: 2, hint: 3 };
  const sorted = [...list].sort((a, b) => order[a.severity] - order[b.severity]);
  const lines = clip(sorted.map((d) => `- ${d.path}:${d.line} ${d.severity}: ${d.message}${d.source ? ` (${d.source})` : ''}`).join('\n'));
  const errors = list.filter((d) => d.severity === 'error').length;
  return {
    chip: { kind: 'problems', label, detail: `${plural(list.length, 'problem')}${errors ? `, ${plural(errors, 'error')}` : ''}` },
    text: `@problems (current diagnostics in the workspace):\n${lines}`,
  };
}

function selection(sel: EditorSelection | undefined): ResolvedMention {
  if (!sel || sel.text === '') return missing({ kind: 'selection' }, 'nothing is selected in the editor');
  const lines = sel.endLine - sel.startLine + 1;
  return {
    chip: { kind: 'selection', label: `${sel.path.slice(sel.path.lastIndexOf('/') + 1)}:${sel.startLine}–${sel.endLine}`, detail: `${plural(lines, 'line')} selected`, path: sel.path, line: sel.startLine },
    text: `@selection (${sel.path}, lines ${sel.startLine}–${sel.endLine}):\n${fence(clip(sel.text))}`,
  };
}

function changes(c: GitChanges, ignore: IgnoreFilter): ResolvedMention {
  if (!c.available) return missing({ kind: 'changes' }, c.reason);
  c = { ...c, diff: withoutSecretFiles(c.diff, ignore), untracked: c.untracked.filter((p) => !ignore.isSensitive(p)) };
  if (c.files === 0 && c.untracked.length === 0) return { chip: { kind: 'changes', label: '@changes', detail: 'no uncommitted changes' }, text: '@changes: there are no uncommitted changes.' };
  const untracked = c.untracked.length ? `\nNew files not yet tracked: ${c.untracked.slice(0, 50).join(', ')}` : '';
  const diffLines = c.diff ? c.diff.split('\n').length : 0;
  return {
    chip: { kind: 'changes', label: '@changes', detail: `${plural(c.files + c.untracked.length, 'file')}, ${plural(diffLines, 'line')} of diff` },
    text: `@changes (uncommitted changes, git diff against HEAD):\n${fence(clip(c.diff), 'diff')}${untracked}`,
  };
}

/** The diff without the sections of files the agent may not read (a changed `.env` stays out). */
export function withoutSecretFiles(diff: string, ignore: IgnoreFilter): string {
  const sections = diff.split(/^(?=diff --git )/m);
  return sections
    .filter((section) => {
      const m = /^diff --git a\/(.+?) b\/(.+)$/m.exec(section);
      return !m || (!ignore.isSensitive(m[1]) && !ignore.isSensitive(m[2]));
    })
    .join('');
}

/** The output of the last command the agent ran in this chat, from the chat's tool cards. */
export function lastCommandOutput(items: readonly ChatItem[]): { from: string; text: string } | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.kind === 'tool' && item.name === 'run_command' && item.detail) return { from: `output of ${item.label}`, text: item.detail };
  }
  return undefined;
}

function terminal(t: { from: string; text: string } | undefined): ResolvedMention {
  if (!t || t.text.trim() === '') return missing({ kind: 'terminal' }, 'no command output yet, and nothing selected in a terminal');
  return {
    chip: { kind: 'terminal', label: '@terminal', detail: `${t.from}, ${plural(t.text.split('\n').length, 'line')}` },
    text: `@terminal (${t.from}):\n${fence(clip(t.text))}`,
  };
}

function missing(ref: MentionRef, why: string): ResolvedMention {
  const label = ref.path ? ref.path.slice(ref.path.replace(/\/+$/, '').lastIndexOf('/') + 1) : `@${ref.kind}`;
  return { chip: { kind: ref.kind, label, detail: why, missing: true, ...(ref.path ? { path: ref.path } : {}) } };
}

/** The last part of long output matters most (a test summary, the error at the end). */
function clip(text: string): string {
  return text.length <= SECTION_MAX_CHARS ? text : `[… ${text.length - SECTION_MAX_CHARS} characters cut]\n${text.slice(-SECTION_MAX_CHARS)}`;
}

function fence(text: string, lang = ''): string {
  const ticks = /```/.test(text) ? '~~~~' : '```';
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The folder seen as a workspace of its own, so the agent's tree code lists it. */
function subFs(fs: WorkspaceFs, folder: string): WorkspaceFs {
  const at = (p: string) => (p === '.' ? folder : `${folder}/${p}`);
  return {
    readFile: (p) => fs.readFile(at(p)),
    writeFile: () => Promise.reject(new Error('read-only')),
    delete: () => Promise.reject(new Error('read-only')),
    stat: (p) => fs.stat(at(p)),
    readDirectory: (p) => fs.readDirectory(at(p)),
  };
}

function subIgnore(ignore: IgnoreFilter, folder: string): IgnoreFilter {
  const at = (p: string) => (p === '.' ? folder : `${folder}/${p}`);
  return { isHidden: (p: string, dir: boolean) => ignore.isHidden(at(p), dir), isSensitive: (p: string) => ignore.isSensitive(at(p)) } as unknown as IgnoreFilter;
}
