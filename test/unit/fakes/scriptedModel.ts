/**
 * A ModelClient that plays a script of turns and records every request it gets. A step can be a
 * turn, a ModelError to throw, or a function of the request (to look at it, or to stop the run
 * from inside a request).
 */
import { emptyUsage, ModelError, type Content, type FunctionCall, type GenerateRequest, type ModelClient, type ModelInfo, type ModelTurn, type Part, type StreamDelta, type Usage } from '../../../src/model/types';

export interface TurnSpec {
  text?: string;
  thought?: string;
  /** Put on the first part, as Gemini does. */
  signature?: string;
  calls?: FunctionCall[];
  finishReason?: string;
  finishMessage?: string;
  blockedReason?: string;
  promptBlocked?: boolean;
  usage?: Partial<Usage>;
}

export type Step = TurnSpec | ModelError | ((request: GenerateRequest, signal: AbortSignal) => TurnSpec | ModelError | Promise<TurnSpec | ModelError>);

export class ScriptedModel implements ModelClient {
  readonly requests: GenerateRequest[] = [];

  constructor(private readonly steps: Step[]) {}

  get remaining(): number {
    return this.steps.length;
  }

  async generate(request: GenerateRequest, onDelta: (delta: StreamDelta) => void, signal: AbortSignal): Promise<ModelTurn> {
    this.requests.push(structuredClone(request));
    signal.throwIfAborted();
    const step = this.steps.shift();
    if (!step) throw new Error(`The script ran out at request ${this.requests.length}.`);
    const spec = typeof step === 'function' ? await step(request, signal) : step;
    if (spec instanceof Error) throw spec;
    if (signal.aborted) throw new ModelError('cancelled', 'The request was stopped.');
    // Prompt tokens as the API would roughly count them, so budget calibration sees real numbers.
    return play(spec, onDelta, Math.ceil(JSON.stringify(request.contents).length / 4));
  }

  async listModels(): Promise<ModelInfo[]> {
    return [{ id: 'scripted', displayName: 'Scripted', inputTokenLimit: 1_000_000 }];
  }
}

function play(spec: TurnSpec, onDelta: (delta: StreamDelta) => void, promptTokens: number): ModelTurn {
  const parts: Part[] = [];
  if (spec.thought !== undefined) {
    parts.push({ text: spec.thought, thought: true });
    onDelta({ type: 'thought', text: spec.thought });
  }
  if (spec.text !== undefined) {
    parts.push({ text: spec.text });
    onDelta({ type: 'text', text: spec.text });
  }
  for (const call of spec.calls ?? []) {
    parts.push({ functionCall: call });
    onDelta({ type: 'functionCall', call });
  }
  if (spec.signature && parts.length > 0) parts[0].thoughtSignature = spec.signature;
  const content: Content = { role: 'model', parts };
  const usage = { ...emptyUsage(), promptTokens, outputTokens: 10, totalTokens: promptTokens + 10, ...spec.usage };
  return {
    content,
    text: spec.text ?? '',
    functionCalls: (spec.calls ?? []).map(({ name, args }) => ({ name, args })),
    finishReason: spec.finishReason ?? 'STOP',
    ...(spec.finishMessage ? { finishMessage: spec.finishMessage } : {}),
    usage,
    blockedReason: spec.blockedReason,
    ...(spec.promptBlocked ? { promptBlocked: true } : {}),
  };
}

/** Turn builders for scripts. */
export const say = (text: string, extra: Partial<TurnSpec> = {}): TurnSpec => ({ text, ...extra });
export const call = (name: string, args: Record<string, unknown>, extra: Partial<TurnSpec> = {}): TurnSpec => ({ calls: [{ name, args }], ...extra });
export const calls = (...list: Array<[string, Record<string, unknown>]>): TurnSpec => ({ calls: list.map(([name, args]) => ({ name, args })) });
/** The plan's turn: a call of submit_plan, as the forced planning request gets it. */
export const plan = (...tasks: Array<{ id: string; description: string; files?: string[] }>): TurnSpec => ({
  calls: [{ name: 'submit_plan', args: { tasks: tasks.map((t) => ({ files: [], ...t })) } }],
});
