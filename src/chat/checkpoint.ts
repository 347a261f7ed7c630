/**
 * What a run changed, as the originals of every file it touched: enough to put the workspace back
 * ("Revert this run") — restore edited files, delete created ones, recreate deleted ones.
 */
import { decodeText } from '../tools/text';
import type { ProposedChange, WorkspaceFs } from '../tools/types';

export class Checkpoint {
  /** path → original text (`undefined`: the file did not exist before the run). */
  private readonly originals = new Map<string, string | undefined>();
  /** path → the text the run left there (`undefined`: it deleted the file). */
  private readonly left = new Map<string, string | undefined>();

  /** Called for each change once it is applied. */
  record(change: ProposedChange): void {
    if (!this.originals.has(change.path)) this.originals.set(change.path, change.before);
    this.left.set(change.path, change.after);
  }

  get paths(): string[] {
    return [...this.originals.keys()];
  }

  get isEmpty(): boolean {
    return this.originals.size === 0;
  }

  /**
   * Restores every recorded file that still holds what the run left; a file changed since (by
   * the user, most likely) is left alone and named, so reverting never throws work away.
   * Returns the paths it did not restore, with why; those stay recorded.
   */
  async revert(fs: WorkspaceFs): Promise<string[]> {
    const problems: string[] = [];
    for (const [path, original] of this.originals) {
      try {
        if ((await currentText(fs, path)) !== this.left.get(path)) {
          problems.push(`${path}: changed since the run, so it was left as it is`);
          continue;
        }
        if (original === undefined) await fs.delete(path);
        else if (this.left.get(path) !== original) await fs.writeFile(path, new TextEncoder().encode(original));
        this.originals.delete(path);
        this.left.delete(path);
      } catch (err) {
        problems.push(`${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return problems;
  }
}

/** The file's text as the tools read it (a BOM kept), or undefined when it is gone or not text. */
async function currentText(fs: WorkspaceFs, path: string): Promise<string | undefined> {
  if ((await fs.stat(path))?.type !== 'file') return undefined;
  const decoded = decodeText(await fs.readFile(path));
  return decoded.kind === 'text' ? decoded.text : undefined;
}
