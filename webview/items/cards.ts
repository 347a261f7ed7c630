/** Tool call cards and proposed-change cards. */
import { h, icon, setAttr, setText, textButton } from '../dom';
import { ltrIsolate, splitPath, toolFailed, toolIcon, toolStatusIcon } from '../format';
import { itemAttrs, type ItemOf, type ItemView } from './types';

export class ToolView implements ItemView<'tool'> {
  readonly element: HTMLDetailsElement;
  private readonly status = h('span', { role: 'img' });
  /** Seen running: the card finished live (not in a reopened chat), so it may open itself. */
  private sawRunning = false;
  private readonly summary = h('span', { class: 'tool-summary' });
  private readonly exit = h('span', { class: 'badge' });
  private readonly body = h('div', { class: 'tool-body' });

  constructor(item: ItemOf<'tool'>) {
    const label = h('span', { class: 'tool-label' }, item.label);
    this.element = h(
      'details',
      itemAttrs(item, { class: 'card tool-card', 'data-testid': 'tool-card', 'data-tool': item.name }),
      h('summary', { title: item.label }, this.status, icon(toolIcon(item.name), 'tool-icon'), label, this.summary, this.exit, icon('chevron-right', 'twisty')),
      this.body,
    );
    this.element.querySelector('summary')?.addEventListener('click', (e) => {
      if (this.element.classList.contains('empty')) e.preventDefault();
    });
    // Command output is a tail: open it at its end, where the errors are.
    this.element.addEventListener('toggle', () => {
      const pre = this.element.open ? this.body.querySelector('.tool-detail') : null;
      if (pre) pre.scrollTop = pre.scrollHeight;
    });
    this.update(item);
  }

  update(item: ItemOf<'tool'>): void {
    setAttr(this.element, 'data-status', item.status);
    this.status.className = `codicon ${toolStatusIcon(item.status, item.exitCode)} status-icon`;
    this.element.toggleAttribute('data-exit-failed', item.status === 'ok' && toolFailed(item.status, item.exitCode));
    setAttr(this.status, 'aria-label', item.status === 'running' ? 'running' : toolFailed(item.status, item.exitCode) ? 'failed' : 'done');
    setText(this.summary, item.summary);
    this.exit.hidden = item.exitCode === undefined;
    setText(this.exit, item.exitCode === undefined ? '' : `exit ${item.exitCode}`);
    this.exit.classList.toggle('badge-error', item.exitCode !== undefined && item.exitCode !== 0);
    // The summary line shows a short result already; the body repeats it only when it is cut off.
    const longSummary = item.summary.length > 80 || item.summary.includes('\n');
    const hasBody = Boolean(item.detail) || longSummary || item.exitCode !== undefined;
    this.element.classList.toggle('empty', !hasBody);
    if (!hasBody) this.element.open = false;
    // A command that fails opens its output as it finishes: that is what the user needs next.
    if (item.status === 'running') this.sawRunning = true;
    else if (this.sawRunning && item.exitCode !== undefined && item.exitCode !== 0 && item.detail) {
      this.sawRunning = false;
      this.element.open = true;
    }
    this.body.replaceChildren(
      ...(longSummary ? [h('div', { class: 'tool-result' }, item.summary)] : []),
      ...(item.detail ? [h('pre', { class: 'tool-detail', tabindex: 0 }, item.detail)] : []),
      ...(item.exitCode !== undefined ? [h('div', { class: 'tool-exit' }, `Exit code ${item.exitCode}`)] : []),
    );
  }
}

const changeIcons = { create: 'diff-added', edit: 'diff-modified', delete: 'diff-removed' } as const;
const changeVerbs = { create: 'Create', edit: 'Edit', delete: 'Delete' } as const;

export class ChangeView implements ItemView<'change'> {
  readonly element: HTMLElement;
  private readonly added = h('span', { class: 'added' });
  private readonly removed = h('span', { class: 'removed' });
  private readonly state = h('div', { class: 'change-state' });
  private readonly decide: HTMLElement;

  constructor(item: ItemOf<'change'>) {
    const { name, dir } = splitPath(item.path);
    const accept = textButton('Accept', { 'data-testid': 'change-accept', 'data-action': 'change', 'data-change-action': 'accept', 'aria-label': `Accept change to ${item.path}` }, 'check');
    const reject = textButton('Reject', { 'data-testid': 'change-reject', 'data-action': 'change', 'data-change-action': 'reject', 'aria-label': `Reject change to ${item.path}` }, 'discard', true);
    this.decide = h('span', { class: 'change-decide' }, accept, reject);
    this.element = h(
      'div',
      itemAttrs(item, { class: 'card change-card', 'data-testid': 'change-card', 'data-change': item.change }),
      h(
        'div',
        { class: 'change-head', title: `${changeVerbs[item.change]} ${item.path}` },
        icon(changeIcons[item.change], `change-icon change-${item.change}`),
        h('span', { class: 'change-name' }, name),
        h('span', { class: 'change-dir' }, ltrIsolate(dir)),
        h('span', { class: 'change-stats' }, this.added, this.removed),
      ),
      h(
        'div',
        { class: 'change-actions' },
        textButton('Open diff', { 'data-testid': 'change-open', 'data-action': 'change', 'data-change-action': 'open', 'aria-label': `Open diff of ${item.path}` }, 'diff', true),
        this.decide,
        this.state,
      ),
    );
    this.update(item);
  }

  update(item: ItemOf<'change'>): void {
    setAttr(this.element, 'data-status', item.status);
    setText(this.added, `+${item.added}`);
    setText(this.removed, `−${item.removed}`);
    this.added.setAttribute('aria-label', `${item.added} lines added`);
    this.removed.setAttribute('aria-label', `${item.removed} lines removed`);
    this.decide.hidden = item.status !== 'proposed';
    const text = item.status === 'applied' ? 'Applied' : item.status === 'rejected' ? `Rejected${item.reason ? `: ${item.reason}` : ''}` : '';
    this.state.replaceChildren(...(text ? [icon(item.status === 'applied' ? 'check' : 'discard'), h('span', {}, text)] : []));
  }
}
