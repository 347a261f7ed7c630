/** Lays out the panel and renders the store's changes into it (on each message the extension sends). */
import type { FromWebview } from '../src/shared/protocol';
import { Composer, type DraftStore } from './composer';
import { h, icon, iconButton, setText, textButton } from './dom';
import { HistoryMenu } from './history';
import { MessagesView } from './messages';
import type { ChatStore } from './store';

export class Panel {
  private readonly title = h('span', { class: 'chat-title' });
  private readonly history: HistoryMenu;
  private readonly banner = h('div', { class: 'banner', 'data-testid': 'offline-banner', role: 'note', hidden: true }, icon('beaker'), h('span', {}, 'Offline demo: answers come from a local emulator, not Gemini'));
  /** One "Set API key" button, moved between the welcome page and the top bar so its test id stays unique. */
  private readonly setKey = textButton('Set API key', { 'data-testid': 'set-key' }, 'key');
  private readonly keyBar = h('div', { class: 'banner warning', role: 'note', hidden: true }, icon('key'), h('span', {}, 'No Gemini API key is set.'));
  private readonly welcome = h('div', { class: 'welcome' });
  private readonly messages: MessagesView;
  readonly composer: Composer;

  constructor(root: HTMLElement, post: (message: FromWebview) => void, draft: DraftStore) {
    this.history = new HistoryMenu(post);
    this.messages = new MessagesView(this.welcome, post, (text) => this.composer.fill(text));
    this.composer = new Composer(post, draft, () => this.messages.scrollToBottom());
    const newChat = iconButton('add', 'New chat', { 'data-testid': 'new-chat' });
    newChat.addEventListener('click', () => {
      post({ type: 'newChat' });
      this.composer.input.focus();
    });
    this.setKey.addEventListener('click', () => post({ type: 'setKey' }));
    const header = h('div', { class: 'header' }, this.title, h('span', { class: 'spacer' }), this.history.button, newChat);
    root.replaceChildren(h('div', { class: 'panel' }, header, this.history.popup, this.banner, this.keyBar, this.messages.element, this.composer.element));
  }

  render(store: ChatStore): void {
    const { chat, info } = store;
    const changes = store.take();
    if (!chat || !info) return;
    if (changes.chat || changes.status) setText(this.title, chat.items.length > 0 ? chat.title : '');
    if (changes.chat || changes.info) {
      this.banner.hidden = !info.offlineDemo;
      this.history.render(info.history, chat.id);
    }
    if (changes.chat || changes.info || changes.appended.length > 0) this.renderKeyPrompt(!info.hasKey, chat.items.length === 0);
    this.messages.render(chat, changes, info);
    this.composer.render(chat, info);
  }

  private renderKeyPrompt(needsKey: boolean, empty: boolean): void {
    this.keyBar.hidden = !needsKey || empty;
    if (needsKey && !empty) {
      if (this.setKey.parentElement !== this.keyBar) this.keyBar.append(this.setKey);
      return;
    }
    if (!empty) return;
    const content = needsKey
      ? [
          h('div', { class: 'welcome-icon' }, icon('key')),
          h('h2', {}, 'Connect to Gemini'),
          h('p', {}, 'Add your Gemini API key to start. It is kept in VS Code’s secret storage and sent only to the Gemini API.'),
          this.setKey,
        ]
      : [
          h('div', { class: 'welcome-icon' }, icon('sparkle')),
          h('h2', {}, 'What should we build?'),
          h('p', {}, 'Ask for a change, a fix or an explanation. The agent plans the work, reads and edits files, and runs your checks. You approve every change.'),
          h('p', { class: 'hint' }, h('kbd', {}, 'Enter'), ' to send · ', h('kbd', {}, 'Shift+Enter'), ' for a new line'),
        ];
    if (this.welcome.dataset.mode !== String(needsKey)) {
      this.welcome.dataset.mode = String(needsKey);
      this.welcome.replaceChildren(...content);
    }
    // The button may have moved to the top bar while a chat was open; the welcome page ends with it.
    if (needsKey && this.setKey.parentElement !== this.welcome) this.welcome.append(this.setKey);
  }
}
