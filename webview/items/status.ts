/** User messages, the plan checklist, notices, validation results and the end-of-run line. */
import { formatBytes, type MentionChip } from '../../src/shared/attachments';
import { h, icon, setAttr, setText, textButton } from '../dom';
import { noticeText, secondsLeft } from '../countdown';
import { filesLabel, runEndLabel, runReview, taskIcon } from '../format';
import { nextStepChips } from './nextSteps';
import { itemAttrs, type ItemContext, type ItemOf, type ItemView } from './types';

const MENTION_ICONS: Record<MentionChip['kind'], string> = { file: 'file', folder: 'folder', problems: 'warning', selection: 'selection', changes: 'git-compare', terminal: 'terminal' };

export class UserView implements ItemView<'user'> {
  readonly element: HTMLElement;
  private readonly bubble = h('div', { class: 'user-text' });
  private readonly extras = h('div', { class: 'user-attachments' });

  constructor(item: ItemOf<'user'>) {
    this.element = h('div', itemAttrs(item, { role: 'article', 'aria-label': 'You' }), this.bubble, this.extras);
    this.update(item);
  }

  update(item: ItemOf<'user'>): void {
    this.bubble.textContent = item.text;
    const chips = (item.mentions ?? []).map((m) =>
      h(
        'button',
        {
          type: 'button',
          class: m.missing ? 'mention-chip missing' : 'mention-chip',
          'data-testid': 'mention-chip',
          'data-kind': m.kind,
          'data-action': 'mention',
          'data-mention': JSON.stringify(m),
          title: `${m.path ?? m.label}: ${m.detail}${m.missing ? '' : ' (click to open)'}`,
        },
        icon(MENTION_ICONS[m.kind]),
        h('span', { class: 'mention-chip-label' }, m.label),
        h('span', { class: 'mention-chip-detail' }, m.detail),
      ),
    );
    const images = (item.images ?? []).map((img) => h('img', { class: 'message-image', 'data-testid': 'message-image', src: img.thumb, alt: img.name, title: `${img.name} (${formatBytes(img.bytes)})` }));
    this.extras.hidden = chips.length + images.length === 0;
    this.extras.replaceChildren(...chips, ...images);
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
  private readonly text = h('span', { class: 'notice-text' });
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(item: ItemOf<'notice'>) {
    this.element = h('div', itemAttrs(item, { class: 'notice', 'data-testid': 'notice', role: item.level === 'error' ? 'alert' : 'status' }));
    this.update(item);
  }

  update(item: ItemOf<'notice'>): void {
    setAttr(this.element, 'data-level', item.level);
    this.element.classList.toggle('retryable', item.retryable);
    this.element.replaceChildren(
      icon(noticeIcons[item.level], 'notice-icon'),
      this.text,
      // The link opens outside the editor (see MessagesView.onClick); only https links get here.
      ...(item.link ? [h('a', { class: 'notice-link', href: item.link.url, title: item.link.url, 'data-testid': 'notice-link' }, item.link.label)] : []),
      ...(item.retryable ? [textButton('Retry', { 'data-testid': 'retry', 'data-action': 'retry' }, 'refresh', true)] : []),
    );
    this.tick(item);
  }

  /** Counts a retry's wait down once a second; a finished wait shows the notice's record. */
  private tick(item: ItemOf<'notice'>): void {
    clearTimeout(this.timer);
    const now = Date.now();
    setText(this.text, noticeText(item, now));
    const at = item.countdown?.at;
    if (at === undefined) return;
    setAttr(this.element, 'data-countdown', String(secondsLeft(at, now)));
    if (at <= now) return;
    this.timer = setTimeout(() => this.tick(item), ((at - now) % 1000) || 1000);
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

/**
 * The end-of-run line, and below it what the run's file changes await: "Revert this run" (ask
 * mode), Keep / Undo (auto mode), or the decision once made. Only the latest run offers buttons
 * (see `MessagesView`), since the extension keeps the last run's checkpoint.
 */
export class RunEndView implements ItemView<'runEnd'> {
  readonly element: HTMLElement;
  private readonly head = h('div', { class: 'run-end-head', role: 'status' });
  private readonly review = h('div', { class: 'run-review' });
  private readonly steps = h('div', { class: 'next-steps', 'data-testid': 'next-steps', role: 'group', 'aria-label': 'Suggested next requests', hidden: true });
  private shownSteps = '';

  constructor(
    item: ItemOf<'runEnd'>,
    private readonly context: ItemContext,
  ) {
    this.element = h('div', itemAttrs(item, { class: 'run-end', 'data-testid': 'run-end' }), this.head, this.review, this.steps);
    this.update(item);
  }

  update(item: ItemOf<'runEnd'>): void {
    const { icon: name, label } = runEndLabel(item.status);
    setAttr(this.element, 'data-status', item.status);
    if (item.runId) setAttr(this.element, 'data-run-id', item.runId);
    this.head.replaceChildren(h('span', { class: 'run-end-line' }), icon(name), h('span', { title: label }, item.text || label), h('span', { class: 'run-end-line' }));
    this.renderReview(item);
    const steps = JSON.stringify(item.nextSteps ?? []);
    if (steps !== this.shownSteps) {
      this.shownSteps = steps;
      this.steps.replaceChildren(...nextStepChips(item.nextSteps));
      this.steps.hidden = !item.nextSteps?.length;
    }
  }

  private renderReview(item: ItemOf<'runEnd'>): void {
    const review = runReview(item, this.context.approvalMode);
    setAttr(this.review, 'data-review', review.kind === 'reviewed' ? (item.review ?? '') : review.kind);
    this.review.hidden = review.kind === 'none';
    // Replacing the focused button would drop keyboard focus on the body: keep it in the row.
    const hadFocus = this.review.contains(document.activeElement);
    if (review.kind === 'buttons') {
      this.review.replaceChildren(
        h('span', { class: 'run-review-files' }, `${filesLabel(item.changedFiles ?? 0)} changed`),
        h('span', { class: 'run-review-actions' }, ...review.buttons.map((b) => textButton(b.label, { 'data-testid': b.testId, 'data-action': 'run', 'data-run-action': b.action, 'aria-label': b.ariaLabel, title: b.ariaLabel }, b.icon, b.secondary))),
      );
    } else if (review.kind === 'reviewed') {
      this.review.replaceChildren(h('span', { class: 'run-review-state', tabindex: -1 }, icon(review.icon), h('span', {}, review.text)));
    } else {
      this.review.replaceChildren();
    }
    if (hadFocus) this.review.querySelector<HTMLElement>('button, [tabindex]')?.focus();
  }
}
