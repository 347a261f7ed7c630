/**
 * Building blocks for emulator scenarios of agent runs (the format of test/emulator). A run first
 * asks for a plan (a forced submit_plan call), then for each task streams turns until one has no function calls.
 */
export interface Turn {
  /** Which agent's queue the turn is in (the emulator's roles); absent: the coder's. */
  agent?: 'coder' | 'planner' | 'explorer' | 'reviewer';
  /** `firstUserTextIncludes`: picks a helper's conversation by its first message (an explorer's question). */
  expect?: { textIncludes?: string; functionResponseNames?: string[]; firstUserTextIncludes?: string };
  latencyMs?: number;
  chunks?: Array<Record<string, unknown>>;
  finishReason?: string;
  chunkDelayMs?: number;
  dropConnectionAfterChunks?: number;
  error?: { httpStatus: number; status: string; message: string; retryDelay?: string };
  usage?: { promptTokenCount: number; candidatesTokenCount: number };
}

export interface PlanTaskSpec {
  id: string;
  description: string;
  files?: string[];
}

/**
 * The plan turn: the model's call of submit_plan (forced by the planning request), with a
 * signature the next request must echo.
 */
export function planTurn(tasks: PlanTaskSpec[], textIncludes?: string): Turn {
  const args = { tasks: tasks.map((t) => ({ files: [], ...t })) };
  return { ...(textIncludes ? { expect: { textIncludes } } : {}), chunks: [{ functionCall: { name: 'submit_plan', args }, thoughtSignature: 'sig-plan' }] };
}

/** A single-task plan, for runs that are only an answer. */
export function onePlan(description = 'Answer the question', textIncludes?: string): Turn {
  return planTurn([{ id: '1', description }], textIncludes);
}

/** A turn that only streams text (the task is done when it ends). */
export function textTurn(parts: string[], extra: Partial<Turn> = {}): Turn {
  return { chunks: parts.map((text) => ({ text })), ...extra };
}

/** A turn that calls one tool, with a thought signature the next request must echo. */
export function callTurn(name: string, args: Record<string, unknown>, signature: string, extra: Partial<Turn> = {}): Turn {
  return { chunks: [{ functionCall: { name, args }, thoughtSignature: signature }], ...extra };
}

export function rateLimited(retryDelay?: string): Turn {
  return { error: { httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).', ...(retryDelay ? { retryDelay } : {}) } };
}
