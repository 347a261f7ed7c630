/**
 * The panel's @-mentions on the VS Code side: the completion list (workspace files and folders as
 * the agent may list them), resolving a sent message's mentions from the editor, the Problems
 * view, Git and the terminal, and opening what a chip came from.
 */
import * as vscode from 'vscode';
import type { ChatController } from '../chat/controller';
import type { IgnoreFilter } from '../guards/ignore';
import { resolveWorkspacePath } from '../guards/paths';
import { listWorkspaceEntries, type WorkspaceEntry } from '../mentions/files';
import { lastCommandOutput, resolveMentions, type MentionSources, type ResolvedMention } from '../mentions/resolve';
import { suggestMentions } from '../mentions/suggest';
import type { MentionChip, MentionRef, MentionSuggestion } from '../shared/attachments';
import type { WorkspaceFs } from '../tools/types';
import { WorkspaceFolders } from './folders';
import { gitChanges } from './gitChanges';

/** How long a file listing serves completion requests: typing `@abc` asks three times. */
const LIST_FRESH_MS = 10_000;

export class MentionService {
  private listing: { at: number; entries: Promise<WorkspaceEntry[]> } | undefined;

  constructor(private readonly chat: ChatController) {}

  async suggest(query: string): Promise<MentionSuggestion[]> {
    const folders = WorkspaceFolders.current();
    if (!folders) return suggestMentions(query, []);
    if (!this.listing || Date.now() - this.listing.at > LIST_FRESH_MS) {
      const fs = folders.fs();
      const entries = folders.ignore().then((ignore) => listWorkspaceEntries(fs, ignore, AbortSignal.timeout(10_000)));
      this.listing = { at: Date.now(), entries };
      entries.catch(() => (this.listing = undefined));
    }
    return suggestMentions(query, await this.listing.entries.catch(() => []));
  }

  async resolve(refs: readonly MentionRef[]): Promise<ResolvedMention[]> {
    const folders = WorkspaceFolders.current();
    if (refs.length === 0) return [];
    if (!folders) return refs.map((ref) => ({ chip: { kind: ref.kind, label: ref.path ?? `@${ref.kind}`, detail: 'no folder is open', missing: true } }));
    return resolveMentions(refs, this.sources(folders, folders.fs(), await folders.ignore()), AbortSignal.timeout(30_000));
  }

  private sources(folders: WorkspaceFolders, fs: WorkspaceFs, ignore: IgnoreFilter): MentionSources {
    const diagnostics = folders.diagnostics();
    return {
      fs,
      ignore,
      problems: () => diagnostics.get().filter((d) => !ignore.isSensitive(d.path)),
      selection: () => {
        const editor = vscode.window.activeTextEditor;
        if (!editor || editor.selection.isEmpty) return undefined;
        const path = folders.pathOf(editor.document.uri);
        if (path === undefined || ignore.isSensitive(path)) return undefined;
        const s = editor.selection;
        return { path, startLine: s.start.line + 1, endLine: s.end.line + 1, text: editor.document.getText(s) };
      },
      // Uncommitted changes of the first folder's repository.
      changes: () => gitChanges(folders.uriOfRoot(folders.roots.roots[0])),
      terminal: async () => lastCommandOutput(this.chat.state.items) ?? (await terminalSelection()),
    };
  }

  /** Opens what a chip came from: the file (at its line), the folder in the Explorer, the Problems, Source Control or terminal view. */
  async open(chip: MentionChip): Promise<void> {
    // The chip comes from the panel: only a plain path inside the workspace is opened.
    const checked = chip.path ? resolveWorkspacePath(chip.path) : undefined;
    const target = checked?.ok ? WorkspaceFolders.current()?.uri(checked.path) : undefined;
    switch (chip.kind) {
      case 'file':
      case 'selection': {
        if (!target) return;
        const line = Math.max(0, (chip.line ?? 1) - 1);
        await vscode.window.showTextDocument(target, { selection: new vscode.Range(line, 0, line, 0) }).then(undefined, () => undefined);
        return;
      }
      case 'folder':
        if (target) await vscode.commands.executeCommand('revealInExplorer', target);
        return;
      case 'problems':
        await vscode.commands.executeCommand('workbench.actions.view.problems');
        return;
      case 'changes':
        await vscode.commands.executeCommand('workbench.view.scm');
        return;
      case 'terminal':
        await vscode.commands.executeCommand('workbench.action.terminal.focus');
        return;
    }
  }
}

/**
 * The active terminal's selection. VS Code has no API for it, so it is copied through the
 * clipboard, which is put back as it was.
 */
async function terminalSelection(): Promise<{ from: string; text: string } | undefined> {
  const terminal = vscode.window.activeTerminal;
  if (!terminal) return undefined;
  const saved = await vscode.env.clipboard.readText();
  try {
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
    const text = await vscode.env.clipboard.readText();
    return text ? { from: `selection in terminal "${terminal.name}"`, text } : undefined;
  } finally {
    await vscode.env.clipboard.writeText(saved);
  }
}
