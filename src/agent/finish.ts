/**
 * How a model turn ended, in plain words, and what the loop does about it. Pure: the planning
 * step and the task loop read the same answers, so a block or an odd ending is handled the same
 * wherever it happens.
 */
import type { ModelTurn } from '../model/types';
import { MALFORMED_CALL_PROMPT } from './prompts';

const BLOCK_WORDS: Record<string, string> = {
  SAFETY: 'for safety reasons',
  RECITATION: 'because it repeated existing material too closely',
  BLOCKLIST: 'because it contained a blocked term',
  PROHIBITED_CONTENT: 'because it may contain prohibited content',
  SPII: 'because it may contain sensitive personal information',
  LANGUAGE: 'because it is in a language Gemini does not support',
  IMAGE_SAFETY: 'because a generated image was judged unsafe',
};

/** The finish reasons after which the model is asked once more, with this hint. */
export const BAD_CALL_HINTS: Record<string, string> = {
  MALFORMED_FUNCTION_CALL: MALFORMED_CALL_PROMPT,
  UNEXPECTED_TOOL_CALL: 'Your last answer called a tool that is not available here. Use only the declared tools, by their exact names.',
};

/** Why the run stops for a blocked turn; `undefined` when the turn was not blocked. */
export function blockedMessage(turn: ModelTurn): string | undefined {
  const reason = turn.blockedReason;
  if (!reason) return undefined;
  const why = BLOCK_WORDS[reason] ?? 'without saying why';
  const what = turn.promptBlocked ? 'the request' : 'its answer';
  const said = turn.finishMessage ? ` Gemini said: "${turn.finishMessage}".` : '';
  return `Gemini blocked ${what} ${why} (${reason}).${said} Nothing of it was kept; rephrase the request to go on.`;
}

/** The label of text that was shown and then taken back because the answer was blocked. */
export function withdrawnLabel(turn: ModelTurn): string {
  return `Withdrawn: Gemini blocked this answer (${turn.blockedReason ?? 'blocked'})`;
}

/** A bad tool call the model gets one more chance at: the hint to send, or `undefined`. */
export function badCallHint(turn: ModelTurn): string | undefined {
  return turn.functionCalls.length === 0 ? BAD_CALL_HINTS[turn.finishReason] : undefined;
}

export function badCallMessage(turn: ModelTurn): string {
  const said = turn.finishMessage ? ` Gemini said: "${turn.finishMessage}".` : '';
  const what = turn.finishReason === 'UNEXPECTED_TOOL_CALL' ? 'called a tool that is not available' : 'sent a function call that could not be read';
  return `Gemini ${what} twice in a row (${turn.finishReason}), even after a hint.${said} Try again, or rephrase the request.`;
}

/**
 * A turn that ended some other way than finishing its answer: any reason but STOP, and
 * MAX_TOKENS only when the server explained it (a plain MAX_TOKENS cut is marked in the answer
 * instead). The message is for the user; a task that ends so is not done.
 */
export function abnormalEnd(turn: ModelTurn): string | undefined {
  const reason = turn.finishReason;
  if (reason === 'STOP' || turn.blockedReason) return undefined;
  if (reason === 'MAX_TOKENS' && !turn.finishMessage) return undefined;
  const said = turn.finishMessage ? `: ${turn.finishMessage.replace(/\.$/, '')}.` : reason === 'MAX_TOKENS' ? '.' : ', without saying why.';
  const how = reason === 'MAX_TOKENS' ? "reached the model's output limit" : 'ended its answer early';
  return `Gemini ${how} (${reason})${said}`;
}
