/**
 * Cuts a file into chunks along its syntax: each function, class, method or type becomes one chunk
 * named by its symbol (`Class.method`); the statements between them (imports, constants) are
 * grouped into top-level blocks. A definition too big for one chunk is split: a class into its
 * header and its members, anything else into line windows. Files without a grammar are cut into
 * overlapping line windows. Every chunk stays within MAX_LINES and MAX_CHARS.
 */
import { createHash } from 'node:crypto';
import type * as TS from '@vscode/tree-sitter-wasm';
import type { Chunk } from './types';

export const MAX_LINES = 120;
export const MAX_CHARS = 6000;
const WINDOW_LINES = 60;
const WINDOW_OVERLAP = 8;
/** Blocks of loose statements smaller than this are merged with their neighbours. */
const MIN_BLOCK_LINES = 6;

/** Node types that define a named thing, across the shipped grammars. */
const DEFINITION = /^(function_declaration|generator_function_declaration|function_definition|function_item|method_definition|method_declaration|constructor_declaration|class_declaration|abstract_class_declaration|class_definition|class|interface_declaration|enum_declaration|type_alias_declaration|module|internal_module|record_declaration|annotation_type_declaration|struct_item|enum_item|trait_item|impl_item|mod_item|macro_definition|type_declaration|decorated_definition|export_statement|lexical_declaration|variable_declaration|public_field_definition|field_definition)$/;
/** Declarations that only count as definitions when they hold a function (`const f = () => …`). */
const NEEDS_FUNCTION = new Set(['lexical_declaration', 'variable_declaration', 'public_field_definition', 'field_definition']);
const FUNCTION_VALUE = /^(arrow_function|function_expression|function|generator_function|class)$/;

export function chunkHash(path: string, symbol: string | undefined, text: string): string {
  return createHash('sha256').update(`${path}\n${symbol ?? ''}\n${text}`).digest('hex').slice(0, 32);
}

interface Span {
  start: number; // 0-based row
  end: number; // 0-based row, inclusive
  symbol?: string;
  kind: string;
}

/** Chunks of `text`; with `tree` (the file parsed by tree-sitter) along syntax, else in line windows. */
export function chunkFile(path: string, text: string, tree?: TS.Tree): Chunk[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0 || text.trim() === '') return [];
  const spans = tree ? syntaxSpans(tree.rootNode, lines) : windows(0, lines.length - 1, undefined, 'lines');
  return spans.flatMap((s) => bounded(s, lines)).map((s) => toChunk(path, lines, s)).filter((c) => c.text.trim() !== '');
}

function toChunk(path: string, lines: string[], s: Span): Chunk {
  const text = lines.slice(s.start, s.end + 1).join('\n');
  return { path, startLine: s.start + 1, endLine: s.end + 1, ...(s.symbol ? { symbol: s.symbol } : {}), kind: s.kind, text, hash: chunkHash(path, s.symbol, text) };
}

/** Line windows over rows start..end, overlapping a little so a cut never loses its context entirely. */
function windows(start: number, end: number, symbol: string | undefined, kind: string): Span[] {
  const out: Span[] = [];
  for (let s = start; s <= end; s += WINDOW_LINES - WINDOW_OVERLAP) {
    const e = Math.min(end, s + WINDOW_LINES - 1);
    out.push({ start: s, end: e, symbol, kind });
    if (e === end) break;
  }
  return out;
}

/** Spans over the limits become line windows (a minified line is cut by characters elsewhere: it is one row). */
function bounded(s: Span, lines: string[]): Span[] {
  const chars = lines.slice(s.start, s.end + 1).reduce((n, l) => n + l.length + 1, 0);
  if (s.end - s.start + 1 <= MAX_LINES && chars <= MAX_CHARS) return [s];
  if (s.start === s.end) return [s];
  const per = Math.max(1, Math.min(WINDOW_LINES, Math.floor(((s.end - s.start + 1) * MAX_CHARS) / chars)));
  const out: Span[] = [];
  for (let a = s.start; a <= s.end; a += per) out.push({ ...s, start: a, end: Math.min(s.end, a + per - 1) });
  return out;
}

function syntaxSpans(root: TS.Node, lines: string[]): Span[] {
  const spans = children(root, undefined, lines);
  // Comments and blank lines before the first node or between nodes stay with the next chunk.
  return spans.length ? spans : windows(0, lines.length - 1, undefined, 'lines');
}

/** The spans of a container's children: definitions alone, loose statements grouped. */
function children(parent: TS.Node, prefix: string | undefined, lines: string[]): Span[] {
  const out: Span[] = [];
  let block: Span | undefined;
  /** Whether the open block holds only comments (a doc comment belongs to the definition after it). */
  let onlyComments = false;
  const flush = () => {
    if (block) out.push(block);
    block = undefined;
  };
  for (const node of parent.namedChildren) {
    if (!node) continue;
    const def = definition(node);
    if (def) {
      let leading: number | undefined;
      if (block && onlyComments && block.end >= node.startPosition.row - 1) {
        leading = block.start;
        block = undefined;
      }
      flush();
      out.push(...definitionSpans(node, def, prefix, lines, leading));
      continue;
    }
    const isComment = /comment/.test(node.type);
    const start = node.startPosition.row;
    const end = node.endPosition.row;
    // A comment after statements may be the doc comment of the next definition: it starts its own block.
    if (block && (end - block.start + 1 > MAX_LINES || block.end - block.start + 1 >= MIN_BLOCK_LINES * 4 || (isComment && !onlyComments))) flush();
    onlyComments = block ? onlyComments && isComment : isComment;
    block = block ? { ...block, end: Math.max(block.end, end) } : { start, end, kind: 'block', ...(prefix ? { symbol: prefix } : {}) };
  }
  flush();
  return mergeSmallBlocks(out);
}

/** A tiny block (one import line) next to another block joins it, so chunks carry enough to embed. */
function mergeSmallBlocks(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && last.kind === 'block' && s.kind === 'block' && (last.end - last.start + 1 < MIN_BLOCK_LINES || s.end - s.start + 1 < MIN_BLOCK_LINES) && s.end - last.start + 1 <= MAX_LINES) {
      last.end = s.end;
    } else out.push({ ...s });
  }
  return out;
}

interface Definition {
  /** The node that carries the name and body (inside `export`, decorators). */
  inner: TS.Node;
  name?: string;
}

function definition(node: TS.Node): Definition | undefined {
  if (!DEFINITION.test(node.type)) return undefined;
  if (node.type === 'export_statement') {
    const inner = node.childForFieldName('declaration') ?? node.namedChildren.find((c) => c && DEFINITION.test(c.type)) ?? undefined;
    const d = inner ? definition(inner) : undefined;
    return d;
  }
  if (node.type === 'decorated_definition') {
    const inner = node.childForFieldName('definition');
    return inner ? definition(inner) : undefined;
  }
  if (NEEDS_FUNCTION.has(node.type)) {
    const declarator = node.namedChildren.find((c) => c?.type === 'variable_declarator') ?? node;
    const value = declarator.childForFieldName('value');
    if (!value || !FUNCTION_VALUE.test(value.type)) return undefined;
    return { inner: value, name: (declarator.childForFieldName('name') ?? node.childForFieldName('name'))?.text };
  }
  return { inner: node, name: nameOf(node) };
}

function nameOf(node: TS.Node): string | undefined {
  const named = node.childForFieldName('name');
  if (named) return named.text;
  if (node.type === 'impl_item') {
    const trait = node.childForFieldName('trait')?.text;
    const type = node.childForFieldName('type')?.text;
    return trait && type ? `${type} as ${trait}` : type;
  }
  if (node.type === 'type_declaration') {
    return node.namedChildren.find((c) => c?.type === 'type_spec' || c?.type === 'type_alias')?.childForFieldName('name')?.text;
  }
  return undefined;
}

/** A definition as one span, or, when too big and it has members, its header and each member. */
function definitionSpans(node: TS.Node, def: Definition, prefix: string | undefined, lines: string[], leading?: number): Span[] {
  const symbol = def.name ? (prefix ? `${prefix}.${def.name}` : def.name) : prefix;
  const start = leading ?? node.startPosition.row;
  const end = node.endPosition.row;
  const span: Span = { start, end, kind: def.inner.type, ...(symbol ? { symbol } : {}) };
  const body = def.inner.childForFieldName('body');
  const chars = lines.slice(start, end + 1).reduce((n, l) => n + l.length + 1, 0);
  if ((end - start + 1 <= MAX_LINES && chars <= MAX_CHARS) || !body || body.namedChildren.length === 0) return [span];
  const members = children(body, symbol, lines);
  const first = members[0]?.start ?? body.startPosition.row;
  const header: Span[] = first > start ? [{ start, end: first - 1, kind: def.inner.type, ...(symbol ? { symbol } : {}) }] : [];
  return [...header, ...members];
}
