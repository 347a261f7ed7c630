/**
 * What a run changed, as the originals of every file it touched: enough to put the workspace back
 * ("Revert this run") — restore edited files, delete created ones, recreate deleted ones.
 */
import type { ProposedChange, WorkspaceFs } from '../tools/types';

export class Checkpoint {
  /** path → original text (`undefined`: the file did not exist before the run). */
  private readonly originals = new Map<string, string | undefined>();

  record(change: ProposedChange): void {
    if (!this.originals.has(change.path)) this.originals.set(change.path, change.before);
  }

  get paths(): string[] {
    return [...this.originals.keys()];
  }

  get isEmpty(): boolean {
    return this.originals.size === 0;
  }

  /** Restores every recorded file; returns the paths it could not restore, with why. */
  async revert(fs: WorkspaceFs): Promise<string[]> {
    const problems: string[] = [];
    for (const [path, original] of this.originals) {
      try {
        if (original === undefined) {
          if (await fs.stat(path)) await fs.delete(path);
        } else {
          await fs.writeFile(path, new TextEncoder().encode(original));
        }
      } catch (err) {
        problems.push(`${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (problems.length === 0) this.originals.clear();
    return problems;
  }
}
