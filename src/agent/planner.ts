/**
 * The plan: the first request of a run asks for ordered tasks as JSON (Gemini's JSON mode with a
 * response schema) and validates them with zod. Models do sometimes answer with broken or
 * truncated JSON even in JSON mode, so one repair round shows the model its validation error;
 * after that the run fails with a message rather than guessing.
 */
import { z } from 'zod';
import type { Content, ModelTurn } from '../model/types';
import type { PlanTaskInput } from '../tools/types';
import { toGeminiSchema } from '../tools/schema';
import { abnormalEnd } from './finish';
import { userText } from './history';
import type { ModelCaller } from './modelCall';
import { PLAN_INSTRUCTION } from './prompts';
import { RunStop } from './stop';

export const MAX_PLAN_TASKS = 20;

export const PlanJson = z.object({
  tasks: z
    .array(
      z.object({
        id: z.string().trim().min(1).describe('Short unique id, e.g. "1", "2".'),
        description: z.string().trim().min(1).describe('What to do, in one or two sentences.'),
        files: z.array(z.string()).describe('Workspace-relative files the task expects to create or change (may be empty).'),
      }),
    )
    .min(1)
    .max(MAX_PLAN_TASKS)
    .refine((tasks) => new Set(tasks.map((t) => t.id)).size === tasks.length, 'task ids must be unique'),
});

const responseSchema = toGeminiSchema(PlanJson);

/** Asks for the plan. `contents` ends with the request; the valid plan turn is appended to it. */
export async function requestPlan(caller: ModelCaller, contents: Content[], signal: AbortSignal): Promise<PlanTaskInput[]> {
  const ask = async (history: Content[]) => endedWell(await caller.generate({ contents: history, systemInstruction: PLAN_INSTRUCTION, responseSchema }, signal, { streamText: false }));
  const first = await ask(contents);
  const parsed = parsePlan(first);
  if (parsed.ok) {
    contents.push(first.content);
    return parsed.tasks;
  }
  const repairPrompt = userText(`That answer is not a valid plan: ${parsed.error}\nAnswer again with only the JSON plan, matching the schema exactly.`);
  const repairHistory = [...contents, ...(first.content.parts.length > 0 ? [first.content] : []), repairPrompt];
  const second = await ask(repairHistory);
  const repaired = parsePlan(second);
  if (!repaired.ok) throw new RunStop('failed', `The model did not give a usable plan, even after being shown the problem (${repaired.error}). Try again, or rephrase the request.`);
  // The failed attempt is left out of the history: the plan that counts follows the request.
  contents.push(second.content);
  return repaired.tasks;
}

/**
 * Response classes at the planning step, as in a task: a blocked turn already stopped the run in
 * the caller (never repaired: that would send the blocked text back); an answer that ended some
 * other way stops it here with the server's words.
 */
function endedWell(turn: ModelTurn): ModelTurn {
  const abnormal = abnormalEnd(turn);
  if (abnormal) throw new RunStop('failed', `${abnormal} No plan was made; try again.`);
  return turn;
}

type Parsed = { ok: true; tasks: PlanTaskInput[] } | { ok: false; error: string };

export function parsePlan(turn: ModelTurn): Parsed {
  if (turn.blockedReason) return { ok: false, error: `the answer was blocked (${turn.blockedReason})` };
  const text = turn.text.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  if (text === '') return { ok: false, error: 'the answer was empty' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `it is not valid JSON (${(err as Error).message})` };
  }
  const result = PlanJson.safeParse(json);
  if (!result.success) return { ok: false, error: z.prettifyError(result.error).replace(/\n/g, ' ') };
  return { ok: true, tasks: result.data.tasks };
}
