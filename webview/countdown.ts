/** The text of a retry notice while it waits: a countdown to the next attempt. Pure. */
import type { ChatItem } from '../src/shared/chatState';

type Notice = Extract<ChatItem, { kind: 'notice' }>;

/** Whole seconds left before the retry, or 0 once it is due. */
export function secondsLeft(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** The notice as it reads at `now`: counting down while the wait lasts, its record after. */
export function noticeText(item: Notice, now: number): string {
  const c = item.countdown;
  if (!c) return item.text;
  const left = secondsLeft(c.at, now);
  if (left === 0) return item.text;
  const of = c.maxRetries ? `retry ${c.attempt} of ${c.maxRetries}` : `attempt ${c.attempt}`;
  return `${c.reason}, retrying in ${left} s (${of})`;
}
