/**
 * The model seam. The agent talks to a `ModelClient`; only `gemini.ts` imports the Gemini SDK.
 * Shapes follow the Gemini wire format so history can be sent back unchanged (thought parts and
 * `thoughtSignature` included).
 */

export interface FunctionCall {
  /** Set by newer models; a response to the call must carry the same id. */
  id?: string;
  name: string;
  args: Record<string, unknown>;
}

export interface FunctionResponse {
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

/** One part of a content, as on the wire. Unknown fields are kept when echoed back. */
export interface Part {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: FunctionCall;
  functionResponse?: FunctionResponse;
  /** An image (base64 bytes); in the history a `ref:` to stored bytes, expanded on sending (see inline.ts). */
  inlineData?: { mimeType: string; data: string };
}

export interface Content {
  role: 'user' | 'model';
  parts: Part[];
}

/** A JSON schema in the subset the Gemini API accepts for function parameters. */
export type JsonSchema = Record<string, unknown>;

export interface FunctionDeclaration {
  name: string;
  description: string;
  parameters?: JsonSchema;
}

export interface GenerateRequest {
  contents: Content[];
  systemInstruction?: string;
  tools?: FunctionDeclaration[];
  /**
   * `toolConfig.functionCallingConfig`: absent means the API's default (AUTO). `ANY` with
   * `allowedFunctionNames` forces a call of one of them (the plan arrives so).
   */
  toolChoice?: { mode: 'AUTO' | 'ANY' | 'NONE'; allowedFunctionNames?: string[] };
  temperature?: number;
}

export interface Usage {
  promptTokens: number;
  outputTokens: number;
  thoughtTokens: number;
  cachedTokens: number;
  totalTokens: number;
}

/** A piece of a streamed answer, emitted the moment it arrives. */
export type StreamDelta =
  | { type: 'text'; text: string }
  | { type: 'thought'; text: string }
  | { type: 'functionCall'; call: FunctionCall };

/** Everything one model turn produced, once the stream has ended. */
export interface ModelTurn {
  /** The model's content exactly as streamed (raw parts, signatures kept), for history. */
  content: Content;
  text: string;
  functionCalls: FunctionCall[];
  finishReason: string;
  /** Why the answer ended, in the server's words (redacted), when it said: e.g. with `OTHER`. */
  finishMessage?: string;
  usage: Usage;
  /** Set when the answer was blocked (SAFETY, RECITATION, a blocked prompt...). */
  blockedReason?: string;
  /** The request itself was blocked (`promptFeedback.blockReason`), not only the answer. */
  promptBlocked?: boolean;
  /** The model that answered, as the API names it (an alias like `gemini-flash-latest` resolved). */
  modelVersion?: string;
}

export interface ModelInfo {
  id: string;
  displayName: string;
  inputTokenLimit?: number;
  outputTokenLimit?: number;
}

export interface ModelClient {
  /** Streams one turn. `onDelta` sees text, thoughts and calls as they arrive. Throws `ModelError`. */
  generate(request: GenerateRequest, onDelta: (delta: StreamDelta) => void, signal: AbortSignal): Promise<ModelTurn>;
  listModels(signal: AbortSignal): Promise<ModelInfo[]>;
}

export type ModelErrorKind =
  | 'noKey'
  /** The key is invalid, expired, or its restrictions block the Gemini API (401, or its ErrorInfo reason). */
  | 'auth'
  /** The Generative Language API is disabled for the key's project (403 SERVICE_DISABLED). */
  | 'apiDisabled'
  /** Any other 403. */
  | 'permission'
  /** 400 FAILED_PRECONDITION: e.g. the API is not offered where the request comes from. */
  | 'precondition'
  | 'badRequest'
  | 'rateLimit'
  | 'dailyQuota'
  | 'server'
  | 'network'
  | 'streamCut'
  | 'cancelled'
  | 'tooManyTokens'
  | 'notFound'
  /** Nothing we recognise: shown as it is, never retried. */
  | 'unknown';

/** A model failure in plain words. `message` is safe to show: it never holds the key or raw details. */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly options: {
      status?: number;
      /** How long the server asked us to wait (`RetryInfo`). */
      retryAfterMs?: number;
      /** A page that helps, from the error's details (e.g. Google's API activation page). */
      link?: { url: string; label: string };
    } = {},
  ) {
    super(message);
    this.name = 'ModelError';
  }

  /** Whether trying again later may succeed (rate limits, outages, cut streams). */
  get retryable(): boolean {
    return this.kind === 'rateLimit' || this.kind === 'server' || this.kind === 'network' || this.kind === 'streamCut';
  }
}

export const emptyUsage = (): Usage => ({ promptTokens: 0, outputTokens: 0, thoughtTokens: 0, cachedTokens: 0, totalTokens: 0 });
