/**
 * The places an explorer relied on: the "References:" lines that end its report, as file/line
 * refs, and the report without them (the refs travel beside it, once).
 */
import type { CodeRef } from '../shared/events';

const MAX_REFS = 100;
const REF = /([A-Za-z0-9_@.\-/]+\.[A-Za-z0-9_]+|[A-Za-z0-9_@.\-/]+\/[A-Za-z0-9_@.\-]+)(?::(\d+)(?:\s*[-–]\s*(\d+))?)?/;

export function splitReferences(report: string): { text: string; refs: CodeRef[] } {
  const at = report.search(/^\s*\**References:?\**\s*$/im);
  if (at < 0) return { text: report.trim(), refs: [] };
  const refs: CodeRef[] = [];
  for (const line of report.slice(at).split('\n').slice(1)) {
    const m = REF.exec(line.replace(/^\s*[-*]\s*/, '').replace(/`/g, ''));
    if (!m || refs.length >= MAX_REFS) continue;
    const line1 = m[2] ? Number(m[2]) : undefined;
    const end = m[3] ? Number(m[3]) : undefined;
    refs.push({ path: m[1], ...(line1 ? { line: line1 } : {}), ...(line1 && end && end >= line1 ? { endLine: end } : {}) });
  }
  return { text: report.slice(0, at).trim(), refs };
}

/** `path:line-end`, as the caller reads a ref. */
export function refText(ref: CodeRef): string {
  return `${ref.path}${ref.line ? `:${ref.line}` : ''}${ref.endLine && ref.endLine !== ref.line ? `-${ref.endLine}` : ''}`;
}
