/**
 * `explore {question, paths?}`: hands a question to an explorer, a read-only subagent with a fresh
 * context of its own, and gives the caller only its short report and the places it relied on. The
 * files it read never enter the caller's conversation. Calls of one turn run in parallel, at most
 * `maxParallel` at a time (the rest wait). A failed explorer is this call's error; the run goes on.
 */
import { z } from 'zod';
import type { Tool } from '../tools/types';
import { refText } from './refs';
import type { SubagentResult } from './runner';
import { Slots } from './slots';

export const EXPLORE = 'explore';

const parameters = z.object({
  question: z.string().trim().min(1).max(2000).describe('What to find out, as one precise question (e.g. "Where is the session cookie set, and with which options?").'),
  paths: z.array(z.string()).max(20).optional().describe('Files or folders to start from, if you know them.'),
});
export type ExploreArgs = z.infer<typeof parameters>;

/** Starts one explorer for a question; `parentCallId` is the explore call's card. */
export type StartExplorer = (args: ExploreArgs, parentCallId: string | undefined, taskId: string | undefined, signal: AbortSignal) => Promise<SubagentResult<undefined>>;

export function exploreTool(start: StartExplorer, maxParallel: number): Tool<typeof parameters> {
  const slots = new Slots(Math.max(1, maxParallel));
  return {
    name: EXPLORE,
    description:
      'Ask an explorer, a read-only helper with its own fresh context, to answer a question about the codebase by reading and searching files. Returns only its short report and the file/line references it relied on, so your context stays small. Use it for questions that need several files read; read a single known file yourself. Several explore calls in one turn run in parallel.',
    parameters,
    parallel: true,
    label: (a) => `Explore: ${a.question.length > 80 ? `${a.question.slice(0, 79)}…` : a.question}`,
    report: (_a, r) => ({ summary: r.status === 'partial' ? 'Partial report' : 'Reported', ...(typeof r.report === 'string' ? { detail: r.report } : {}) }),
    async execute(args, ctx) {
      const result = await slots.run(() => start(args, ctx.callId, ctx.taskId, ctx.signal), ctx.signal);
      if (result.status === 'failed') return { error: `The explorer failed: ${result.text}` };
      return { ...(result.status === 'partial' ? { status: 'partial' } : {}), report: result.text, refs: result.refs.map(refText) };
    },
  };
}
