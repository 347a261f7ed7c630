/** The history button and its drop-down list of past chats. */
import type { ChatSummary, FromWebview } from '../src/shared/protocol';
import { h, iconButton } from './dom';
import { relativeTime } from './format';

export class HistoryMenu {
  readonly button = iconButton('history', 'Chat history', { 'data-testid': 'history', 'aria-haspopup': 'true', 'aria-expanded': 'false', 'aria-controls': 'history-list' });
  readonly popup = h('div', { class: 'history-popup', id: 'history-list', role: 'menu', 'aria-label': 'Past chats', hidden: true });
  private entries: ChatSummary[] = [];
  private currentId = '';

  constructor(private readonly post: (message: FromWebview) => void) {
    this.button.addEventListener('click', () => (this.popup.hidden ? this.open() : this.close()));
    this.popup.addEventListener('click', (e) => {
      const entry = (e.target as Element).closest<HTMLElement>('[data-chat-id]');
      if (!entry?.dataset.chatId) return;
      this.close();
      this.post({ type: 'openChat', id: entry.dataset.chatId });
    });
    this.popup.addEventListener('keydown', (e) => this.onKey(e));
    document.addEventListener('mousedown', (e) => {
      if (!this.popup.hidden && !this.popup.contains(e.target as Node) && !this.button.contains(e.target as Node)) this.close(false);
    });
  }

  render(history: ChatSummary[], currentId: string): void {
    this.entries = history;
    this.currentId = currentId;
    if (!this.popup.hidden) this.fill();
  }

  private open(): void {
    this.fill();
    this.popup.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.items()[0]?.focus();
  }

  private close(focusButton = true): void {
    this.popup.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (focusButton) this.button.focus();
  }

  private fill(): void {
    const now = Date.now();
    const sorted = [...this.entries].sort((a, b) => b.updated - a.updated);
    this.popup.replaceChildren(
      ...(sorted.length === 0
        ? [h('div', { class: 'history-empty' }, 'No past chats yet.')]
        : sorted.map((c) =>
            h(
              'button',
              { type: 'button', role: 'menuitem', class: 'history-item', 'data-testid': 'history-item', 'data-chat-id': c.id, 'aria-current': c.id === this.currentId ? 'true' : undefined, title: c.title },
              h('span', { class: 'history-title' }, c.title || 'Untitled chat'),
              h('span', { class: 'history-time' }, relativeTime(c.updated, now)),
            ),
          )),
    );
  }

  private items(): HTMLElement[] {
    return Array.from(this.popup.querySelectorAll<HTMLElement>('.history-item'));
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = this.items();
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = e.key === 'ArrowDown' ? Math.min(items.length - 1, at + 1) : Math.max(0, at - 1);
    items[next]?.focus();
  }
}
