/**
 * The scrolling conversation. Items are keyed by object (the store mutates them in place), so an
 * update touches only the items that changed and appends the new ones; the view follows the
 * bottom unless the user scrolled up to read.
 */
import { MentionChip } from '../src/shared/attachments';
import type { ChatItem, ChatState } from '../src/shared/chatState';
import type { FromWebview, PanelInfo } from '../src/shared/protocol';
import { h, icon } from './dom';
import { createItemView, type ItemContext, type ItemView } from './items';
import { linkTarget } from './markdown/policy';
import type { Changes } from './store';

export class MessagesView {
  readonly element = h('div', { class: 'messages', 'data-testid': 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', tabindex: 0 });
  private readonly list = h('div', { class: 'items' });
  /** Shown below the conversation while a run is going, like VS Code's own "Working…" line. */
  private readonly working = h('div', { class: 'working', 'aria-hidden': 'true', hidden: true }, icon('loading', 'codicon-modifier-spin'), h('span', {}, 'Working…'));
  private views = new Map<ChatItem, ItemView>();
  /**
   * Tool cards by call id, wherever they are drawn (a subagent's card holds some): an explorer's
   * card is drawn in place of the `explore` card it works for.
   */
  private tools = new Map<string, HTMLElement>();
  private readonly context: ItemContext = { approvalMode: 'ask', child: (item) => this.create(item) };
  /**
   * The newest retryable error and the newest run end: only they offer Retry and Keep / Undo
   * (CSS hides the others). Tracked as items are created, so a frame never searches the DOM.
   */
  private latest: { retry?: HTMLElement; runEnd?: HTMLElement } = {};
  /** Whether the view follows the bottom; cleared when the user scrolls up to read. */
  private pinned = true;
  private lastScrollTop = 0;

  constructor(
    readonly welcome: HTMLElement,
    private readonly post: (message: FromWebview) => void,
    /** Puts a next-step suggestion in the composer. */
    private readonly fill: (text: string) => void = () => undefined,
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

  render(chat: ChatState, changes: Changes, info: PanelInfo): void {
    const modeChanged = info.approvalMode !== this.context.approvalMode;
    this.context.approvalMode = info.approvalMode;
    if (changes.chat) {
      this.pinned = true;
      this.views = new Map();
      this.tools = new Map();
      this.latest = {};
      this.list.replaceChildren();
      this.add(chat.items);
    } else {
      if (modeChanged) for (const [item, view] of this.views) if (item.kind === 'runEnd') view.update(item);
      for (const item of changes.items) this.views.get(item)?.update(item, changes.streamed.get(item));
      if (changes.appended.length > 0) this.add(changes.appended);
    }
    this.welcome.hidden = chat.items.length > 0;
    this.element.setAttribute('aria-busy', String(chat.running));
    this.working.hidden = !chat.running;
    // Retry and Keep / Undo act on the last run: not offered while another one is going.
    this.list.classList.toggle('running', chat.running);
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

  /**
   * Appends new items to the list, except a subagent that works for a tool call: its card takes
   * the place of that call's card (which CSS hides, since the card says the same and more).
   */
  private add(items: readonly ChatItem[]): void {
    const loose: HTMLElement[] = [];
    for (const item of items) {
      const element = this.create(item);
      const parent = item.kind === 'subagent' && item.parentCallId !== undefined ? this.tools.get(item.parentCallId) : undefined;
      // The call may have come in the same batch: in the list first, then the card after it.
      if (parent) this.list.append(...loose.splice(0));
      if (!parent?.isConnected) {
        loose.push(element);
        continue;
      }
      parent.classList.add('has-agent');
      parent.after(element);
    }
    this.list.append(...loose);
  }

  private create(item: ChatItem): HTMLElement {
    const view = createItemView(item, this.context);
    this.views.set(item, view);
    if (item.kind === 'tool') this.tools.set(item.id, view.element);
    // Items arrive in order, so the one created last is the newest of its kind.
    if (item.kind === 'notice' && item.retryable) this.markLatest('retry', view.element);
    // Retry resends the latest request: once another one is sent, an older failure's Retry is stale.
    if (item.kind === 'user') this.clearLatest('retry');
    if (item.kind === 'runEnd') this.markLatest('runEnd', view.element);
    return view.element;
  }

  private markLatest(kind: 'retry' | 'runEnd', element: HTMLElement): void {
    this.clearLatest(kind);
    element.classList.add('latest');
    this.latest[kind] = element;
  }

  private clearLatest(kind: 'retry' | 'runEnd'): void {
    this.latest[kind]?.classList.remove('latest');
    this.latest[kind] = undefined;
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
      case 'fill':
        if (button.dataset.text) this.fill(button.dataset.text);
        return;
      case 'open-rules': {
        const path = button.dataset.path;
        this.post(path ? { type: 'openRules', path } : { type: 'openRules' });
        return;
      }
      case 'mention': {
        let chip: unknown;
        try {
          chip = JSON.parse(button.dataset.mention ?? '');
        } catch {
          return;
        }
        const parsed = MentionChip.safeParse(chip);
        if (parsed.success && !parsed.data.missing) this.post({ type: 'openMention', mention: parsed.data });
        return;
      }
      case 'change': {
        const action = button.dataset.changeAction;
        const changeId = button.closest('[data-item-id]')?.getAttribute('data-item-id');
        if (changeId && (action === 'open' || action === 'accept' || action === 'reject')) this.post({ type: 'changeAction', changeId, action });
        return;
      }
      case 'open-ref': {
        const href = button.dataset.href;
        if (href) this.post({ type: 'openLink', href });
        return;
      }
      case 'dismiss-review': {
        const reviewId = button.closest('[data-item-id]')?.getAttribute('data-item-id');
        if (reviewId) this.post({ type: 'dismissReview', reviewId });
        return;
      }
      case 'run': {
        const action = button.dataset.runAction;
        const runId = button.closest('[data-run-id]')?.getAttribute('data-run-id');
        if (runId && (action === 'revert' || action === 'keep')) this.post({ type: 'runAction', runId, action });
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
  button.title = 'Copied';
  setTimeout(() => {
    glyph?.classList.replace('codicon-check', 'codicon-copy');
    button.setAttribute('aria-label', 'Copy');
    button.title = 'Copy';
  }, 1500);
}
