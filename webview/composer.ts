/**
 * The input area: a growing text box (Enter sends, Shift+Enter breaks the line), Send / Stop, the
 * model picker and the run's token usage. The draft survives the view being hidden or reloaded.
 */
import type { ChatState } from '../src/shared/chatState';
import type { FromWebview, PanelInfo } from '../src/shared/protocol';
import { h, iconButton, setText } from './dom';
import { usageSummary } from './format';

const MAX_MESSAGE = 100_000;

export interface DraftStore {
  get(): string;
  set(draft: string): void;
}

export class Composer {
  readonly element: HTMLElement;
  readonly input = h('textarea', { 'data-testid': 'input', rows: 1, 'aria-label': 'Message the agent', placeholder: 'Ask the agent to change, explain or fix code' });
  private readonly send = iconButton('send', 'Send (Enter)', { 'data-testid': 'send', class: 'icon-button send' });
  private readonly stop = iconButton('debug-stop', 'Stop', { 'data-testid': 'stop', class: 'icon-button stop', hidden: true });
  private readonly model = h('select', { 'data-testid': 'model-picker', 'aria-label': 'Model', title: 'Model' });
  private readonly usage = h('div', { class: 'usage', 'data-testid': 'usage', hidden: true });
  private running = false;
  private models = '';

  constructor(
    private readonly post: (message: FromWebview) => void,
    private readonly draft: DraftStore,
    private readonly onSent: () => void,
  ) {
    this.input.value = draft.get();
    this.element = h(
      'div',
      { class: 'composer' },
      h('div', { class: 'input-box' }, this.input, h('div', { class: 'input-toolbar' }, h('span', { class: 'model-wrap' }, this.model), h('span', { class: 'spacer' }), this.send, this.stop)),
      this.usage,
    );
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.draft.set(this.input.value);
      this.updateSendEnabled();
    });
    this.send.addEventListener('click', () => this.submit());
    this.stop.addEventListener('click', () => this.post({ type: 'stop' }));
    this.model.addEventListener('change', () => this.post({ type: 'pickModel', model: this.model.value }));
    this.updateSendEnabled();
  }

  render(chat: ChatState, info: PanelInfo): void {
    // Send and Stop take turns in one place: hiding the focused one must not drop keyboard focus.
    const focused = document.activeElement;
    this.running = chat.running;
    this.send.hidden = chat.running;
    this.stop.hidden = !chat.running;
    if (focused === this.send && chat.running) this.stop.focus();
    else if (focused === this.stop && !chat.running) this.input.focus();
    this.updateSendEnabled();
    this.renderModels(info);
    this.renderUsage(chat, info.model);
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (this.running || text === '' || text.length > MAX_MESSAGE) return;
    this.post({ type: 'send', text });
    this.input.value = '';
    this.draft.set('');
    this.updateSendEnabled();
    this.onSent();
  }

  private updateSendEnabled(): void {
    const text = this.input.value.trim();
    this.send.disabled = this.running || text === '' || text.length > MAX_MESSAGE;
  }

  private renderModels(info: PanelInfo): void {
    const models = info.models.includes(info.model) ? info.models : [info.model, ...info.models];
    const key = JSON.stringify([models, info.model]);
    // Rebuilding the options would close the list under the user's pointer: only on change.
    if (key === this.models) return;
    this.models = key;
    this.model.replaceChildren(...models.map((m) => h('option', { value: m, selected: m === info.model }, m)));
    this.model.value = info.model;
  }

  /** Prices the run at the model the API said answered it, else at the picked one. */
  private renderUsage(chat: ChatState, model: string): void {
    const u = chat.usage;
    this.usage.hidden = !u;
    if (!u) return;
    const { text, title } = usageSummary(u, chat.usageModel ?? model);
    setText(this.usage, text);
    if (this.usage.title !== title) this.usage.title = title;
  }
}
