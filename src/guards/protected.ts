/**
 * Files whose change can make the editor, git or a package manager run something, or that change
 * what the agent may do. They always wait for the user's approval, even in auto mode.
 */
import ignore, { type Ignore } from 'ignore';
import { z } from 'zod';
import { PACKAGE_JSON_CODE_FIELDS, PROTECTED_RULES } from './lists';

// Case-insensitive (the `ignore` default) because on Windows and macOS `.VSCode/Tasks.json` is the same file.
// One matcher per rule, tried last first, so a later, narrower rule (`.vscode/tasks.json`) gives
// its reason although an earlier folder rule (`.vscode/`) covers it too.
const defaults: Array<{ rules: Ignore; reason: string }> = PROTECTED_RULES.map((r) => ({ rules: ignore().add([...r.patterns]), reason: r.reason })).reverse();

/**
 * Why `path` (workspace-relative, `/` separators) always needs approval, or `undefined`.
 * `extraPatterns` (gitignore syntax, from settings) can only add to the built-in list.
 */
export function isProtectedPath(path: string, extraPatterns: readonly string[] = []): string | undefined {
  const p = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (p === '' || p === '.') return undefined;
  if (!ignore.isPathValid(p)) return 'this is not a plain path inside the workspace';
  const builtIn = defaults.find((d) => testFileOrFolder(d.rules, p));
  if (builtIn) return builtIn.reason;
  // Negations are dropped so that an extra pattern cannot lift a built-in protection or another extra one.
  const extras = extraPatterns.map((x) => x.trim()).filter((x) => x !== '' && !x.startsWith('#') && !x.startsWith('!'));
  const hit = extras.length > 0 ? testFileOrFolder(ignore().add(extras), p) : undefined;
  return hit ? `matches the protected pattern '${hit.pattern}' from settings` : undefined;
}

/** Folder rules (`.git/`) must also catch the bare folder name, whose kind the caller may not know. */
function testFileOrFolder(rules: Ignore, path: string): ignore.IgnoreRule | undefined {
  return rules.test(path).rule ?? rules.test(path + '/').rule;
}

const packageShape = z.record(z.string(), z.unknown());

/**
 * Whether an edit to package.json changes a field that runs code (`scripts`, hook and tool
 * settings: PACKAGE_JSON_CODE_FIELDS), which the caller treats as needing approval. Text that
 * does not parse counts as changed: we cannot tell, so we ask.
 */
export function packageJsonScriptsChanged(before: string | undefined, after: string | undefined): boolean {
  return changedCodeFields(before, after).length > 0;
}

/** The code-running fields an edit changes; `['(unreadable)']` when either side does not parse as an object. */
export function changedCodeFields(before: string | undefined, after: string | undefined): string[] {
  const a = fieldsOf(before);
  const b = fieldsOf(after);
  if (a === INVALID || b === INVALID) return ['(unreadable)'];
  return PACKAGE_JSON_CODE_FIELDS.filter((f) => canonical(Object.hasOwn(a, f) ? a[f] : undefined) !== canonical(Object.hasOwn(b, f) ? b[f] : undefined));
}

const INVALID = Symbol('invalid');

function fieldsOf(text: string | undefined): Record<string, unknown> | typeof INVALID {
  if (text === undefined || text.trim() === '') return {};
  try {
    const parsed = packageShape.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : INVALID;
  } catch {
    return INVALID;
  }
}

/** JSON with sorted keys, so reordering scripts is not a change but any value change is. */
function canonical(value: unknown): string {
  // An empty object (`"scripts": {}`) runs nothing, the same as none at all.
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
 * is protected only when a field that runs code changes (other edits, like adding a dependency,
 * are not).
 */
export function changeProtection(change: { path: string; before: string | undefined; after: string | undefined }, extraPatterns: readonly string[] = []): string | undefined {
  const p = change.path.replace(/\\/g, '/');
  if (/(^|\/)package\.json$/i.test(p) && !extraPatterns.some((x) => x.trim() === p)) {
    const fields = changedCodeFields(change.before, change.after);
    return fields.length > 0 ? `it changes package.json ${fields.join(', ')}, which can run code on install, build, test or commit` : undefined;
  }
  return isProtectedPath(p, extraPatterns);
}
