/**
 * Small helpers for the conversation as Gemini sees it. Model turns are kept exactly as streamed
 * (thought signatures included); every function call is answered, in order, by the next content.
 */
import type { Content, FunctionCall, ModelTurn, Part } from '../model/types';

export function userText(text: string): Content {
  return { role: 'user', parts: [{ text }] };
}

/** The turn's calls with the ids newer models put on the raw parts. */
export function callsOf(turn: ModelTurn): FunctionCall[] {
  const raw = turn.content.parts.filter((p) => p.functionCall).map((p) => p.functionCall as FunctionCall);
  return turn.functionCalls.map((c, i) => {
    const id = c.id ?? raw[i]?.id;
    return id !== undefined ? { ...c, id } : c;
  });
}

export function responsePart(call: FunctionCall, response: Record<string, unknown>): Part {
  return { functionResponse: { ...(call.id !== undefined ? { id: call.id } : {}), name: call.name, response } };
}

/** Responses for `calls`, using those already made and a "not run" answer for the rest. */
export function completeResponses(calls: FunctionCall[], made: Part[], why: string): Content {
  const parts = calls.map((call, i) => made[i] ?? responsePart(call, { error: `Not run: ${why}` }));
  return { role: 'user', parts };
}

/**
 * A run that ended between a model's calls and their answers would leave a history the API
 * refuses on the next request; answer the dangling calls.
 */
export function sealHistory(contents: Content[], why: string): void {
  const last = contents[contents.length - 1];
  if (last?.role !== 'model') return;
  const calls = last.parts.filter((p) => p.functionCall).map((p) => p.functionCall as FunctionCall);
  if (calls.length > 0) contents.push(completeResponses(calls, [], why));
}
