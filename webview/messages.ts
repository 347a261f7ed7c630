/**
 * The scrolling conversation. Items are keyed by object (the store mutates them in place), so an
 * update touches only the items that changed and appends the new ones; the view follows the
 * bottom unless the user scrolled up to read.
 */
import type { ChatItem, ChatState } from '../src/shared/chatState';
import type { FromWebview } from '../src/shared/protocol';
import { h, icon } from './dom';
import { createItemView, type ItemView } from './items';
import { linkTarget } from './markdown/policy';
import type { Changes } from './store';

export class MessagesView {
  readonly element = h('div', { class: 'messages', 'data-testid': 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', tabindex: 0 });
  private readonly list = h('div', { class: 'items' });
  /** Shown below the conversation while a run is going, like VS Code's own "Working…" line. */
  private readonly working = h('div', { class: 'working', 'aria-hidden': 'true', hidden: true }, icon('loading', 'codicon-modifier-spin'), h('span', {}, 'Working…'));
  private views = new Map<ChatItem, ItemView>();
  private retryNotice: Element | undefined;
  /** Whether the view follows the bottom; cleared when the user scrolls up to read. */
  private pinned = true;
  private lastScrollTop = 0;

  constructor(
    readonly welcome: HTMLElement,
    private readonly post: (message: FromWebview) => void,
  ) {
    const content = h('div', { class: 'content' }, welcome, this.list, this.working);
    this.element.append(content);
    this.element.addEventListener('click', (e) => this.onClick(e));
    this.element.addEventListener('scroll', () => this.onScroll(), { passive: true });
    // Scrolling after layout (not during render) keeps a streaming frame free of forced layouts,
    // and also catches growth that happens later: fonts, an opened card.
    new ResizeObserver(() => {
      if (this.pinned) this.scrollToBottom();
    }).observe(content);
  }

  render(chat: ChatState, changes: Changes): void {
    if (changes.chat) {
      this.pinned = true;
      this.views = new Map();
      this.list.replaceChildren(...chat.items.map((item) => this.create(item)));
    } else {
      for (const item of changes.items) this.views.get(item)?.update(item);
      if (changes.appended.length > 0) this.list.append(...changes.appended.map((item) => this.create(item)));
    }
    this.welcome.hidden = chat.items.length > 0;
    this.element.setAttribute('aria-busy', String(chat.running));
    this.working.hidden = !chat.running;
    this.showOnlyLatestRetry(chat.running);
  }

  scrollToBottom(): void {
    this.pinned = true;
    this.element.scrollTop = this.element.scrollHeight;
  }

  private onScroll(): void {
    const el = this.element;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 40) this.pinned = true;
    else if (el.scrollTop < this.lastScrollTop) this.pinned = false;
    this.lastScrollTop = el.scrollTop;
  }

  private create(item: ChatItem): HTMLElement {
    const view = createItemView(item);
    this.views.set(item, view);
    return view.element;
  }

  /** Retry re-runs the last request, so only the newest error offers it, and not during a run. */
  private showOnlyLatestRetry(running: boolean): void {
    const notices = this.list.querySelectorAll('.notice.retryable');
    const latest = notices[notices.length - 1];
    if (latest !== this.retryNotice) this.retryNotice?.classList.remove('latest');
    latest?.classList.add('latest');
    this.retryNotice = latest;
    this.list.classList.toggle('running', running);
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as Element | null;
    const link = target?.closest('a[href]');
    if (link) {
      // Never navigate inside the webview: the extension decides how to open it.
      e.preventDefault();
      const href = linkTarget(link.getAttribute('href'));
      if (href) this.post({ type: 'openLink', href });
      return;
    }
    const button = target?.closest<HTMLElement>('[data-action]');
    if (!button) return;
    switch (button.dataset.action) {
      case 'copy-code':
        void copyCode(button);
        return;
      case 'insert-code':
        this.post({ type: 'insertCode', code: codeOf(button) });
        return;
      case 'retry':
        this.post({ type: 'retry' });
        return;
      case 'change': {
        const action = button.dataset.changeAction;
        const changeId = button.closest('[data-item-id]')?.getAttribute('data-item-id');
        if (changeId && (action === 'open' || action === 'accept' || action === 'reject')) this.post({ type: 'changeAction', changeId, action });
        return;
      }
    }
  }
}

function codeOf(button: Element): string {
  return button.closest('.code-block')?.querySelector('code')?.textContent ?? '';
}

async function copyCode(button: HTMLElement): Promise<void> {
  const code = codeOf(button);
  try {
    await navigator.clipboard.writeText(code);
  } catch {
    const area = h('textarea', { class: 'offscreen' }, code);
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  const glyph = button.querySelector('.codicon');
  glyph?.classList.replace('codicon-copy', 'codicon-check');
  button.setAttribute('aria-label', 'Copied');
  setTimeout(() => {
    glyph?.classList.replace('codicon-check', 'codicon-copy');
    button.setAttribute('aria-label', 'Copy');
  }, 1500);
}
