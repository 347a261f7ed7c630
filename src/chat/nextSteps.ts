/**
 * Next-step suggestions: after a run, two or three short follow-up requests that fit what was just
 * done ("Add tests for subtract()"). One small JSON-mode call on a compact text summary of the run
 * (the request, the plan, the changed files, the end of the last answer); no tools and no tool
 * history, so JSON mode is allowed. Pure: the summary and the parse; the call is injected.
 */
import { z } from 'zod';
import type { ChatItem, ChatState } from '../shared/chatState';

/** At most this many chips, each at most this long: a chip is a short request, not a paragraph. */
export const MAX_STEPS = 3;
export const MAX_STEP_CHARS = 100;
const MAX_ANSWER_CHARS = 1500;
const MAX_FILES = 20;
const MAX_TASKS = 10;

export const NEXT_STEPS_INSTRUCTION = [
  'You suggest what a developer might ask a coding agent next, right after a run of it ended.',
  `Give ${MAX_STEPS - 1} or ${MAX_STEPS} short follow-up requests (at most 8 words each, imperative, like "Add tests for subtract()"),`,
  'each fitting what was just done and naming concrete files or functions where it helps; never repeat the request itself.',
  'Answer with JSON only: {"steps": ["...", "..."]}.',
].join(' ');

/**
 * The run the chat ended with, as a short text: the request, the plan's tasks, the files changed
 * and the end of the last answer. Undefined when there is nothing to build on (no request).
 */
export function runSummary(state: ChatState): string | undefined {
  const items = state.items;
  const start = items.map((i) => i.kind).lastIndexOf('user');
  const request = items[start];
  if (request?.kind !== 'user') return undefined;
  const run = items.slice(start + 1);
  const tasks = run.filter((i): i is Extract<ChatItem, { kind: 'plan' }> => i.kind === 'plan').flatMap((p) => p.tasks).slice(0, MAX_TASKS);
  const files = [...new Set(run.flatMap((i) => (i.kind === 'change' && i.status === 'applied' ? [`${i.change} ${i.path}`] : [])))].slice(0, MAX_FILES);
  const answers = run.filter((i): i is Extract<ChatItem, { kind: 'assistant' }> => i.kind === 'assistant' && i.text.trim() !== '');
  const answer = answers[answers.length - 1]?.text.trim() ?? '';
  const lines = [`Request: ${request.text.trim().slice(0, 1000)}`];
  if (tasks.length) lines.push('Plan:', ...tasks.map((t) => `- [${t.status}] ${t.description}`));
  if (files.length) lines.push('Changed files:', ...files.map((f) => `- ${f}`));
  if (answer) lines.push('Last answer (end):', answer.length > MAX_ANSWER_CHARS ? `…${answer.slice(-MAX_ANSWER_CHARS)}` : answer);
  return lines.join('\n');
}

const Answer = z.object({ steps: z.array(z.unknown()) });

/**
 * The model's JSON answer as chips: strings only, trimmed, one line, not too long, no repeats and
 * not the request again; at most three. Anything unreadable gives none (the panel shows nothing).
 */
export function parseNextSteps(text: string, request = ''): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return [];
  }
  const parsed = Answer.safeParse(json);
  if (!parsed.success) return [];
  const seen = new Set([norm(request)]);
  const steps: string[] = [];
  for (const raw of parsed.data.steps) {
    if (typeof raw !== 'string') continue;
    const step = raw.replace(/\s+/g, ' ').trim().replace(/^[-*\d.)\s]+/, '').trim();
    if (!step || step.length > MAX_STEP_CHARS || seen.has(norm(step))) continue;
    seen.add(norm(step));
    steps.push(step);
    if (steps.length === MAX_STEPS) break;
  }
  return steps;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** The model call: the instruction and the summary in, the answer's text out. */
export type SuggestFn = (instruction: string, summary: string, signal: AbortSignal) => Promise<string>;

/**
 * Asks for next steps for the run `state` just ended with. Never throws: a failed call (no turn
 * left, a quota, a stop) gives no chips and leaves the run as it ended.
 */
export async function suggestNextSteps(state: ChatState, call: SuggestFn, signal: AbortSignal): Promise<string[]> {
  const summary = runSummary(state);
  if (!summary) return [];
  const request = [...state.items].reverse().find((i) => i.kind === 'user');
  try {
    return parseNextSteps(await call(NEXT_STEPS_INSTRUCTION, summary, signal), request?.kind === 'user' ? request.text : '');
  } catch {
    return [];
  }
}
