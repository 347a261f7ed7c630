// Error bodies in the real API's shape, and the presets a scenario names instead of writing them
// out (`{"error": "service-disabled"}`). Shapes follow google.rpc error details as the Gemini API
// sends them: ErrorInfo (reason, domain, metadata), LocalizedMessage, QuotaFailure (violations
// with quotaMetric, quotaId, quotaDimensions, quotaValue), Help (links), RetryInfo (retryDelay).

/** An error as a scenario writes it, after a preset's fields were merged in. */
export interface ErrorSpec {
  httpStatus: number;
  status: string;
  message: string;
  /** RetryInfo.retryDelay, e.g. "17s". */
  retryDelay?: string;
  /** QuotaFailure violation, with a Help link to the rate-limit docs. */
  quotaId?: string;
  quotaMetric?: string;
  quotaValue?: string;
  /** ErrorInfo detail. */
  reason?: string;
  metadata?: Record<string, string>;
  /** Help detail links. */
  links?: { description: string; url: string }[];
  /** Extra `details` entries appended as given. */
  details?: Record<string, unknown>[];
}

const project = '123456789012';
const activationUrl = `https://console.developers.google.com/apis/api/generativelanguage.googleapis.com/overview?project=${project}`;
const rateLimitsUrl = 'https://ai.google.dev/gemini-api/docs/rate-limits';
const quotaMessage = `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: ${rateLimitsUrl}. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit.`;

/** Named errors a scenario can play: `{"error": "quota-per-minute"}` or `{"error": {"preset": "...", "retryDelay": "3s"}}`. */
export const errorPresets = {
  'service-disabled': {
    httpStatus: 403,
    status: 'PERMISSION_DENIED',
    message: `Generative Language API has not been used in project ${project} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`,
    reason: 'SERVICE_DISABLED',
    metadata: { activationUrl, consumer: `projects/${project}`, service: 'generativelanguage.googleapis.com', serviceTitle: 'Generative Language API', containerInfo: project },
    links: [{ description: 'Google developers console API activation', url: activationUrl }],
  },
  'api-key-invalid': {
    httpStatus: 400,
    status: 'INVALID_ARGUMENT',
    message: 'API key not valid. Please pass a valid API key.',
    reason: 'API_KEY_INVALID',
    metadata: { service: 'generativelanguage.googleapis.com' },
  },
  'api-key-expired': {
    httpStatus: 400,
    status: 'INVALID_ARGUMENT',
    message: 'API key expired. Please renew the API key.',
    reason: 'API_KEY_INVALID',
    metadata: { service: 'generativelanguage.googleapis.com' },
  },
  'api-key-service-blocked': {
    httpStatus: 403,
    status: 'PERMISSION_DENIED',
    message: 'Requests to this API generativelanguage.googleapis.com method google.ai.generativelanguage.v1beta.GenerativeService.StreamGenerateContent are blocked.',
    reason: 'API_KEY_SERVICE_BLOCKED',
    metadata: { consumer: `projects/${project}`, service: 'generativelanguage.googleapis.com', methodName: 'google.ai.generativelanguage.v1beta.GenerativeService.StreamGenerateContent', apiName: 'generativelanguage.googleapis.com' },
  },
  'permission-denied': {
    httpStatus: 403,
    status: 'PERMISSION_DENIED',
    message: 'The caller does not have permission',
  },
  'unauthenticated': {
    httpStatus: 401,
    status: 'UNAUTHENTICATED',
    message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED',
    metadata: { service: 'generativelanguage.googleapis.com', method: 'google.ai.generativelanguage.v1beta.GenerativeService.StreamGenerateContent' },
  },
  'location-unsupported': {
    httpStatus: 400,
    status: 'FAILED_PRECONDITION',
    message: 'User location is not supported for the API use.',
  },
  'invalid-argument': {
    httpStatus: 400,
    status: 'INVALID_ARGUMENT',
    message: 'Request contains an invalid argument.',
  },
  'quota-per-minute': {
    httpStatus: 429,
    status: 'RESOURCE_EXHAUSTED',
    message: `${quotaMessage}\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 10, model: {model}\nPlease retry in 17.5s.`,
    quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
    quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
    quotaValue: '10',
    retryDelay: '17s',
  },
  'quota-per-day': {
    httpStatus: 429,
    status: 'RESOURCE_EXHAUSTED',
    message: `${quotaMessage}\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 250, model: {model}`,
    quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
    quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
    quotaValue: '250',
  },
  'quota-input-tokens': {
    httpStatus: 429,
    status: 'RESOURCE_EXHAUSTED',
    message: `${quotaMessage}\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_input_token_count, limit: 250000, model: {model}\nPlease retry in 31.2s.`,
    quotaId: 'GenerateContentInputTokensPerModelPerMinute-FreeTier',
    quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_input_token_count',
    quotaValue: '250000',
    retryDelay: '31s',
  },
  'embed-quota-per-minute': {
    httpStatus: 429,
    status: 'RESOURCE_EXHAUSTED',
    message: `${quotaMessage}\n* Quota exceeded for metric: generativelanguage.googleapis.com/embed_content_free_tier_requests, limit: 100, model: {model}\nPlease retry in 7.1s.`,
    quotaId: 'EmbedContentRequestsPerMinutePerProjectPerModel-FreeTier',
    quotaMetric: 'generativelanguage.googleapis.com/embed_content_free_tier_requests',
    quotaValue: '100',
    retryDelay: '7s',
  },
  'internal': {
    httpStatus: 500,
    status: 'INTERNAL',
    message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  },
  'overloaded': {
    httpStatus: 503,
    status: 'UNAVAILABLE',
    message: 'The model is overloaded. Please try again later.',
  },
  'deadline-exceeded': {
    httpStatus: 504,
    status: 'DEADLINE_EXCEEDED',
    message: 'Deadline expired before operation could complete.',
  },
} satisfies Record<string, ErrorSpec>;

export type ErrorPreset = keyof typeof errorPresets;
export const errorPresetNames = Object.keys(errorPresets) as [ErrorPreset, ...ErrorPreset[]];

/** The `{"error": ...}` body of every non-2xx answer. */
export function googleError(code: number, status: string, message: string, details?: unknown[]): object {
  return { error: { code, message, status, ...(details && details.length > 0 ? { details } : {}) } };
}

/** A spec's body, its details in the real API's order; `{model}` in the message names the model asked for. */
export function errorBody(spec: ErrorSpec, model: string): object {
  const message = spec.message.replaceAll('{model}', model);
  const details: unknown[] = [];
  if (spec.reason) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: spec.reason, domain: 'googleapis.com', metadata: spec.metadata ?? {} });
    details.push({ '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message });
  }
  if (spec.quotaId) {
    const metric = spec.quotaMetric ?? (/InputToken/i.test(spec.quotaId)
      ? 'generativelanguage.googleapis.com/generate_content_free_tier_input_token_count'
      : 'generativelanguage.googleapis.com/generate_content_free_tier_requests');
    details.push({
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [{ quotaMetric: metric, quotaId: spec.quotaId, quotaDimensions: { location: 'global', model }, ...(spec.quotaValue ? { quotaValue: spec.quotaValue } : {}) }],
    });
  }
  const links = spec.links ?? (spec.quotaId ? [{ description: 'Learn more about Gemini API quotas', url: rateLimitsUrl }] : []);
  if (links.length > 0) details.push({ '@type': 'type.googleapis.com/google.rpc.Help', links });
  if (spec.retryDelay) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: spec.retryDelay });
  details.push(...(spec.details ?? []));
  return googleError(spec.httpStatus, spec.status, message, details);
}

/** The error object of a stream's last event: the same `{"error": ...}` envelope, sent as data. */
export function streamErrorEvent(spec: ErrorSpec, model: string): object {
  return errorBody(spec, model);
}
