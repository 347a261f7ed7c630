/**
 * Applies an approved change with a WorkspaceEdit: undoable with Ctrl+Z, on top of what the editor
 * holds (unsaved changes included), then saved so tasks and compilers see it. A file that no
 * longer matches what the proposal was made from is not touched.
 */
import * as vscode from 'vscode';
import type { ProposedChange } from '../tools/types';

export class StaleProposalError extends Error {}

/**
 * The text the user has now: an open editor's unsaved text, else the file on disk. A document
 * without unsaved changes can lag behind the disk for a moment (the editor reloads a file changed
 * outside it asynchronously), so for it the disk is the truth.
 */
export async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) return open.getText();
  try {
    // A BOM stays in the text, as the tools read it (`src/tools/text.ts`).
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export async function applyChange(uri: vscode.Uri, change: ProposedChange): Promise<void> {
  const now = await currentText(uri);
  if (now !== change.before) {
    throw new StaleProposalError(
      change.before === undefined
        ? `${change.path} was created by someone else after the proposal was made.`
        : `${change.path} changed after the proposal was made (perhaps edited by you); it was left as it is.`,
    );
  }
  const edit = new vscode.WorkspaceEdit();
  if (change.after === undefined) {
    edit.deleteFile(uri, { ignoreIfNotExists: true });
  } else if (change.before === undefined) {
    edit.createFile(uri, { contents: new TextEncoder().encode(change.after), overwrite: false });
  } else {
    const doc = await vscode.workspace.openTextDocument(uri);
    // The editor holds a file's BOM in its encoding, not its text: it writes it back on save.
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), change.after.replace(/^\uFEFF/, ''));
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code could not apply the change to ${change.path}.`);
  if (change.after !== undefined && change.before !== undefined) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    await doc?.save();
  }
}
