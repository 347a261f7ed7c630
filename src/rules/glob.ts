/**
 * The `applyTo` globs of `.github/instructions/*.instructions.md`, matched against
 * workspace-relative paths with `/` separators. A small subset of glob syntax, enough for what
 * these files use: `**` (any folders), `*` and `?` (within one name), `{a,b}` (alternatives).
 * A pattern without a `/` matches a file's name in any folder (`*.ts` is `**\/*.ts`), as most
 * people mean it. Several patterns may be given separated by commas.
 */

/** The patterns of an `applyTo` value: comma-separated, outside braces; blanks dropped. */
export function splitPatterns(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '{') depth++;
    if (ch === '}') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((p) => p.trim().replace(/^\.\//, '')).filter((p) => p !== '');
}

/** A regular expression for one pattern, anchored at both ends. */
export function globToRegExp(pattern: string): RegExp {
  const base = pattern.includes('/') ? pattern.replace(/^\/+/, '') : `**/${pattern}`;
  let out = '';
  let braces = 0;
  for (let i = 0; i < base.length; i++) {
    const ch = base[i];
    if (ch === '*' && base[i + 1] === '*') {
      const slashAfter = base[i + 2] === '/';
      const atStart = i === 0 || base[i - 1] === '/';
      if (atStart && slashAfter) {
        out += '(?:[^/]*/)*';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      braces++;
      out += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (ch === ',' && braces > 0) out += '|';
    else out += ch.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  // An unclosed brace matches nothing rather than throwing.
  if (braces > 0) return /^(?!)$/;
  return new RegExp(`^${out}$`);
}

/** Whether any of the `applyTo` patterns matches the path. */
export function matchesApplyTo(patterns: readonly string[], path: string): boolean {
  return patterns.some((p) => globToRegExp(p).test(path));
}

/** `**`, `**\/*` and the like: patterns that match every file, so the rules belong with the root's. */
export function appliesEverywhere(patterns: readonly string[]): boolean {
  return patterns.some((p) => /^(\*\*\/?)+\*?$/.test(p) || p === '*');
}
