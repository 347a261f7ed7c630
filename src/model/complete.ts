/**
 * The completion call: one non-streamed, non-agent `generateContent` on a fast model, thinking at
 * the family's minimum, `stopSequences` as given (the caller keeps them at five or fewer), the
 * HTTP request aborted through `signal`. Returns the answer's text without thought parts; the SDK's
 * `text()` helper is not used (it mixes thoughts in and throws on blocked answers).
 */
import { GoogleGenerativeAI, type GenerateContentResponse, type ModelParams } from '@google/generative-ai';
import { toModelError } from './errors';
import { DEFAULT_BASE_URL } from './gemini';
import { thinkingConfig, type ThinkingConfig } from './thinking';
import { ModelError } from './types';

export interface CompletionCallOptions {
  apiKey: string;
  model: string;
  baseUrl?: string;
}

export interface CompletionCall {
  systemInstruction: string;
  text: string;
  stopSequences: string[];
  maxOutputTokens: number;
  /** JSON mode (`responseMimeType: application/json`): allowed because this call never carries tools or tool history. */
  json?: boolean;
}

/** Alias → the model version an answer named, so an alias gets its family's minimum from then on. */
const resolved = new Map<string, string>();

/**
 * The least thinking the family takes, without thought summaries: a budget of 0 where it can be
 * turned off, `minimal` for Gemini 3 Flash. An alias that does not show its family gets none.
 */
export function minimalThinking(model: string): ThinkingConfig | undefined {
  const config = thinkingConfig(model, 'off');
  if (!config) return undefined;
  const rest: ThinkingConfig = {};
  if (config.thinkingBudget !== undefined) rest.thinkingBudget = config.thinkingBudget;
  if (config.thinkingLevel !== undefined) rest.thinkingLevel = config.thinkingLevel;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

export async function completeOnce(options: CompletionCallOptions, call: CompletionCall, signal: AbortSignal): Promise<string> {
  const baseUrl = (options.baseUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
  const key = `${baseUrl}\n${options.model}`;
  const thinking = minimalThinking(resolved.get(key) ?? options.model);
  const params: ModelParams = {
    model: options.model,
    systemInstruction: call.systemInstruction,
    // The SDK's types lack thinkingConfig; it sends generationConfig as given.
    generationConfig: {
      temperature: 0.2,
      candidateCount: 1,
      maxOutputTokens: call.maxOutputTokens,
      ...(call.stopSequences.length > 0 ? { stopSequences: call.stopSequences } : {}),
      ...(call.json ? { responseMimeType: 'application/json' } : {}),
      ...(thinking ? { thinkingConfig: thinking } : {}),
    } as ModelParams['generationConfig'],
  };
  const errorContext = { baseUrl, model: options.model, apiKey: options.apiKey };
  let response: GenerateContentResponse;
  try {
    const model = new GoogleGenerativeAI(options.apiKey).getGenerativeModel(params, { baseUrl });
    const result = await model.generateContent({ contents: [{ role: 'user', parts: [{ text: call.text }] }] }, { signal });
    response = result.response;
  } catch (err) {
    if (signal.aborted) throw new ModelError('cancelled', 'The request was stopped.');
    throw toModelError(err, errorContext);
  }
  const version = (response as { modelVersion?: unknown }).modelVersion;
  if (typeof version === 'string' && version.trim()) resolved.set(key, version.trim());
  const parts = (response.candidates?.[0]?.content?.parts ?? []) as Array<{ text?: string; thought?: boolean }>;
  return parts.filter((p) => !p.thought && typeof p.text === 'string').map((p) => p.text).join('');
}
