// Serves embedContent and batchEmbedContents: checks the request like the real API, plays the
// scenario's scripted embedding errors, counts requests and texts (so tests can assert batching),
// and answers deterministic vectors in which texts sharing words point the same way.
import type { ServerResponse } from 'node:http';
import { errorBody, googleError } from './errors';
import { sendJson } from './http';
import { embeddingDimensions, isEmbeddingModel } from './models';
import { checkBatchEmbed, checkEmbedRequest, combine, unknownModel, type Violation } from './rules';
import type { EmulatorState, RecordedRequest } from './state';

const fullDimensions = 3072;
// Each word lands in every scale, so a truncated vector keeps every word's share (like
// Matryoshka embeddings, whose leading dimensions carry the most).
const scales = [64, 256, 768, 1536, 3072];

function fnv1a(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Words of a text, code identifiers split too (`readFile` → read, file), lower-cased. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * A deterministic hashed bag-of-words vector of `dimensions` values. The full 3072 is unit
 * length; a shorter one is its prefix and, as the real API's truncated vectors, not normalised.
 */
export function embedText(text: string, dimensions = fullDimensions): number[] {
  const v = new Array<number>(fullDimensions).fill(0);
  const ws = words(text);
  for (const w of ws.length > 0 ? ws : ['']) {
    for (const [k, size] of scales.entries()) {
      const h = fnv1a(w, k);
      v[h % size] += h & 0x80000000 ? -1 : 1;
    }
  }
  const norm = Math.hypot(...v) || 1;
  return v.slice(0, dimensions).map((x) => x / norm);
}

function textOf(request: unknown): string {
  const parts = (request as { content?: { parts?: { text?: unknown }[] } } | undefined)?.content?.parts ?? [];
  return parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
}

function dimensionsOf(request: unknown, model: string): number {
  const d = (request as { outputDimensionality?: unknown } | undefined)?.outputDimensionality;
  return typeof d === 'number' ? d : embeddingDimensions(model);
}

export interface EmbedCall {
  state: EmulatorState;
  res: ServerResponse;
  record: RecordedRequest;
  model: string;
  version: string;
  batch: boolean;
}

export function serveEmbed(call: EmbedCall): void {
  const { state, res, record, model, batch } = call;
  const refuse = (v: Violation) => {
    state.reject(record, v, false);
    sendJson(res, v.httpStatus, googleError(v.httpStatus, v.status, v.message));
  };
  const method = batch ? 'batchEmbedContents' : 'embedContent';
  if (!isEmbeddingModel(model, state.current.models)) return refuse(unknownModel(model, call.version, method));
  const violation = combine(batch ? checkBatchEmbed(record.body, model) : checkEmbedRequest(record.body, model));
  if (violation) return refuse(violation);
  const requests: unknown[] = batch ? (record.body as { requests: unknown[] }).requests : [record.body];
  const n = state.embedCounts.embedContent + state.embedCounts.batchEmbedContents;
  state.embedCounts[method]++;
  const scripted = state.current.embedErrors[n];
  if (scripted) return sendJson(res, scripted.httpStatus, errorBody(scripted, model));
  state.embedCounts.texts += requests.length;
  const vectors = requests.map((r) => ({ values: embedText(textOf(r), dimensionsOf(r, model)) }));
  sendJson(res, 200, batch ? { embeddings: vectors } : { embedding: vectors[0] });
}
