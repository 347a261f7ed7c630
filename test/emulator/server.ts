// Routes HTTP requests: the model endpoints of the real API (behind the same key checks) and the
// `/__emulator/*` control API for callers in another process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { serveEmbed } from './embed';
import { serveGenerate } from './generate';
import { parseJson, readBody, sendJson } from './http';
import { defaultModels, isEmbeddingModel, isKnownModel } from './models';
import { unknownModel } from './rules';
import { parseScenario, ScenarioError } from './scenario';
import type { EmulatorState, RecordedRequest } from './state';
import { estimateRequestTokens, googleError, invalidKeyBody, missingKeyBody, type WireContent } from './wire';

/** Key value that the emulator answers like the real API answers a wrong key. */
export const INVALID_KEY = 'invalid-key';

const versions = '(v1beta|v1|v1alpha)';
const taskPath = new RegExp(`^/${versions}/models/([^/:]+):([A-Za-z]+)$`);
const modelPath = new RegExp(`^/${versions}/models/([^/:]+)$`);
const listPath = new RegExp(`^/${versions}/models$`);

export interface ServerOptions {
  log?: (line: string) => void;
  /** Aborted on close, to stop chunk delays. */
  signal: AbortSignal;
}

export function createEmulatorServer(state: EmulatorState, options: ServerOptions): Server {
  return createServer((req, res) => {
    handle(state, req, res, options).catch((e: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, googleError(500, 'INTERNAL', `Emulator error: ${(e as Error).message}`));
    });
  });
}

function redact(req: IncomingMessage, url: URL): Pick<RecordedRequest, 'path' | 'headers'> {
  const headers = { ...req.headers };
  if (headers['x-goog-api-key'] !== undefined) headers['x-goog-api-key'] = '[redacted]';
  if (url.searchParams.has('key')) url.searchParams.set('key', 'REDACTED');
  return { path: url.pathname + url.search, headers };
}

async function handle(state: EmulatorState, req: IncomingMessage, res: ServerResponse, options: ServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  const body = parseJson(await readBody(req)).value;
  if (url.pathname.startsWith('/__emulator/')) {
    res.once('close', () => options.log?.(`${method} ${url.pathname} → ${res.statusCode}`));
    return control(state, method, url.pathname, body, res);
  }
  const key = req.headers['x-goog-api-key'] ?? url.searchParams.get('key');
  const record: RecordedRequest = { method, ...redact(req, url), body };
  // A getter keeps the status true whenever it is read: tests may look before 'close' fires.
  Object.defineProperty(record, 'status', { enumerable: true, get: () => (res.headersSent ? res.statusCode : undefined) });
  state.requests.push(record);
  res.once('close', () => {
    const role = record.role && record.role !== 'coder' ? ` ${record.role}` : '';
    const turn = record.turn === undefined ? role : `${role} turn ${record.turn}`;
    const outcome = record.dropped ? 'connection dropped' : String(record.status ?? 'no response');
    options.log?.(`${method} ${record.path}${turn} → ${outcome}${record.failure ? ` (${record.failure})` : ''}`);
  });

  const route = matchRoute(method, url.pathname);
  if (!route) return sendJson(res, 404, googleError(404, 'NOT_FOUND', `Emulator: no route for ${method} ${url.pathname}.`));
  record.task = route.task;
  record.model = route.model || undefined;
  if (!key) return sendJson(res, 403, missingKeyBody());
  if (key === INVALID_KEY) return sendJson(res, 400, invalidKeyBody());
  const models = state.current.models ?? defaultModels;
  const { task, model, version } = route;
  if (task === 'listModels') return sendJson(res, 200, { models });
  if (task === 'getModel') {
    const found = models.find((x) => x.name === `models/${model}`);
    return found ? sendJson(res, 200, found) : sendJson(res, 404, googleError(404, 'NOT_FOUND', `models/${model} is not found for API version ${version}.`));
  }
  if (task === 'generateContent' || task === 'streamGenerateContent') {
    const stream = task === 'streamGenerateContent';
    return serveGenerate({ state, res, record, model, version, stream, sse: url.searchParams.get('alt') === 'sse', signal: options.signal });
  }
  if (task === 'embedContent' || task === 'batchEmbedContents') {
    return serveEmbed({ state, res, record, model, version, batch: task === 'batchEmbedContents' });
  }
  if (task === 'countTokens') {
    if (!isKnownModel(model, state.current.models) || isEmbeddingModel(model, state.current.models)) {
      const v = unknownModel(model, version, 'countTokens');
      state.reject(record, v, false);
      return sendJson(res, v.httpStatus, googleError(v.httpStatus, v.status, v.message));
    }
    return countTokens(res, body);
  }
  sendJson(res, 404, googleError(404, 'NOT_FOUND', `models/${model} is not found for API version ${version}, or the emulator does not support ${task}.`));
}

function matchRoute(method: string, path: string): { task: string; model: string; version: string } | undefined {
  let m: RegExpExecArray | null;
  if (method === 'GET' && (m = listPath.exec(path))) return { task: 'listModels', model: '', version: m[1] };
  if (method === 'GET' && (m = modelPath.exec(path))) return { task: 'getModel', model: m[2], version: m[1] };
  if (method === 'POST' && (m = taskPath.exec(path))) return { task: m[3], model: m[2], version: m[1] };
  return undefined;
}

// The SDK sends `{generateContentRequest: {contents, ...}}`; plain `{contents}` is accepted too.
function countTokens(res: ServerResponse, body: unknown): void {
  const b = (body ?? {}) as { contents?: unknown; generateContentRequest?: { contents?: unknown } };
  const request = (b.generateContentRequest ?? b) as { contents?: unknown; systemInstruction?: unknown; tools?: unknown };
  if (!Array.isArray(request.contents)) return sendJson(res, 400, googleError(400, 'INVALID_ARGUMENT', 'countTokens needs contents or generateContentRequest.contents.'));
  sendJson(res, 200, { totalTokens: estimateRequestTokens({ ...request, contents: request.contents as WireContent[] }) });
}

function control(state: EmulatorState, method: string, path: string, body: unknown, res: ServerResponse): void {
  if (method === 'POST' && path === '/__emulator/scenario') {
    try {
      const scenario = parseScenario(body, 'scenario');
      state.load(scenario);
      return sendJson(res, 200, { loaded: scenario.name, turns: scenario.turns.length });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      return sendJson(res, 400, googleError(400, 'INVALID_ARGUMENT', e.message));
    }
  }
  if (method === 'GET' && path === '/__emulator/requests') return sendJson(res, 200, state.requests);
  if (method === 'GET' && path === '/__emulator/status') return sendJson(res, 200, state.status());
  if (method === 'GET' && path === '/__emulator/rejections') return sendJson(res, 200, { rejections: state.rejections(), unexpected: state.unexpectedRejections() });
  sendJson(res, 404, googleError(404, 'NOT_FOUND', `Emulator: no control route ${method} ${path}.`));
}
