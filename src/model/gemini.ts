/**
 * The only module that imports the Gemini SDK. History is built from the raw parts of
 * `result.stream` (the SDK's aggregated `result.response` drops `thought` and `thoughtSignature`),
 * and the SDK's text helpers are never called: they mix thoughts into the answer and throw on
 * blocked chunks.
 */
import { GoogleGenerativeAI, type GenerateContentResponse, type ModelParams } from '@google/generative-ai';
import { streamErrorToModelError, toModelError } from './errors';
import { redactSecrets } from './redact';
import { thinkingConfig, type ThinkingSetting } from './thinking';
import {
  emptyUsage,
  ModelError,
  type Content,
  type FunctionCall,
  type GenerateRequest,
  type ModelClient,
  type ModelInfo,
  type ModelTurn,
  type Part,
  type StreamDelta,
  type Usage,
} from './types';
import { expandInlineRefs } from './inline';

export const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
/** Finish reasons that mean the answer was blocked: it is not the model's answer and never goes back to it. */
const BLOCKING_FINISH = new Set(['SAFETY', 'RECITATION', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'LANGUAGE', 'IMAGE_SAFETY']);

export interface GeminiOptions {
  apiKey: string;
  model: string;
  /** Empty for Google's endpoint; proxies, gateways and the test emulator go here. */
  baseUrl?: string;
  /** How hard the model thinks; `auto` when absent. */
  thinking?: ThinkingSetting;
  /** The stored bytes (base64) of an image the history refers to (see inline.ts). */
  loadImage?: (ref: string) => Promise<string | undefined>;
}

/**
 * The model an alias resolved to (a response's `modelVersion`), per base URL and alias: an alias
 * hides its family, so the thinking setting applies from the first answer on (generationConfig is
 * not part of the cached prefix, so this does not break the implicit cache).
 */
const resolvedAliases = new Map<string, string>();

export class GeminiClient implements ModelClient {
  private readonly baseUrl: string;

  constructor(private readonly options: GeminiOptions) {
    this.baseUrl = (options.baseUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
  }

  async generate(request: GenerateRequest, onDelta: (delta: StreamDelta) => void, signal: AbortSignal): Promise<ModelTurn> {
    const turn = new TurnBuilder(this.errorContext);
    try {
      const contents = await expandInlineRefs(request.contents, this.options.loadImage ?? (() => Promise.resolve(undefined)));
      const result = await this.model(request).generateContentStream(
        { contents: contents as never },
        { signal },
      );
      // Iterating the stream is what we read; the aggregate rejects alongside it when the
      // stream fails and would otherwise be an unhandled rejection.
      result.response.catch(() => undefined);
      for await (const chunk of result.stream) {
        if (signal.aborted) throw new ModelError('cancelled', 'The request was stopped.');
        turn.add(chunk, onDelta);
      }
    } catch (err) {
      // Stopped: the SDK reports the aborted body as a broken stream, which must not be retried.
      if (signal.aborted) throw new ModelError('cancelled', 'The request was stopped.');
      throw toModelError(err, this.errorContext);
    }
    const done = turn.finish();
    if (done.modelVersion?.trim()) resolvedAliases.set(this.aliasKey, done.modelVersion.trim());
    return done;
  }

  /** The SDK has no model list; this is the same endpoint and key header it uses. */
  async listModels(signal: AbortSignal): Promise<ModelInfo[]> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/v1beta/models?pageSize=200`, {
        headers: { 'x-goog-api-key': this.options.apiKey },
        signal,
      });
    } catch (err) {
      throw toModelError(err, this.errorContext);
    }
    const body = (await res.json().catch(() => ({}))) as { models?: Array<Record<string, unknown>>; error?: { message?: string; details?: unknown } };
    if (!res.ok) {
      const fake = Object.assign(new Error(`[${res.status}] ${body.error?.message ?? ''}`), { status: res.status, errorDetails: body.error?.details });
      throw toModelError(fake, this.errorContext);
    }
    return (body.models ?? [])
      .filter((m) => (m.supportedGenerationMethods as string[] | undefined)?.includes('generateContent') ?? true)
      .map((m) => ({
        id: String(m.name ?? '').replace(/^models\//, ''),
        displayName: String(m.displayName ?? m.name ?? ''),
        inputTokenLimit: typeof m.inputTokenLimit === 'number' ? m.inputTokenLimit : undefined,
        outputTokenLimit: typeof m.outputTokenLimit === 'number' ? m.outputTokenLimit : undefined,
      }));
  }

  private get aliasKey(): string {
    return `${this.baseUrl}\n${this.options.model}`;
  }

  /** What an error message may name (the key only so that it can be redacted). */
  private get errorContext() {
    return { baseUrl: this.baseUrl, model: this.options.model, apiKey: this.options.apiKey };
  }

  private model(request: GenerateRequest) {
    const params: ModelParams = { model: this.options.model };
    if (request.systemInstruction) params.systemInstruction = request.systemInstruction;
    if (request.tools?.length) params.tools = [{ functionDeclarations: request.tools as never }];
    if (request.toolChoice) params.toolConfig = { functionCallingConfig: request.toolChoice as never };
    const thinking = thinkingConfig(resolvedAliases.get(this.aliasKey) ?? this.options.model, this.options.thinking ?? 'auto');
    // The SDK's types lack thinkingConfig; it sends generationConfig as given.
    params.generationConfig = {
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(thinking ? { thinkingConfig: thinking } : {}),
    } as ModelParams['generationConfig'];
    return new GoogleGenerativeAI(this.options.apiKey).getGenerativeModel(params, { baseUrl: this.baseUrl });
  }
}

/** Collects one streamed turn from raw chunks, keeping every field of every part. */
class TurnBuilder {
  private readonly parts: Part[] = [];
  private finishMessage: string | undefined;
  private promptBlocked = false;
  private readonly calls: FunctionCall[] = [];
  private text = '';
  private finishReason = '';
  private blockedReason: string | undefined;
  private modelVersion: string | undefined;
  private usage: Usage = emptyUsage();

  constructor(private readonly errorContext: { baseUrl: string; model: string; apiKey?: string }) {}

  add(chunk: GenerateContentResponse, onDelta: (delta: StreamDelta) => void): void {
    // The SDK hands on an `{"error": {...}}` event like any chunk; it ends the answer.
    const error = (chunk as { error?: unknown }).error;
    if (error !== undefined) throw streamErrorToModelError(error, this.errorContext);
    const block = chunk.promptFeedback?.blockReason;
    if (block) {
      this.blockedReason = String(block);
      this.promptBlocked = true;
    }
    const candidate = chunk.candidates?.[0];
    if (candidate?.finishReason) {
      this.finishReason = String(candidate.finishReason);
      if (BLOCKING_FINISH.has(this.finishReason)) this.blockedReason = this.finishReason;
    }
    const finishMessage = (candidate as { finishMessage?: unknown } | undefined)?.finishMessage;
    if (typeof finishMessage === 'string' && finishMessage.trim()) {
      const secrets = this.errorContext.apiKey ? [this.errorContext.apiKey] : [];
      this.finishMessage = redactSecrets(finishMessage.replace(/\s+/g, ' ').trim(), secrets).slice(0, 500);
    }
    for (const raw of (candidate?.content?.parts ?? []) as Part[]) {
      const part: Part = { ...raw };
      if (part.functionCall) {
        const call = { name: part.functionCall.name, args: part.functionCall.args ?? {} };
        this.calls.push(call);
        onDelta({ type: 'functionCall', call });
        this.parts.push(part);
      } else if (typeof part.text === 'string') {
        if (part.text === '' && !part.thoughtSignature) continue;
        if (part.thought) onDelta({ type: 'thought', text: part.text });
        else {
          this.text += part.text;
          onDelta({ type: 'text', text: part.text });
        }
        this.appendText(part);
      } else {
        this.parts.push(part);
      }
    }
    const version = (chunk as { modelVersion?: unknown }).modelVersion;
    if (typeof version === 'string' && version) this.modelVersion = version;
    const u = chunk.usageMetadata as Record<string, number | undefined> | undefined;
    if (u) {
      this.usage = {
        promptTokens: u.promptTokenCount ?? 0,
        outputTokens: u.candidatesTokenCount ?? 0,
        thoughtTokens: u.thoughtsTokenCount ?? 0,
        cachedTokens: u.cachedContentTokenCount ?? 0,
        totalTokens: u.totalTokenCount ?? 0,
      };
    }
  }

  /** Joins consecutive text parts of one kind so history stays small; signed parts stay whole. */
  private appendText(part: Part): void {
    const last = this.parts[this.parts.length - 1];
    const joinable = last && typeof last.text === 'string' && !last.functionCall && !last.thoughtSignature && !part.thoughtSignature;
    if (joinable && Boolean(last.thought) === Boolean(part.thought)) last.text += part.text ?? '';
    else this.parts.push(part);
  }

  finish(): ModelTurn {
    if (!this.finishReason && !this.blockedReason) {
      throw new ModelError('streamCut', 'The connection to Gemini broke off before the answer was complete.');
    }
    const content: Content = { role: 'model', parts: this.parts };
    return {
      content,
      text: this.text,
      functionCalls: this.calls,
      finishReason: this.finishReason || 'BLOCKED',
      ...(this.finishMessage ? { finishMessage: this.finishMessage } : {}),
      usage: this.usage,
      blockedReason: this.blockedReason,
      ...(this.promptBlocked ? { promptBlocked: true } : {}),
      ...(this.modelVersion ? { modelVersion: this.modelVersion } : {}),
    };
  }
}
