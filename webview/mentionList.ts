/**
 * The completion list that opens when `@` is typed in the input: it asks the extension for what
 * matches the text after `@` as it is typed, and is driven by the keyboard (arrows, Enter or Tab
 * to pick, Escape to close) and the mouse. Picking replaces `@query` with the mention's text.
 */
import type { MentionRef, MentionSuggestion } from '../src/shared/attachments';
import type { FromWebview } from '../src/shared/protocol';
import { h, icon } from './dom';

const ICONS: Record<MentionSuggestion['kind'], string> = { file: 'file', folder: 'folder', problems: 'warning', selection: 'selection', changes: 'git-compare', terminal: 'terminal' };

/** The `@query` that ends at `caret`, if the caret is in one. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const m = /(?:^|\s)@([^\s@]*)$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[1].length - 1, query: m[1] } : undefined;
}

export class MentionList {
  readonly element = h('div', { class: 'mention-list', role: 'listbox', 'data-testid': 'mention-list', 'aria-label': 'Mentions', hidden: true });
  /** Insert text → mention, for every item picked since the input was last cleared. */
  readonly picked = new Map<string, MentionRef>();
  private items: MentionSuggestion[] = [];
  private active = 0;
  private queryId = 0;
  private open: { start: number; query: string } | undefined;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly post: (message: FromWebview) => void,
    private readonly onPicked: () => void,
  ) {
    this.input.setAttribute('aria-autocomplete', 'list');
    // Picked on mousedown, so the input keeps the focus and the caret.
    this.element.addEventListener('mousedown', (e) => {
      const row = (e.target as Element | null)?.closest<HTMLElement>('[data-index]');
      if (!row) return;
      e.preventDefault();
      this.pick(Number(row.dataset.index));
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  /** After every input or caret move: opens, narrows or closes the list. */
  update(): void {
    const at = mentionAt(this.input.value, this.input.selectionStart ?? this.input.value.length);
    if (!at) return this.close();
    if (this.open && this.open.start === at.start && this.open.query === at.query) return;
    this.open = at;
    this.post({ type: 'mentionQuery', queryId: ++this.queryId, query: at.query });
  }

  /** The extension's answer; an answer to an older query is dropped. */
  show(queryId: number, items: MentionSuggestion[]): void {
    if (queryId !== this.queryId || !this.open) return;
    this.items = items;
    this.active = 0;
    this.render();
  }

  /** Keys while the list is open; true when the key was the list's (not the input's). */
  key(e: KeyboardEvent): boolean {
    if (!this.isOpen) return false;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        const n = this.items.length;
        this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
        this.render();
        return true;
      }
      case 'Enter':
      case 'Tab':
        this.pick(this.active);
        return true;
      case 'Escape':
        this.close();
        return true;
    }
    return false;
  }

  close(): void {
    this.open = undefined;
    this.items = [];
    this.element.hidden = true;
    this.input.removeAttribute('aria-activedescendant');
  }

  private pick(index: number): void {
    const item = this.items[index];
    const at = this.open;
    if (!item || !at) return;
    const value = this.input.value;
    const end = at.start + 1 + at.query.length;
    const after = value.slice(end);
    const insert = after.startsWith(' ') ? item.insert : `${item.insert} `;
    this.input.value = value.slice(0, at.start) + insert + after;
    const caret = at.start + insert.length + (after.startsWith(' ') ? 1 : 0);
    this.input.setSelectionRange(caret, caret);
    const path = item.kind === 'file' || item.kind === 'folder' ? item.insert.slice(1).replace(/\/$/, '') : undefined;
    this.picked.set(item.insert, { kind: item.kind, ...(path ? { path } : {}) });
    this.close();
    this.onPicked();
  }

  private render(): void {
    this.element.hidden = false;
    if (this.items.length === 0) {
      this.element.replaceChildren(h('div', { class: 'mention-empty' }, 'Nothing matches'));
      return;
    }
    this.element.replaceChildren(
      ...this.items.map((item, i) =>
        h(
          'div',
          { class: i === this.active ? 'mention-item active' : 'mention-item', role: 'option', id: `mention-${i}`, 'aria-selected': String(i === this.active), 'data-index': i, 'data-testid': 'mention-item', 'data-kind': item.kind },
          icon(ICONS[item.kind]),
          h('span', { class: 'mention-label' }, item.label),
          item.detail ? h('span', { class: 'mention-detail' }, item.detail) : undefined,
        ),
      ),
    );
    this.input.setAttribute('aria-activedescendant', `mention-${this.active}`);
    this.element.querySelector('.active')?.scrollIntoView({ block: 'nearest' });
  }
}
