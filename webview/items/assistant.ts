/** An assistant message: streamed Markdown, with the model's thoughts folded away above it. */
import { h, icon } from '../dom';
import { lastHeading } from '../format';
import { MarkdownView } from '../markdown/view';
import type { Streamed } from '../store';
import { itemAttrs, type ItemOf, type ItemView } from './types';

export class AssistantView implements ItemView<'assistant'> {
  readonly element: HTMLElement;
  private readonly body = new MarkdownView({ 'data-testid': 'assistant-text' });
  private thinking: { details: HTMLDetailsElement; view: MarkdownView; title: HTMLElement } | undefined;
  private thought = '';

  constructor(item: ItemOf<'assistant'>) {
    this.element = h('div', itemAttrs(item, { role: 'article', 'aria-label': 'Gemini' }), this.body.element);
    this.update(item);
  }

  /**
   * While streaming, only the pieces in `streamed` are read: the item's `text` grows by `+=`, and
   * reading all of it would copy the whole answer on every frame.
   */
  update(item: ItemOf<'assistant'>, streamed?: Streamed): void {
    this.thought = item.thought;
    if (item.thought.length > 0 && !this.thinking) this.thinking = this.createThinking();
    // The folded section names what the model is thinking about now, from its summaries' headings.
    const heading = this.thinking ? lastHeading(streamed ? streamed.thought : item.thought) : undefined;
    if (this.thinking && heading && this.thinking.title.textContent !== heading) this.thinking.title.textContent = heading;
    // Thoughts are rendered only while the section is open: most users never open it.
    if (this.thinking?.details.open) {
      if (streamed) this.thinking.view.append(streamed.thought);
      else this.thinking.view.update(item.thought);
    }
    this.body.element.hidden = item.text.length === 0;
    if (streamed) this.body.append(streamed.text);
    else this.body.update(item.text);
    if (item.withdrawn && !streamed) this.showWithdrawn(item.withdrawn);
  }

  /** Blocked text stays visible for what it was, struck through, as plain text (never rendered Markdown). */
  private showWithdrawn(withdrawn: { text: string; label: string }): void {
    const block = h(
      'div',
      { class: 'withdrawn', 'data-testid': 'withdrawn' },
      h('div', { class: 'withdrawn-label' }, icon('circle-slash'), h('span', {}, withdrawn.label)),
      h('del', { class: 'withdrawn-text', 'data-testid': 'withdrawn-text' }, withdrawn.text),
    );
    const old = this.element.querySelector(':scope > .withdrawn');
    if (old) old.replaceWith(block);
    else this.element.append(block);
  }

  private createThinking(): { details: HTMLDetailsElement; view: MarkdownView; title: HTMLElement } {
    const view = new MarkdownView();
    const title = h('span', { class: 'thinking-title', 'data-testid': 'thinking-title' });
    const details = h(
      'details',
      { class: 'thinking' },
      h('summary', {}, icon('chevron-right', 'twisty'), h('span', {}, 'Thinking'), title),
      h('div', { class: 'thinking-body' }, view.element),
    );
    details.addEventListener('toggle', () => {
      if (details.open) view.update(this.thought);
    });
    this.element.prepend(details);
    return { details, view, title };
  }
}

