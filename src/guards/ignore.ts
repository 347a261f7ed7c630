/**
 * What the agent leaves out of listings, and what it refuses to read or write at all.
 *
 * Two separate rule sets, because they answer different questions: `.gitignore` (plus
 * `node_modules/`, `.git/`) only keeps listings and summaries short, and a user may still ask
 * for such a file; the sensitive set (built-in defaults plus `.agentignore`) is a hard refusal.
 * `.agentignore` rules come after the defaults, so a negation there (`!.env.example`) can loosen
 * one. The built-in sensitive list lives in ./lists.ts.
 */
import ignore, { type Ignore } from 'ignore';
import { SENSITIVE_RULES } from './lists';

/** Left out of listings even without a `.gitignore`. */
const HIDDEN_DEFAULTS: ReadonlyArray<readonly [pattern: string, reason: string]> = [
  ['node_modules/', 'installed packages are left out of listings'],
  ['.git/', "git's own data is left out of listings"],
];

const DEFAULT_MARK = 'default:';
const AGENTIGNORE_MARK = 'agentignore';
const GITIGNORE_MARK = 'gitignore';
const INVALID_MARK = 'invalid';
const ROOT = '.';

export interface IgnoreSources {
  /** Text of the workspace's root `.gitignore`, if any. */
  gitignore?: string;
  /** Text of the workspace's root `.agentignore`, if any. */
  agentignore?: string;
}

/** Where a workspace path lies in a multi-root workspace: its folder's filter and the path inside the folder. */
export type FolderRoute = (path: string) => { filter: IgnoreFilter; rel: string } | undefined;

export class IgnoreFilter {
  private constructor(
    private readonly hidden: Ignore,
    private readonly sensitive: Ignore,
    /** Set for a multi-root workspace: each path is judged by its own folder's rules. */
    private readonly route?: FolderRoute,
    private readonly unknown?: (path: string) => string,
  ) {}

  /**
   * The rules of a multi-root workspace: `route` names the folder a path lies in (with that
   * folder's own filter, built from its own ignore files) and the path inside it. A path naming
   * no folder is sensitive (fail closed); the workspace top (`.`) is neither hidden nor sensitive.
   */
  static perFolder(route: FolderRoute, unknown?: (path: string) => string): IgnoreFilter {
    return new IgnoreFilter(ignore(), ignore(), route, unknown);
  }

  /** The filter and folder-relative path that judge `path`: itself and `path` outside a multi-root workspace. */
  scope(path: string): { filter: IgnoreFilter; rel: string } | undefined {
    if (!this.route) return { filter: this, rel: path };
    const p = clean(path);
    return p === undefined || p === ROOT ? undefined : this.route(p);
  }

  static create(sources: IgnoreSources = {}): IgnoreFilter {
    const sensitive = ignore();
    SENSITIVE_RULES.forEach(({ patterns }, i) => sensitive.add(patterns.map((pattern) => ({ pattern, mark: DEFAULT_MARK + i }))));
    sensitive.add(rules(sources.agentignore, AGENTIGNORE_MARK));
    const hidden = ignore();
    HIDDEN_DEFAULTS.forEach(([pattern], i) => hidden.add({ pattern, mark: DEFAULT_MARK + i }));
    hidden.add(rules(sources.gitignore, GITIGNORE_MARK));
    return new IgnoreFilter(hidden, sensitive);
  }

  /** Left out of listings and summaries. Pass `isDirectory` for folders, so `dist/`-style rules apply. */
  isHidden(path: string, isDirectory = false): boolean {
    if (this.route) {
      const s = this.scope(path);
      return s ? s.filter.isHidden(s.rel, isDirectory) : false;
    }
    return this.hiddenRule(path, isDirectory) !== undefined;
  }

  /** Never read or written by the agent. */
  isSensitive(path: string): boolean {
    if (this.route) {
      if (clean(path) === ROOT) return false;
      const s = this.scope(path);
      return s ? s.filter.isSensitive(s.rel) : true;
    }
    return this.sensitiveRule(path) !== undefined;
  }

  /** Why a path is sensitive (or else hidden), in words for the model and the user; `undefined` if neither. */
  why(path: string, isDirectory = false): string | undefined {
    if (this.route) {
      if (clean(path) === ROOT) return undefined;
      const s = this.scope(path);
      return s ? s.filter.why(s.rel, isDirectory) : (this.unknown?.(path) ?? 'this is not a path inside one of the workspace folders');
    }
    const sensitive = this.sensitiveRule(path);
    if (sensitive) return explain(sensitive, '.agentignore', (i) => SENSITIVE_RULES[i].reason);
    const hidden = this.hiddenRule(path, isDirectory);
    if (hidden) return explain(hidden, '.gitignore', (i) => HIDDEN_DEFAULTS[i][1]);
    return undefined;
  }

  private hiddenRule(path: string, isDirectory: boolean): ignore.IgnoreRule | undefined {
    const p = clean(path);
    if (p === undefined || p === ROOT) return undefined;
    return this.hidden.test(isDirectory ? p + '/' : p).rule;
  }

  /**
   * A path is tested both as a file and as a folder: the caller may not know which it is yet
   * (a write that creates it), and `.ssh/` must also cover a bare `.ssh`.
   */
  private sensitiveRule(path: string): ignore.IgnoreRule | undefined {
    const p = clean(path);
    if (p === ROOT) return undefined;
    // Fail closed: such paths should have been refused by resolveWorkspacePath already.
    if (p === undefined) return { pattern: '', mark: INVALID_MARK, negative: false };
    const asFile = this.sensitive.test(p);
    if (asFile.ignored || asFile.unignored) return asFile.rule; // a `!` rule that lifts the file settles it
    return this.sensitive.test(p + '/').rule;
  }
}

function rules(text: string | undefined, mark: string): ignore.PatternParams[] {
  if (!text) return [];
  return text.split(/\r?\n/).map((pattern) => ({ pattern, mark }));
}

function explain(rule: ignore.IgnoreRule, file: string, reasonOf: (index: number) => string): string {
  if (rule.mark === INVALID_MARK) return 'this is not a plain path inside the workspace';
  if (rule.mark?.startsWith(DEFAULT_MARK)) return reasonOf(Number(rule.mark.slice(DEFAULT_MARK.length)));
  return `matches ${file} pattern '${rule.pattern.trim()}'`;
}

/** The `ignore` package wants plain relative paths: `ROOT` for the root, `undefined` for anything else it cannot take. */
function clean(path: string): string | undefined {
  const p = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (p === '' || p === '.') return ROOT;
  return ignore.isPathValid(p) ? p : undefined;
}
