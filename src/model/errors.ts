/**
 * Turns what the Gemini SDK throws, and error objects that end a stream, into a `ModelError`
 * with a message in plain words. Only what is read from the `details` (a reason, a quota, a wait,
 * a Google link) is used; the server's own message is shown redacted: a bad-key error echoes part
 * of the key.
 */
import { z } from 'zod';
import { redactSecrets } from './redact';
import { ModelError } from './types';

/** The parts of `google.rpc` detail messages that decide what the user is told. */
const Detail = z.looseObject({
  '@type': z.string().optional(),
  reason: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  retryDelay: z.string().optional(),
  violations: z.array(z.looseObject({ quotaId: z.string().optional(), quotaMetric: z.string().optional(), quotaValue: z.unknown().optional(), quotaDimensions: z.record(z.string(), z.unknown()).optional() })).optional(),
  links: z.array(z.looseObject({ description: z.string().optional(), url: z.string().optional() })).optional(),
});
type Detail = z.infer<typeof Detail>;
type Violation = NonNullable<Detail['violations']>[number];

/** The `error` object of a response body or of a stream's last event. */
const ErrorBody = z.looseObject({
  code: z.number().optional(),
  message: z.string().optional(),
  status: z.string().optional(),
  details: z.array(z.unknown()).optional(),
});

interface ErrorContext {
  baseUrl: string;
  model: string;
  /** Redacted from any text taken from the error, whatever its shape. */
  apiKey?: string;
}

/** HTTP statuses worth trying again: rate limits and transient server failures. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Parses a protobuf duration such as "17s" or "36.5s" into milliseconds. */
export function parseRetryDelay(value: string | undefined): number | undefined {
  const m = value?.match(/^(\d+(?:\.\d+)?)s$/);
  return m ? Math.round(parseFloat(m[1]) * 1000) : undefined;
}

function parseDetails(raw: unknown): Detail[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((d) => {
    const r = Detail.safeParse(d);
    return r.success ? [r.data] : [];
  });
}

const secretsOf = (context: { apiKey?: string }): string[] => (context.apiKey ? [context.apiKey] : []);

/** Server text as it may be shown: redacted, on one line, and short. */
function shown(text: string, context: ErrorContext): string {
  return redactSecrets(text.replace(/\s+/g, ' ').trim(), secretsOf(context)).slice(0, 300);
}

/** The server's own message inside the SDK's, without its URL prefix and JSON details. */
function sdkServerMessage(err: Error): string {
  const m = err.message.match(/\] (.*?)(?: \[\{.*)?$/s);
  return m ? m[1] : err.message;
}

export function toModelError(err: unknown, context: ErrorContext): ModelError {
  if (err instanceof ModelError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  const name = e.constructor?.name ?? e.name;
  if (name === 'GoogleGenerativeAIAbortError' || e.name === 'AbortError') {
    return new ModelError('cancelled', 'The request was stopped.');
  }
  const status = (e as { status?: number }).status;
  if (typeof status === 'number') {
    return redacted(classify({ code: status, text: shown(sdkServerMessage(e), context), details: parseDetails((e as { errorDetails?: unknown }).errorDetails) }, context), context);
  }
  const msg = e.message;
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|getaddrinfo|socket hang up|network/i.test(msg)) {
    return new ModelError('network', `Could not reach the Gemini API at ${context.baseUrl}. Check your connection or the "Gemini Agent: Api Base Url" setting.`);
  }
  // The SDK reports a socket closed mid-body as "Error reading from the stream".
  if (/terminated|Failed to parse stream|Error parsing JSON response|Error reading from the stream|other side closed|aborted/i.test(msg)) {
    return new ModelError('streamCut', 'The connection to Gemini broke off in the middle of the answer.');
  }
  return new ModelError('unknown', `Gemini request failed: ${shown(msg, context)}`);
}

/**
 * An `{"error": {...}}` event that ends a stream after normal chunks. Its status and message are
 * shown; whether it is retried follows from its code, as for the same error before the stream.
 */
export function streamErrorToModelError(raw: unknown, context: ErrorContext): ModelError {
  const parsed = ErrorBody.safeParse(raw);
  const body = parsed.success ? parsed.data : {};
  const code = body.code ?? 0;
  const text = shown(body.message ?? '', context);
  const classified = classify({ code, text, rpcStatus: body.status, details: parseDetails(body.details) }, context);
  const status = [code ? `HTTP ${code}` : '', body.status ? shown(body.status, context).slice(0, 40) : ''].filter(Boolean).join(' ');
  const words = `Gemini stopped the answer with an error${status ? ` (${status})` : ''}${text ? `: ${text.replace(/\.$/, '')}` : ''}.`;
  return redacted(new ModelError(classified.kind, words, classified.options), context);
}

/** Words taken from the details (a reason, a quota's name) are server text too. */
function redacted(err: ModelError, context: ErrorContext): ModelError {
  const message = redactSecrets(err.message, secretsOf(context));
  return message === err.message ? err : new ModelError(err.kind, message, err.options);
}

interface Failure {
  code: number;
  /** Already redacted. */
  text: string;
  /** The `google.rpc` status name when the body was read whole (the SDK keeps only the code). */
  rpcStatus?: string;
  details: Detail[];
}

function classify(f: Failure, context: ErrorContext): ModelError {
  const { code, text, details } = f;
  const status = code || undefined;
  const retryAfterMs = RETRYABLE_STATUSES.has(code) ? parseRetryDelay(details.find((d) => d.retryDelay)?.retryDelay) : undefined;
  const reason = details.find((d) => d.reason)?.reason ?? '';
  const said = text ? `: ${text.replace(/\.$/, '')}.` : '.';
  if (code === 429) return quotaError(details, status, retryAfterMs);
  if (reason === 'SERVICE_DISABLED') {
    // The panel shows Google's link under the message; the message itself stays short.
    const link = googleLink(details, context);
    const where = link ? "on Google's activation page (link below)" : 'in the Google Cloud console';
    return new ModelError('apiDisabled', `The Generative Language API (Gemini) is disabled for the Google Cloud project of this API key. Enable it ${where}, wait a few minutes, then try again.`, { status, ...(link ? { link } : {}) });
  }
  if (reason === 'API_KEY_INVALID' || /API key (not valid|expired)/i.test(text)) {
    const expired = /expired/i.test(text);
    return new ModelError('auth', `Gemini rejected the API key: ${expired ? 'it has expired' : 'it is not valid'}. Run "Agent: Set Gemini API Key" to enter a valid key.`, { status });
  }
  if (/^API_KEY_.*BLOCKED$/.test(reason)) {
    return new ModelError('auth', `This API key is not allowed to call the Gemini API (${reason}): its restrictions in the Google Cloud console block it. Allow the Generative Language API for the key, or run "Agent: Set Gemini API Key" to use another key.`, { status });
  }
  if (code === 401) {
    return new ModelError('auth', `Gemini did not accept the credentials (HTTP 401)${said} Run "Agent: Set Gemini API Key" to enter a valid key.`, { status });
  }
  if (code === 403) {
    return new ModelError('permission', `Gemini denied permission (HTTP 403)${said} Check the API key and its Google Cloud project.`, { status });
  }
  if (code === 404) {
    return new ModelError('notFound', `The model "${context.model}" was not found. Pick another model in the "Gemini Agent: Model" setting.`, { status });
  }
  if (code === 400 && /token/i.test(text) && /(exceed|too (many|long)|maximum)/i.test(text)) {
    return new ModelError('tooManyTokens', 'The conversation is longer than the model accepts.', { status });
  }
  // The SDK keeps the code, not the status name: the known precondition messages say it too.
  if (code === 400 && (f.rpcStatus === 'FAILED_PRECONDITION' || /location is not supported|not available in your country|enable billing/i.test(text))) {
    return new ModelError('precondition', `Gemini cannot serve this request (FAILED_PRECONDITION)${said}`, { status });
  }
  if (RETRYABLE_STATUSES.has(code)) {
    return new ModelError('server', `Gemini had a server error (HTTP ${code})${said}`, { status, retryAfterMs });
  }
  if (code >= 400 && code < 500) return new ModelError('badRequest', `Gemini refused the request (HTTP ${code})${said}`, { status });
  return new ModelError('unknown', `Gemini answered with an error${status ? ` (HTTP ${code})` : ''}${said}`, { status });
}

function quotaError(details: Detail[], status: number | undefined, retryAfterMs: number | undefined): ModelError {
  const violations = details.flatMap((d) => d.violations ?? []);
  const daily = violations.find((v) => /PerDay/i.test(`${v.quotaId ?? ''} ${v.quotaMetric ?? ''}`));
  if (daily) {
    return new ModelError('dailyQuota', `The daily Gemini quota for this key is used up (${quotaName(daily)}). It resets at midnight Pacific time; another key or a paid tier avoids the wait.`, { status });
  }
  const named = violations[0] ? ` (${quotaName(violations[0])})` : '';
  return new ModelError('rateLimit', `Gemini is rate limiting this key${named}.`, { status, retryAfterMs });
}

/** A quota in words, e.g. "free tier: 15 requests per minute for gemini-2.0-flash". */
export function quotaName(v: Violation): string {
  const id = `${v.quotaId ?? ''} ${v.quotaMetric ?? ''}`;
  const what = /input_?token/i.test(id) ? 'input tokens' : /output_?token/i.test(id) ? 'output tokens' : 'requests';
  const per = /PerDay/i.test(id) ? ' per day' : /PerMinute/i.test(id) ? ' per minute' : /PerHour/i.test(id) ? ' per hour' : '';
  const limit = typeof v.quotaValue === 'string' || typeof v.quotaValue === 'number' ? `${String(v.quotaValue).slice(0, 20)} ` : '';
  const model = typeof v.quotaDimensions?.model === 'string' ? ` for ${v.quotaDimensions.model.slice(0, 60)}` : '';
  const tier = /free_?tier/i.test(id) ? 'free tier: ' : '';
  // The quota's own id only when its words could not be worked out.
  const quotaId = v.quotaId && !per ? `; quota ${v.quotaId.slice(0, 80)}` : '';
  return `${tier}${limit}${what}${per}${model}${quotaId}`;
}

/** Google's own page for the error (API activation), from `ErrorInfo.metadata` or a `Help` link. */
function googleLink(details: Detail[], context: ErrorContext): { url: string; label: string } | undefined {
  const candidates = [
    ...details.map((d) => d.metadata?.activationUrl),
    ...details.flatMap((d) => (d.links ?? []).map((l) => l.url)),
  ];
  for (const url of candidates) {
    if (typeof url !== 'string' || !/^https:\/\/console\.(developers|cloud)\.google\.com\/[^\s"'<>]*$/.test(url)) continue;
    return { url: redactSecrets(url, secretsOf(context)), label: "Open Google's activation page" };
  }
  return undefined;
}
