/**
 * The input area: a growing text box (Enter sends, Shift+Enter breaks the line), `@` mentions with
 * a completion list, images (pasted, dropped or attached) shown as thumbnails, Send / Stop, the
 * model picker and the run's token usage. The draft text survives the view being hidden or reloaded.
 */
import { formatBytes, mentionsIn, type ImageUpload, type MentionSuggestion } from '../src/shared/attachments';
import type { ChatState } from '../src/shared/chatState';
import type { FromWebview, PanelInfo } from '../src/shared/protocol';
import { h, iconButton, setText } from './dom';
import { roleModels, usageByRoleSummary } from './agents';
import { usageSummary } from './format';
import { bytesOf, prepareImage } from './images';
import { MentionList } from './mentionList';

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
  private readonly usageRoles = h('div', { class: 'usage usage-roles', 'data-testid': 'usage-roles', hidden: true });
  /** What the usage lines were drawn from: they are drawn again only when one of these changes. */
  private usageDrawn: { u?: unknown; byRole?: unknown; model?: string } = {};
  private readonly attach = iconButton('file-media', 'Attach images (PNG, JPEG, WebP, GIF)', { 'data-testid': 'attach-image' });
  private readonly filePicker = h('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp,image/gif', multiple: true, hidden: true, 'data-testid': 'image-file' });
  private readonly thumbs = h('div', { class: 'attachments', 'data-testid': 'attachments', hidden: true });
  private readonly note = h('div', { class: 'composer-note', role: 'alert', 'data-testid': 'composer-note', hidden: true });
  private readonly mentions: MentionList;
  private images: ImageUpload[] = [];
  /** Images still being read: Send waits for them rather than sending without. */
  private preparing = 0;
  private running = false;
  private models = '';

  constructor(
    private readonly post: (message: FromWebview) => void,
    private readonly draft: DraftStore,
    private readonly onSent: () => void,
  ) {
    this.input.value = draft.get();
    this.mentions = new MentionList(this.input, post, () => this.changed());
    this.element = h(
      'div',
      { class: 'composer' },
      this.note,
      h(
        'div',
        { class: 'input-box' },
        this.mentions.element,
        this.thumbs,
        this.input,
        h('div', { class: 'input-toolbar' }, h('span', { class: 'model-wrap' }, this.model), h('span', { class: 'spacer' }), this.attach, this.filePicker, this.send, this.stop),
      ),
      this.usage,
      this.usageRoles,
    );
    this.input.addEventListener('keydown', (e) => {
      if (!e.isComposing && this.mentions.key(e)) {
        e.preventDefault();
        return;
      }
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.changed();
      this.mentions.update();
    });
    // A caret moved by click or arrow keys may leave (or enter) an `@query`.
    this.input.addEventListener('click', () => this.mentions.update());
    this.input.addEventListener('keyup', (e) => {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') this.mentions.update();
    });
    this.input.addEventListener('blur', () => this.mentions.close());
    this.input.addEventListener('paste', (e) => {
      const files = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
      if (files.length === 0) return;
      e.preventDefault();
      void this.addImages(files);
    });
    this.element.addEventListener('dragover', (e) => {
      if ([...(e.dataTransfer?.items ?? [])].some((i) => i.kind === 'file')) e.preventDefault();
    });
    this.element.addEventListener('drop', (e) => {
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      e.preventDefault();
      void this.addImages(files);
    });
    this.attach.addEventListener('click', () => this.filePicker.click());
    this.filePicker.addEventListener('change', () => {
      void this.addImages([...(this.filePicker.files ?? [])]);
      this.filePicker.value = '';
    });
    this.thumbs.addEventListener('click', (e) => {
      const remove = (e.target as Element | null)?.closest<HTMLElement>('[data-remove]');
      if (!remove) return;
      this.images.splice(Number(remove.dataset.remove), 1);
      this.renderThumbs();
      this.input.focus();
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

  /** The completion list's answer from the extension. */
  showMentions(queryId: number, items: MentionSuggestion[]): void {
    this.mentions.show(queryId, items);
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!this.canSend()) return;
    const mentions = mentionsIn(text, this.mentions.picked);
    this.post({ type: 'send', text, ...(mentions.length ? { mentions } : {}), ...(this.images.length ? { images: this.images } : {}) });
    this.input.value = '';
    this.draft.set('');
    this.mentions.picked.clear();
    this.images = [];
    this.renderThumbs();
    this.showNote('');
    this.updateSendEnabled();
    this.onSent();
  }

  private canSend(): boolean {
    const text = this.input.value.trim();
    return !this.running && this.preparing === 0 && text !== '' && text.length <= MAX_MESSAGE;
  }

  /** Replaces the input's text (a next-step chip was clicked), caret at the end, ready to edit or send. */
  fill(text: string): void {
    this.input.value = text;
    this.changed();
    this.input.focus();
    this.input.setSelectionRange(text.length, text.length);
  }

  private changed(): void {
    this.draft.set(this.input.value);
    this.updateSendEnabled();
  }

  private updateSendEnabled(): void {
    this.send.disabled = !this.canSend();
  }

  private async addImages(files: File[]): Promise<void> {
    this.preparing++;
    this.updateSendEnabled();
    const refused: string[] = [];
    try {
      for (const file of files) {
        const result = await prepareImage(file, this.images);
        if (typeof result === 'string') refused.push(`${file.name || 'Image'}: ${result}`);
        else this.images.push(result);
      }
    } finally {
      this.preparing--;
    }
    this.showNote(refused.join(' '));
    this.renderThumbs();
    this.updateSendEnabled();
  }

  private showNote(text: string): void {
    this.note.hidden = text === '';
    setText(this.note, text);
  }

  private renderThumbs(): void {
    this.thumbs.hidden = this.images.length === 0;
    this.thumbs.replaceChildren(
      ...this.images.map((image, i) =>
        h(
          'span',
          { class: 'attachment', 'data-testid': 'attachment', title: `${image.name} (${formatBytes(bytesOf(image).bytes)})` },
          h('img', { src: image.thumb, alt: image.name }),
          iconButton('close', `Remove ${image.name}`, { class: 'icon-button attachment-remove', 'data-remove': i }),
        ),
      ),
    );
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

  /**
   * Prices the run at the model the API said answered it, else at the picked one; a run with
   * subagents is priced role by role, each at its own model, with a line per role.
   */
  private renderUsage(chat: ChatState, model: string): void {
    const u = chat.usage;
    const byRole = chat.usageByRole;
    const coderModel = chat.usageModel ?? model;
    const drawn = this.usageDrawn;
    if (drawn.u === u && drawn.byRole === byRole && drawn.model === coderModel) return;
    this.usageDrawn = { u, byRole, model: coderModel };
    this.usage.hidden = !u;
    this.usageRoles.hidden = !u || !byRole;
    if (!u) return;
    const { text, title, roles } = byRole ? usageByRoleSummary(u, byRole, roleModels(chat.items, coderModel)) : { ...usageSummary(u, coderModel), roles: '' };
    setText(this.usage, text);
    setText(this.usageRoles, roles);
    if (this.usage.title !== title) this.usage.title = title;
    if (this.usageRoles.title !== title) this.usageRoles.title = title;
  }

}
