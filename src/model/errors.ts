/**
 * Turns what the Gemini SDK throws into a `ModelError` with a message in plain words. Raw error
 * details are never passed on: a bad-key error echoes part of the key.
 */
import { ModelError } from './types';
import { redactSecrets } from './redact';

interface ErrorDetail {
  '@type'?: string;
  retryDelay?: string;
  reason?: string;
  violations?: Array<{ quotaId?: string; quotaMetric?: string }>;
}

/** Parses a protobuf duration such as "17s" or "36.5s" into milliseconds. */
export function parseRetryDelay(value: string | undefined): number | undefined {
  const m = value?.match(/^(\d+(?:\.\d+)?)s$/);
  return m ? Math.round(parseFloat(m[1]) * 1000) : undefined;
}

function detailsOf(err: unknown): ErrorDetail[] {
  const details = (err as { errorDetails?: unknown }).errorDetails;
  return Array.isArray(details) ? (details as ErrorDetail[]) : [];
}

/** The server's own message, without the SDK's URL prefix and JSON details. */
function serverMessage(err: Error, secrets: readonly string[]): string {
  const m = err.message.match(/\] (.*?)(?: \[\{.*)?$/s);
  return redactSecrets((m ? m[1] : err.message).trim(), secrets).slice(0, 300);
}

/** `apiKey`, when given, is redacted from any text taken from the error, whatever its shape. */
export function toModelError(err: unknown, context: { baseUrl: string; model: string; apiKey?: string }): ModelError {
  if (err instanceof ModelError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  const name = e.constructor?.name ?? e.name;
  if (name === 'GoogleGenerativeAIAbortError' || e.name === 'AbortError') {
    return new ModelError('cancelled', 'The request was stopped.');
  }
  const status = (e as { status?: number }).status;
  if (typeof status === 'number') return fromHttpStatus(e, status, context);
  const msg = e.message;
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|getaddrinfo|socket hang up|network/i.test(msg)) {
    return new ModelError('network', `Could not reach the Gemini API at ${context.baseUrl}. Check your connection or the "Gemini Agent: Api Base Url" setting.`);
  }
  // The SDK reports a socket closed mid-body as "Error reading from the stream".
  if (/terminated|Failed to parse stream|Error parsing JSON response|Error reading from the stream|other side closed|aborted/i.test(msg)) {
    return new ModelError('streamCut', 'The connection to Gemini broke off in the middle of the answer.');
  }
  return new ModelError('server', `Gemini request failed: ${redactSecrets(msg, secretsOf(context)).slice(0, 300)}`);
}

const secretsOf = (context: { apiKey?: string }): string[] => (context.apiKey ? [context.apiKey] : []);

function fromHttpStatus(e: Error, status: number, context: { model: string; apiKey?: string }): ModelError {
  const details = detailsOf(e);
  const text = serverMessage(e, secretsOf(context));
  const reason = details.find((d) => d.reason)?.reason;
  if (status === 429) {
    const perDay = details.some((d) => d.violations?.some((v) => /PerDay/i.test(`${v.quotaId ?? ''}${v.quotaMetric ?? ''}`)));
    if (perDay) {
      return new ModelError('dailyQuota', 'The daily Gemini quota for this key is used up. It resets at midnight Pacific time; another key or a paid tier avoids the wait.', { status });
    }
    const retryAfterMs = parseRetryDelay(details.find((d) => d.retryDelay)?.retryDelay);
    return new ModelError('rateLimit', 'Gemini is rate limiting this key.', { status, retryAfterMs });
  }
  if (reason === 'API_KEY_INVALID' || status === 401 || status === 403) {
    return new ModelError('auth', 'Gemini rejected the API key. Run "Agent: Set Gemini API Key" to enter a valid key.', { status });
  }
  if (status === 404) {
    return new ModelError('notFound', `The model "${context.model}" was not found. Pick another model in the "Gemini Agent: Model" setting.`, { status });
  }
  if (status === 400 && /token/i.test(text) && /(exceed|too (many|long)|maximum)/i.test(text)) {
    return new ModelError('tooManyTokens', 'The conversation is longer than the model accepts.', { status });
  }
  if (status >= 500) {
    return new ModelError('server', `Gemini had a server error (HTTP ${status}).`, { status });
  }
  return new ModelError('badRequest', `Gemini refused the request (HTTP ${status}): ${text}`, { status });
}
