/** Next-step chips under the latest run's end: each a short follow-up request that fills the composer when clicked. */
import { h, icon } from '../dom';

/** The chips for `steps`, or nothing; `data-action="fill"` is handled by the messages view. */
export function nextStepChips(steps: readonly string[] | undefined): HTMLElement[] {
  if (!steps?.length) return [];
  return [
    h('span', { class: 'next-steps-label' }, icon('lightbulb'), h('span', {}, 'Next:')),
    ...steps.map((step) => h('button', { type: 'button', class: 'next-step', 'data-action': 'fill', 'data-text': step, 'data-testid': 'next-step', title: `Put "${step}" in the input` }, step)),
  ];
}
