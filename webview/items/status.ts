/** User messages, the plan checklist, notices, validation results and the end-of-run line. */
import { h, icon, setAttr, textButton } from '../dom';
import { runEndLabel, taskIcon } from '../format';
import { itemAttrs, type ItemOf, type ItemView } from './types';

export class UserView implements ItemView<'user'> {
  readonly element: HTMLElement;
  private readonly bubble = h('div', { class: 'user-text' });

  constructor(item: ItemOf<'user'>) {
    this.element = h('div', itemAttrs(item), this.bubble);
    this.update(item);
  }

  update(item: ItemOf<'user'>): void {
    this.bubble.textContent = item.text;
  }
}

export class PlanView implements ItemView<'plan'> {
  readonly element: HTMLElement;
  private readonly progress = h('span', { class: 'plan-progress' });
  private readonly list = h('ol', { class: 'plan-tasks' });

  constructor(item: ItemOf<'plan'>) {
    this.element = h(
      'div',
      itemAttrs(item, { class: 'card', 'data-testid': 'plan' }),
      h('div', { class: 'plan-head' }, icon('checklist'), h('span', { class: 'plan-title' }, 'Plan'), this.progress),
      this.list,
    );
    this.update(item);
  }

  update(item: ItemOf<'plan'>): void {
    const done = item.tasks.filter((t) => t.status === 'done').length;
    this.progress.textContent = `${done}/${item.tasks.length} done`;
    this.list.replaceChildren(
      ...item.tasks.map((task) =>
        h(
          'li',
          { class: 'plan-task', 'data-testid': 'plan-task', 'data-status': task.status, 'data-task-id': task.id },
          h('span', { class: `codicon ${taskIcon(task.status)} status-icon`, role: 'img', 'aria-label': task.status }),
          h('span', { class: 'plan-task-text' }, task.description, task.files.length > 0 ? h('span', { class: 'plan-files' }, task.files.join(', ')) : undefined),
        ),
      ),
    );
  }
}

const noticeIcons = { info: 'info', retry: 'sync', error: 'error' } as const;

export class NoticeView implements ItemView<'notice'> {
  readonly element: HTMLElement;

  constructor(item: ItemOf<'notice'>) {
    this.element = h('div', itemAttrs(item, { class: 'notice', 'data-testid': 'notice', role: item.level === 'error' ? 'alert' : 'status' }));
    this.update(item);
  }

  update(item: ItemOf<'notice'>): void {
    setAttr(this.element, 'data-level', item.level);
    this.element.classList.toggle('retryable', item.retryable);
    this.element.replaceChildren(
      icon(noticeIcons[item.level], 'notice-icon'),
      h('span', { class: 'notice-text' }, item.text),
      ...(item.retryable ? [textButton('Retry', { 'data-testid': 'retry', 'data-action': 'retry' }, 'refresh', true)] : []),
    );
  }
}

export class ValidationView implements ItemView<'validation'> {
  readonly element: HTMLElement;

  constructor(item: ItemOf<'validation'>) {
    this.element = h('div', itemAttrs(item));
    this.update(item);
  }

  update(item: ItemOf<'validation'>): void {
    setAttr(this.element, 'data-status', item.ok ? 'ok' : 'failed');
    const [first = '', ...rest] = item.summary.split('\n');
    const head = [icon(item.ok ? 'pass' : 'error', 'status-icon'), h('span', {}, item.ok ? 'Checks passed' : 'Checks failed'), h('span', { class: 'dim' }, first)];
    const more = rest.join('\n').trim();
    this.element.replaceChildren(more ? h('details', {}, h('summary', {}, ...head, icon('chevron-right', 'twisty')), h('pre', { class: 'tool-detail', tabindex: 0 }, more)) : h('div', { class: 'validation-line' }, ...head));
  }
}

export class RunEndView implements ItemView<'runEnd'> {
  readonly element: HTMLElement;

  constructor(item: ItemOf<'runEnd'>) {
    this.element = h('div', itemAttrs(item, { class: 'run-end', 'data-testid': 'run-end', role: 'status' }));
    this.update(item);
  }

  update(item: ItemOf<'runEnd'>): void {
    const { icon: name, label } = runEndLabel(item.status);
    setAttr(this.element, 'data-status', item.status);
    this.element.replaceChildren(h('span', { class: 'run-end-line' }), icon(name), h('span', { title: label }, item.text || label), h('span', { class: 'run-end-line' }));
  }
}
