/** The line that says which rules a run followed; each name opens its file (or the setting). */
import { h, icon } from '../dom';
import { itemAttrs, type ItemOf, type ItemView } from './types';

export const PERSONAL_LABEL = 'your instructions';

export class RulesView implements ItemView<'rules'> {
  readonly element: HTMLElement;
  private readonly names = h('span', { class: 'rules-names' });

  constructor(item: ItemOf<'rules'>) {
    this.element = h('div', itemAttrs(item, { class: 'rules-line', 'data-testid': 'rules' }), icon('book'), h('span', { class: 'rules-label' }, 'Rules:'), this.names);
    this.update(item);
  }

  update(item: ItemOf<'rules'>): void {
    const links: HTMLElement[] = item.files.map((f) =>
      h(
        'button',
        { type: 'button', class: 'rules-file', 'data-action': 'open-rules', 'data-path': f.path, 'data-testid': 'rules-file', title: f.cut ? `Open ${f.path} (too long: only its start was given to the model)` : `Open ${f.path}` },
        baseName(f.path),
        f.cut ? h('span', { class: 'rules-cut' }, ' (cut)') : undefined,
      ),
    );
    if (item.personal) links.unshift(h('button', { type: 'button', class: 'rules-file', 'data-action': 'open-rules', 'data-testid': 'rules-personal', title: 'Open the setting with your personal instructions' }, PERSONAL_LABEL));
    this.names.replaceChildren(...links.flatMap((el, i) => (i === 0 ? [el] : [', ', el])));
  }
}

/** A short name; a file deeper in the tree keeps its folder so two AGENTS.md stay apart. */
function baseName(path: string): string {
  const parts = path.split('/');
  return parts.length <= 2 ? path : `…/${parts.slice(-2).join('/')}`;
}
