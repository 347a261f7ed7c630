import type { ChatItem, SubagentInnerItem } from '../../src/shared/chatState';
import type { Streamed } from '../store';

export type ItemOf<K extends ChatItem['kind']> = Extract<ChatItem, { kind: K }>;

/** Panel-wide settings some items render with; owned by the messages view, read at update time. */
export interface ItemContext {
  approvalMode: 'ask' | 'auto';
  /** Creates (and keeps track of) the view of an item inside a subagent's card; returns its element. */
  child(item: SubagentInnerItem): HTMLElement;
}

/** One rendered chat item. `update` is called only when the item changed, with the same object. */
export interface ItemView<K extends ChatItem['kind'] = ChatItem['kind']> {
  readonly element: HTMLElement;
  /** `streamed`: what was appended to an answer's text and thoughts since the last update. */
  update(item: ItemOf<K>, streamed?: Streamed): void;
}

/** The root element every item gets: stable test hooks and a class per kind. */
export function itemAttrs(item: ChatItem, extra: Record<string, string> = {}): Record<string, string> {
  const cls = extra.class ? ` ${extra.class}` : '';
  return { ...extra, class: `item item-${item.kind}${cls}`, 'data-item-id': item.id };
}
