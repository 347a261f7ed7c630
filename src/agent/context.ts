/**
 * What the model is shown besides the conversation: the request with its editor context and the
 * workspace tree, then at the start of each task the plan's state and the task's files. The plan
 * state is restated every task so it survives any shortening of older history.
 */
import type { IgnoreFilter } from '../guards/ignore';
import { resolveWorkspacePath } from '../guards/paths';
import { imagePart } from '../model/inline';
import type { Content } from '../model/types';
import type { PlanTask } from '../shared/events';
import { decodeText } from '../tools/text';
import type { WorkspaceFs } from '../tools/types';
import { userText } from './history';
import type { AgentRequest } from './types';

const FILE_MAX_LINES = 400;
const FILE_MAX_CHARS = 40_000;
const TASK_FILES_MAX_CHARS = 100_000;
const SELECTION_MAX_CHARS = 20_000;

export function requestMessage(request: AgentRequest, tree: string | undefined, ignore?: IgnoreFilter): Content {
  const sections = [`Request:\n${request.text}`];
  const mentioned = (request.mentions ?? []).flatMap((m) => (m.text ? [m.text] : []));
  if (mentioned.length) sections.push(`Mentioned by the user (content as of sending):\n\n${mentioned.join('\n\n')}`);
  const editor = request.editor;
  if (editor) {
    let text = `Active editor: ${editor.path}`;
    if (editor.selection) {
      const s = editor.selection;
      text += `\nSelected lines ${s.startLine}–${s.endLine}:\n\`\`\`\n${s.text.slice(0, SELECTION_MAX_CHARS)}\n\`\`\``;
    }
    if (editor.diagnostics?.length) text += `\nProblems there:\n${editor.diagnostics.map((d) => `- ${d}`).join('\n')}`;
    sections.push(text);
  }
  // The watcher sees every change, earlier runs' included; files the agent may not see stay unnamed.
  const recent = (request.recentFiles ?? []).filter((f) => !ignore || (!ignore.isSensitive(f) && !ignore.isHidden(f, false)));
  if (recent.length) sections.push(`Files changed recently in the workspace, newest first:\n${recent.slice(0, 20).map((f) => `- ${f}`).join('\n')}`);
  if (tree !== undefined) sections.push(`Workspace files (ignored files left out):\n${tree}`);
  const message = userText(sections.join('\n\n'));
  for (const image of request.images ?? []) message.parts.push(imagePart(image.mimeType, image.ref));
  return message;
}

export interface TaskFilesSource {
  fs: WorkspaceFs;
  ignore: IgnoreFilter;
}

/**
 * The message that starts a task: plan state, the task, the rules its files bring (not given
 * before), and the current text of its files.
 */
export async function taskMessage(task: PlanTask, checklist: string, source: TaskFilesSource, signal: AbortSignal, rules = ''): Promise<Content> {
  const files = await taskFiles(task.files, source, signal);
  const parts = [`Plan:\n${checklist}`, `Now work on task ${task.id}: ${task.description}`];
  if (rules) parts.push(rules);
  if (files) parts.push(files);
  return userText(parts.join('\n\n'));
}

async function taskFiles(paths: string[], { fs, ignore }: TaskFilesSource, signal: AbortSignal): Promise<string> {
  const out: string[] = [];
  let budget = TASK_FILES_MAX_CHARS;
  for (const input of paths.slice(0, 10)) {
    signal.throwIfAborted();
    const resolved = resolveWorkspacePath(input);
    if (!resolved.ok || ignore.isSensitive(resolved.path)) continue;
    const path = resolved.path;
    // A file the workspace refuses (a symlink out of it, no permission) is named, not fatal: the
    // plan comes from the model and may name anything.
    let stat: Awaited<ReturnType<WorkspaceFs['stat']>>;
    let bytes: Uint8Array | undefined;
    try {
      stat = await fs.stat(path);
      if (stat?.type === 'file' && stat.size <= FILE_MAX_CHARS * 4 && budget > 0) bytes = await fs.readFile(path);
    } catch (err) {
      signal.throwIfAborted();
      out.push(`${path}: not shown (${err instanceof Error ? err.message : String(err)}).`);
      continue;
    }
    if (!stat) {
      out.push(`${path}: does not exist yet.`);
      continue;
    }
    if (stat.type !== 'file') continue;
    if (bytes === undefined) {
      out.push(`${path}: ${stat.size} bytes, not shown here; use read_file.`);
      continue;
    }
    const decoded = decodeText(bytes);
    if (decoded.kind === 'binary') continue;
    const lines = decoded.text.split(/\r?\n/);
    let shown = lines.slice(0, FILE_MAX_LINES).join('\n').slice(0, Math.min(FILE_MAX_CHARS, budget));
    const partial = shown.length < decoded.text.replace(/\r\n/g, '\n').length;
    budget -= shown.length;
    if (partial) shown += `\n[… cut; ${lines.length} lines in all — use read_file for the rest]`;
    out.push(`${path} (current content):\n\`\`\`\n${shown}\n\`\`\``);
  }
  return out.length > 0 ? `Files of this task:\n\n${out.join('\n\n')}` : '';
}
