/** A tiny element builder: the panel needs no framework. */

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | null | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== undefined && child !== null && child !== false) el.append(child);
  return el;
}

/** A decorative codicon; `name` may carry modifiers, e.g. "loading codicon-modifier-spin". */
export function icon(name: string, extraClass = ''): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name} ${extraClass}`.trim(), 'aria-hidden': 'true' });
}

/** An icon-only button; the label is its accessible name and tooltip. */
export function iconButton(iconName: string, label: string, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'icon-button', 'aria-label': label, title: label, ...attrs }, icon(iconName));
}

/** A text button in VS Code's style; `secondary` for the less prominent action. */
export function textButton(label: string, attrs: Attrs = {}, iconName?: string, secondary = false): HTMLButtonElement {
  return h('button', { type: 'button', class: secondary ? 'button secondary' : 'button', ...attrs }, iconName ? icon(iconName) : undefined, h('span', {}, label));
}

/** Sets an attribute only when it differs, so unchanged items cause no style work. */
export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
