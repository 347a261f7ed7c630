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
  /** Normalised text after the frozen part: all that is lexed again. */
  private open = '';
  private frozenChars = 0;
  /** Everything fed so far, unnormalised, for `update`'s check; never read on the `append` path. */
  private seen = '';
  /** The last delta ended in "\r": a "\n" starting the next one belongs to the same line break. */
  private pendingCr = false;

  constructor(private readonly lex: Lexer) {}

  /** Length of the (normalised) text that is frozen so far. */
  get frozenLength(): number {
    return this.frozenChars;
  }

  /**
   * Feeds the next piece of the answer. Touches only the delta and the open blocks, never the
   * whole text: reading a long string that grew by `+=` makes the engine copy all of it.
   */
  append(delta: string): BlockUpdate {
    this.seen += delta;
    return this.advance(this.normaliseDelta(delta), false);
  }

  /**
   * Feeds the whole answer so far (not a delta). Costs a comparison with what was fed before;
   * starts over when the text does not extend it.
   */
  update(fullText: string): BlockUpdate {
    if (fullText.startsWith(this.seen)) return this.append(fullText.slice(this.seen.length));
    this.clear();
    this.seen = fullText;
    return this.advance(this.normaliseDelta(fullText), true);
  }

  /** Forget everything (a new text that does not extend the old one). */
  clear(): void {
    this.open = '';
    this.frozenChars = 0;
    this.seen = '';
    this.pendingCr = false;
  }

  private normaliseDelta(delta: string): string {
    if (delta === '') return '';
    const text = this.pendingCr && delta.startsWith('\n') ? delta.slice(1) : delta;
    this.pendingCr = delta.endsWith('\r');
    return normaliseNewlines(text);
  }

  private advance(added: string, reset: boolean): BlockUpdate {
    const text = this.open + added;
    const tokens = this.lex(text);
    const openAt = openIndex(tokens);
    const frozen: FrozenBlock[] = [];
    let offset = 0;
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
    this.open = text.slice(offset);
    this.frozenChars += offset;
    return { reset, frozen, tail: tokens.slice(i) };
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
  if (closedFence(tokens, last)) return tokens.length;
  if (firstLineComplete(tokens[last].raw)) return last;
  if (contentful.length < 2) return 0;
  const before = contentful[contentful.length - 2];
  return closedFence(tokens, before) ? last : before;
}

/**
 * Nothing after a closing fence can change the code block: final once that line is complete
 * (its line break is in the block's source, or begins the next token's).
 */
function closedFence(tokens: Token[], i: number): boolean {
  return fence(tokens[i]) === 'closed' && (tokens[i].raw.endsWith('\n') || i + 1 < tokens.length);
}

function firstLineComplete(raw: string): boolean {
  return /\S[^\n]*\n/.test(raw);
}

/**
 * Whether a token is a fenced code block still waiting for its closing fence ("open"), one that
 * has it ("closed"), or something else (undefined). Looks at the first and last lines only.
 */
export function fence(token: Token): 'open' | 'closed' | undefined {
  if (token.type !== 'code') return undefined;
  const opening = /^ {0,3}(`{3,}|~{3,})/.exec(token.raw)?.[1];
  if (opening === undefined) return undefined;
  const body = token.raw.endsWith('\n') ? token.raw.slice(0, -1) : token.raw;
  const lastBreak = body.lastIndexOf('\n');
  if (lastBreak < 0) return 'open';
  const lastLine = body.slice(lastBreak + 1);
  const closing = new RegExp(`^ {0,3}${opening[0] === '`' ? '`' : '~'}{${opening.length},}[ \\t]*$`);
  return closing.test(lastLine) ? 'closed' : 'open';
}
