/**
 * Files whose change can make the editor, git or a package manager run something, or that change
 * what the agent may do. They always wait for the user's approval, even in auto mode.
 */
import ignore, { type Ignore } from 'ignore';
import { z } from 'zod';

const PROTECTED: ReadonlyArray<readonly [patterns: string[], reason: string]> = [
  [['.vscode/settings.json', '*.code-workspace'], 'workspace settings can change which programs the editor and its extensions run'],
  [['.vscode/tasks.json'], 'tasks run shell commands'],
  [['.vscode/launch.json'], 'launch configurations run programs'],
  [['.vscode/mcp.json', '.mcp.json'], 'MCP configuration starts servers, which are programs'],
  [['.git/'], 'git hooks and git config can run programs'],
  [['package.json'], 'package.json scripts run on install, build and test'],
  [['.npmrc'], 'npm configuration can change where packages come from and what runs on install'],
  [['.agentignore'], '.agentignore decides which files the agent may read'],
];

// Case-insensitive (the `ignore` default) because on Windows and macOS `.VSCode/Tasks.json` is the same file.
const defaults: Ignore = ignore();
PROTECTED.forEach(([patterns], i) => defaults.add(patterns.map((pattern) => ({ pattern, mark: String(i) }))));

/**
 * Why `path` (workspace-relative, `/` separators) always needs approval, or `undefined`.
 * `extraPatterns` (gitignore syntax, from settings) can only add to the built-in list.
 */
export function isProtectedPath(path: string, extraPatterns: readonly string[] = []): string | undefined {
  const p = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (p === '' || p === '.') return undefined;
  if (!ignore.isPathValid(p)) return 'this is not a plain path inside the workspace';
  const rule = testFileOrFolder(defaults, p);
  if (rule) return PROTECTED[Number(rule.mark)][1];
  // Negations are dropped so that an extra pattern cannot lift a built-in protection or another extra one.
  const extras = extraPatterns.map((x) => x.trim()).filter((x) => x !== '' && !x.startsWith('#') && !x.startsWith('!'));
  const hit = extras.length > 0 ? testFileOrFolder(ignore().add(extras), p) : undefined;
  return hit ? `matches the protected pattern '${hit.pattern}' from settings` : undefined;
}

/** Folder rules (`.git/`) must also catch the bare folder name, whose kind the caller may not know. */
function testFileOrFolder(rules: Ignore, path: string): ignore.IgnoreRule | undefined {
  return rules.test(path).rule ?? rules.test(path + '/').rule;
}

const scriptsShape = z.object({ scripts: z.unknown().optional() }).loose();

/**
 * Whether an edit to package.json changes its `scripts`, which the caller treats as needing
 * approval. Text that does not parse counts as changed: we cannot tell, so we ask.
 */
export function packageJsonScriptsChanged(before: string | undefined, after: string | undefined): boolean {
  const a = scriptsOf(before);
  const b = scriptsOf(after);
  if (a === INVALID || b === INVALID) return true;
  return canonical(a) !== canonical(b);
}

const INVALID = Symbol('invalid');

function scriptsOf(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const parsed = scriptsShape.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.scripts : INVALID;
  } catch {
    return INVALID;
  }
}

/** JSON with sorted keys, so reordering scripts is not a change but any value change is. */
function canonical(value: unknown): string {
  // An empty `scripts` object runs nothing, the same as none at all.
  if (value === undefined || (isPlainObject(value) && Object.keys(value).length === 0)) return 'undefined';
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Why a proposed change must wait for the user even in auto mode, or `undefined`. A package.json
 * is protected only when its `scripts` change (other edits, like adding a dependency, are not).
 */
export function changeProtection(change: { path: string; before: string | undefined; after: string | undefined }, extraPatterns: readonly string[] = []): string | undefined {
  const p = change.path.replace(/\\/g, '/');
  if (/(^|\/)package\.json$/i.test(p) && !extraPatterns.some((x) => x.trim() === p)) {
    return packageJsonScriptsChanged(change.before, change.after) ? 'it changes package.json scripts, which run on install, build and test' : undefined;
  }
  return isProtectedPath(p, extraPatterns);
}
