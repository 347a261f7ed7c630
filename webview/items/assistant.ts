/** An assistant message: streamed Markdown, with the model's thoughts folded away above it. */
import { h, icon } from '../dom';
import { MarkdownView } from '../markdown/view';
import { itemAttrs, type ItemOf, type ItemView } from './types';

export class AssistantView implements ItemView<'assistant'> {
  readonly element: HTMLElement;
  private readonly body = new MarkdownView({ 'data-testid': 'assistant-text' });
  private thinking: { details: HTMLDetailsElement; view: MarkdownView } | undefined;
  private thought = '';

  constructor(item: ItemOf<'assistant'>) {
    this.element = h('div', itemAttrs(item), this.body.element);
    this.update(item);
  }

  update(item: ItemOf<'assistant'>): void {
    this.thought = item.thought;
    if (item.thought && !this.thinking) this.thinking = this.createThinking();
    // Thoughts are rendered only while the section is open: most users never open it.
    if (this.thinking?.details.open) this.thinking.view.update(item.thought);
    this.body.element.hidden = item.text === '';
    this.body.update(item.text);
  }

  private createThinking(): { details: HTMLDetailsElement; view: MarkdownView } {
    const view = new MarkdownView();
    const details = h(
      'details',
      { class: 'thinking' },
      h('summary', {}, icon('chevron-right', 'twisty'), h('span', {}, 'Thinking')),
      h('div', { class: 'thinking-body' }, view.element),
    );
    details.addEventListener('toggle', () => {
      if (details.open) view.update(this.thought);
    });
    this.element.prepend(details);
    return { details, view };
  }
}
