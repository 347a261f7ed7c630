/**
 * Subagent cards (a planner, an explorer, a reviewer at work: collapsed, with their own text and
 * tool cards inside) and review cards (the reviewer's verdict with its comments on file and line).
 */
import type { CodeRef } from '../../src/shared/events';
import { refHref, refLabel, reportIsNew, ROLE_ICONS, ROLE_LABELS, subagentMeta, subagentStatus } from '../agents';
import { h, icon, iconButton, setAttr, setText } from '../dom';
import { MarkdownView } from '../markdown/view';
import { itemAttrs, type ItemContext, type ItemOf, type ItemView } from './types';

export class SubagentView implements ItemView<'subagent'> {
  readonly element: HTMLDetailsElement;
  private readonly summary: HTMLElement;
  private readonly status = h('span', { role: 'img' });
  private readonly meta = h('span', { class: 'subagent-meta', 'data-testid': 'subagent-meta' });
  private readonly inner = h('div', { class: 'subagent-items' });
  private readonly report = h('div', { class: 'subagent-report', 'data-testid': 'subagent-report', hidden: true });
  private readonly reportText = new MarkdownView({ class: 'markdown subagent-report-text', 'data-testid': 'subagent-report-text' });
  private readonly reportLabel = h('span', {}, 'Report');
  private readonly refs = h('ul', { class: 'code-refs', 'aria-label': 'Files it relied on', hidden: true });
  /** How many of the agent's items have views: new ones are appended as they come. */
  private shown = 0;
  private shownReport: string | undefined;

  constructor(
    item: ItemOf<'subagent'>,
    private readonly context: ItemContext,
  ) {
    const role = ROLE_LABELS[item.role];
    this.summary = h(
      'summary',
      { title: `${role}: ${item.title}`, 'aria-expanded': 'false' },
      this.status,
      icon(ROLE_ICONS[item.role], 'subagent-icon'),
      h(
        'span',
        { class: 'subagent-head' },
        h('span', { class: 'subagent-line' }, h('span', { class: 'subagent-role' }, role), h('span', { class: 'subagent-title', 'data-testid': 'subagent-title' }, item.title)),
        this.meta,
      ),
      icon('chevron-right', 'twisty'),
    );
    this.element = h(
      'details',
      itemAttrs(item, { class: 'card subagent-card', 'data-testid': 'subagent', 'data-role': item.role }),
      this.summary,
      h('div', { class: 'subagent-body' }, h('div', { class: 'subagent-model dim' }, `${item.model}${item.taskId ? ` · task ${item.taskId}` : ''}`), this.inner, this.report),
    );
    this.report.append(h('div', { class: 'subagent-report-label' }, icon('output'), this.reportLabel), this.reportText.element, this.refs);
    this.element.addEventListener('toggle', () => this.summary.setAttribute('aria-expanded', String(this.element.open)));
    this.update(item);
  }

  update(item: ItemOf<'subagent'>): void {
    const { icon: name, label } = subagentStatus(item.status);
    setAttr(this.element, 'data-status', item.status);
    this.status.className = `codicon codicon-${name} status-icon`;
    setAttr(this.status, 'aria-label', label);
    setText(this.meta, subagentMeta(item));
    // Its own items come in order and stay: only the new ones are drawn.
    for (; this.shown < item.items.length; this.shown++) this.inner.append(this.context.child(item.items[this.shown]));
    this.inner.hidden = item.items.length === 0;
    if (item.summary !== undefined && item.summary !== this.shownReport) {
      this.shownReport = item.summary;
      const text = reportIsNew(item);
      const refs = item.refs ?? [];
      this.report.hidden = !text && refs.length === 0;
      setText(this.reportLabel, text ? 'Report' : 'Relied on');
      this.reportText.element.hidden = !text;
      if (text) this.reportText.update(item.summary);
      this.refs.hidden = refs.length === 0;
      this.refs.replaceChildren(...refs.map((r) => h('li', {}, refButton(r, 'subagent-ref'))));
    }
  }
}

export class ReviewView implements ItemView<'review'> {
  readonly element: HTMLElement;
  private readonly comments = h('ol', { class: 'review-comments' });

  constructor(item: ItemOf<'review'>) {
    const approve = item.verdict === 'approve';
    const verdict = approve ? 'Approved' : 'Changes requested';
    this.element = h(
      'div',
      itemAttrs(item, { class: 'card review-card', 'data-testid': 'review', 'data-verdict': item.verdict, role: 'region', 'aria-label': `Review of task ${item.taskId}: ${verdict}` }),
      h(
        'div',
        { class: 'review-head' },
        icon(approve ? 'pass' : 'request-changes', 'review-icon'),
        h('span', { class: 'review-verdict' }, verdict),
        h('span', { class: 'review-of dim' }, `Review of task ${item.taskId}${item.round > 1 ? ` · round ${item.round}` : ''}`),
        h('span', { class: 'spacer' }),
        iconButton('close', 'Dismiss review', { 'data-testid': 'review-dismiss', 'data-action': 'dismiss-review' }),
      ),
      h('div', { class: 'review-summary' }, item.summary),
      this.comments,
    );
    this.comments.hidden = item.comments.length === 0;
    this.comments.replaceChildren(
      ...item.comments.map((c) => h('li', { class: 'review-comment', 'data-testid': 'review-comment' }, refButton(c, 'review-ref'), h('div', { class: 'review-comment-body' }, c.body))),
    );
    this.update(item);
  }

  update(item: ItemOf<'review'>): void {
    // A dismissed review is gone from the chat; it stays in the state so a reload agrees.
    this.element.hidden = item.dismissed === true;
  }
}

/** A file (and line) as a button that opens it there; handled by the messages view (`open-ref`). */
function refButton(ref: CodeRef, testId: string): HTMLElement {
  const label = refLabel(ref);
  return h(
    'button',
    { type: 'button', class: 'code-ref', 'data-testid': testId, 'data-action': 'open-ref', 'data-href': refHref(ref), title: `Open ${label}` },
    icon('go-to-file'),
    h('span', {}, label),
  );
}
