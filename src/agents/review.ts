/**
 * The reviewer's side: `submit_review`, its verdict schema, the task's diff and what the reviewer
 * is shown, and the words that take requested changes back to the coder.
 */
import { createTwoFilesPatch } from 'diff';
import { z } from 'zod';
import type { Tool } from '../tools/types';

export const SUBMIT_REVIEW = 'submit_review';

export const ReviewVerdict = z
  .object({
    verdict: z.enum(['approve', 'changes']).describe('"approve" when the changes are fit to keep; "changes" to ask the coder for changes.'),
    summary: z.string().trim().min(1).max(4000).describe('The review in one or two sentences.'),
    comments: z
      .array(
        z.object({
          path: z.string().trim().min(1).max(1000).describe('Workspace-relative file the comment is about.'),
          line: z.number().int().positive().optional().describe('Line in the new version of the file (1-based).'),
          endLine: z.number().int().positive().optional().describe('Last line of the range, when it spans several.'),
          body: z.string().trim().min(1).max(4000).describe('What is wrong and what to change.'),
        }),
      )
      .max(50)
      .optional()
      .describe('Specific comments; required with "changes".'),
  })
  .refine((v) => v.verdict === 'approve' || (v.comments ?? []).length > 0, 'a "changes" verdict needs at least one comment saying what to change');
export type ReviewVerdict = z.infer<typeof ReviewVerdict>;

export const submitReviewTool: Tool<typeof ReviewVerdict> = {
  name: SUBMIT_REVIEW,
  description: 'Give your verdict on the task\'s changes: approve, or request changes with specific comments tied to file and line.',
  parameters: ReviewVerdict,
  label: (a) => (a.verdict === 'approve' ? 'Approve' : 'Request changes'),
  async execute() {
    return { result: 'Review received.' };
  },
};

export function reviewRepair(error: string): string {
  return `That is not a usable review: ${error}. Call submit_review again with the corrected review.`;
}

const MAX_DIFF_CHARS = 60_000;

/** A unified diff of a task's changes, file by file; cut beyond a size, saying where to read the rest. */
export function taskDiff(changes: ReadonlyArray<{ path: string; before: string | undefined; after: string | undefined }>): string {
  let out = '';
  for (const c of changes) {
    const patch = createTwoFilesPatch(c.before === undefined ? '/dev/null' : `a/${c.path}`, c.after === undefined ? '/dev/null' : `b/${c.path}`, c.before ?? '', c.after ?? '', undefined, undefined, { context: 3 });
    // The "Index:"/"===" header createTwoFilesPatch writes first says nothing the ---/+++ lines do not.
    const body = patch.replace(/^(?:Index:.*\n)?=+\n/, '');
    if (out.length + body.length > MAX_DIFF_CHARS) {
      out += `\n[The diff of ${c.path} and any later files is left out for size; read the files to review them.]\n`;
      break;
    }
    out += body;
  }
  return out;
}

/** What the reviewer is given, as its conversation's first message. */
export function reviewRequest(p: { taskId: string; description: string; request: string; rules: string; diff: string; round: number; earlier?: ReviewVerdict }): string {
  const earlier = p.earlier
    ? `\n\nYour earlier review (round ${p.round - 1}) asked for these changes; check that they were made:\n${commentLines(p.earlier)}`
    : '';
  return `Review task ${p.taskId}: ${p.description}

The user's request:
${p.request}

The project's rules:
${p.rules.trim() || '(none)'}${earlier}

The task's changes (unified diff; the files in the workspace already hold the new version):
\`\`\`diff
${p.diff}\`\`\``;
}

/** Requested changes, as the user message that takes them back to the coder. */
export function changesPrompt(taskId: string, review: ReviewVerdict, round: number, maxRounds: number): string {
  return `The reviewer asked for changes to task ${taskId} (review round ${round} of ${maxRounds}):
${review.summary}

${commentLines(review)}

Make these changes (or, where a comment is wrong, say why in your reply), then reply with a short summary when done.`;
}

function commentLines(review: ReviewVerdict): string {
  return (review.comments ?? []).map((c) => `- ${c.path}${c.line ? `:${c.line}${c.endLine && c.endLine !== c.line ? `-${c.endLine}` : ''}` : ''}: ${c.body}`).join('\n');
}
