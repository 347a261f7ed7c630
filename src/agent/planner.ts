/**
 * The plan: the first request of a run forces a call of `submit_plan` (toolConfig mode ANY) with
 * the same system instruction and tools as every other request, and validates its arguments with
 * zod. The plan is shown the moment its call arrives. A plan that does not validate gets one
 * repair round: the call is answered with what was wrong; after that the run fails with a message
 * rather than guessing.
 */
import type { Content, FunctionCall, GenerateRequest, ModelTurn } from '../model/types';
import { PlanParameters, SUBMIT_PLAN } from '../tools/submitPlan';
import type { PlanTaskInput } from '../tools/types';
import { abnormalEnd } from './finish';
import { callsOf, responsePart, userText } from './history';
import type { ModelCaller } from './modelCall';
import { planRepair } from './prompts';
import { RunStop } from './stop';
import { z } from 'zod';

/** What every request of a chat starts with, byte for byte: the implicit cache's prefix. */
export type RequestPrefix = Pick<GenerateRequest, 'systemInstruction' | 'tools' | 'temperature'>;

const FORCE_PLAN: GenerateRequest['toolChoice'] = { mode: 'ANY', allowedFunctionNames: [SUBMIT_PLAN] };

/**
 * Asks for the plan. `contents` ends with the request; the plan's turn and the answer to its call
 * are appended to it. `show` gets the plan as soon as it is known, once per plan.
 */
export async function requestPlan(
  caller: ModelCaller,
  prefix: RequestPrefix,
  contents: Content[],
  signal: AbortSignal,
  show: (tasks: PlanTaskInput[]) => void,
): Promise<PlanTaskInput[]> {
  let shown = '';
  const showOnce = (tasks: PlanTaskInput[]) => {
    const key = JSON.stringify(tasks);
    if (key !== shown) show(tasks);
    shown = key;
  };
  const ask = async (history: Content[]) => {
    const turn = await caller.generate({ ...prefix, contents: history, toolChoice: FORCE_PLAN }, signal, {
      streamText: false,
      onCall: (call) => {
        const early = call.name === SUBMIT_PLAN ? PlanParameters.safeParse(call.args) : undefined;
        if (early?.success) showOnce(early.data.tasks);
      },
    });
    // A blocked answer already stopped the run in the caller: never repaired nor sent back.
    return endedWell(turn);
  };
  const first = await ask(contents);
  const parsed = parsePlan(first);
  if (parsed.ok) return accept(first, parsed.tasks);
  const repairHistory = [...contents, ...(first.content.parts.length > 0 ? [first.content] : [])];
  repairHistory.push(answerCalls(first, { error: planRepair(parsed.error) }) ?? userText(planRepair(parsed.error)));
  const second = await ask(repairHistory);
  const repaired = parsePlan(second);
  if (!repaired.ok) throw new RunStop('failed', `The model did not give a usable plan, even after being shown the problem (${repaired.error}). Try again, or rephrase the request.`);
  // The failed attempt is left out of the history: the plan that counts follows the request.
  return accept(second, repaired.tasks);

  function accept(turn: ModelTurn, tasks: PlanTaskInput[]): PlanTaskInput[] {
    const n = tasks.length;
    contents.push(turn.content, answerCalls(turn, { result: `Plan accepted: ${n} task${n === 1 ? '' : 's'}, worked on one at a time.` }) as Content);
    showOnce(tasks);
    return tasks;
  }
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

/** The plan of the turn's first submit_plan call, or what is wrong with it in words for the model. */
export function parsePlan(turn: ModelTurn): Parsed {
  const call = turn.functionCalls.find((c) => c.name === SUBMIT_PLAN);
  if (!call) {
    if (turn.finishReason === 'MALFORMED_FUNCTION_CALL') return { ok: false, error: 'the submit_plan call could not be read (malformed arguments)' };
    return { ok: false, error: turn.text.trim() ? 'it came as text, not as a submit_plan call' : 'no submit_plan call came' };
  }
  const result = PlanParameters.safeParse(call.args);
  if (!result.success) return { ok: false, error: z.prettifyError(result.error).replace(/\n/g, ' ') };
  return { ok: true, tasks: result.data.tasks };
}

/**
 * One response per call of the turn, in order (the API refuses any other count): the first
 * submit_plan call gets `planAnswer`, any other call is refused. Undefined for a turn without calls.
 */
function answerCalls(turn: ModelTurn, planAnswer: Record<string, unknown>): Content | undefined {
  const calls = callsOf(turn);
  if (calls.length === 0) return undefined;
  const first = calls.findIndex((c) => c.name === SUBMIT_PLAN);
  const refusal = (c: FunctionCall) =>
    c.name === SUBMIT_PLAN ? 'Only the first plan of a turn counts; this one was ignored.' : `Not run: while planning, only ${SUBMIT_PLAN} is available.`;
  return { role: 'user', parts: calls.map((c, i) => responsePart(c, i === first ? planAnswer : { error: refusal(c) })) };
}
