/**
 * Splits a streaming Markdown answer into frozen blocks and one open tail, so each new chunk costs
 * a re-parse of the last block only, not of the whole answer. Pure: runs under plain Node.
 */
import type { Token } from 'marked';

/** A finished top-level block: its source and the tokens that render it. */
export interface FrozenBlock {
  raw: string;
  tokens: Token[];
}

export interface BlockUpdate {
  /** The text no longer extends what was frozen: throw away every rendered block and start over. */
  reset: boolean;
  /** Blocks that became final with this update, in order. They never change afterwards. */
  frozen: FrozenBlock[];
  /** Tokens of the still-open rest of the text (re-rendered on every update). */
  tail: Token[];
}

export type Lexer = (src: string) => Token[];

/** Marked keeps CRLF out of token sources, so offsets only add up on normalised text. */
export function normaliseNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * A block is final once the next block's first line is complete: before that, the next line can
 * still turn out to continue it (a list item's indented paragraph, a setext underline, a table's
 * delimiter row). Known gap: a link reference definition that arrives after a frozen block does
 * not reach it, which models practically never write.
 */
export class MarkdownBlocks {
  private frozenText = '';

  constructor(private readonly lex: Lexer) {}

  /** Length of the text that is frozen so far. */
  get frozenLength(): number {
    return this.frozenText.length;
  }

  /** Feeds the whole answer so far (not a delta) and returns what to render. */
  update(fullText: string): BlockUpdate {
    const text = normaliseNewlines(fullText);
    let reset = false;
    if (!text.startsWith(this.frozenText)) {
      this.frozenText = '';
      reset = true;
    }
    const tokens = this.lex(text.slice(this.frozenText.length));
    const openAt = openIndex(tokens);
    const frozen: FrozenBlock[] = [];
    let offset = this.frozenText.length;
    let current: FrozenBlock | undefined;
    let i = 0;
    for (; i < openAt; i++) {
      const token = tokens[i];
      // Offsets must match the source exactly; if marked ever rewrote a raw, keep the rest open.
      if (text.slice(offset, offset + token.raw.length) !== token.raw) break;
      offset += token.raw.length;
      if (token.type === 'space' && current) {
        current.raw += token.raw;
        current.tokens.push(token);
      } else {
        current = { raw: token.raw, tokens: [token] };
        frozen.push(current);
      }
    }
    this.frozenText = text.slice(0, offset);
    return { reset, frozen, tail: tokens.slice(i) };
  }

  /** Forget everything (a new text that does not extend the old one). */
  clear(): void {
    this.frozenText = '';
  }
}

/** Index of the first token that must stay open; everything before it is final. */
function openIndex(tokens: Token[]): number {
  const contentful: number[] = [];
  tokens.forEach((t, i) => {
    if (t.type !== 'space') contentful.push(i);
  });
  if (contentful.length === 0) return 0;
  const last = contentful[contentful.length - 1];
  if (firstLineComplete(tokens[last].raw)) return last;
  return contentful.length >= 2 ? contentful[contentful.length - 2] : 0;
}

function firstLineComplete(raw: string): boolean {
  return /\S[^\n]*\n/.test(raw);
}
