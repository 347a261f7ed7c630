// Embedding requests: at most 100 requests per batchEmbedContents ("* BatchEmbedContentsRequest
// .requests: at most 100 requests can be in one batch", reported: langchainjs #4491); `taskType`
// from the real enum (CODE_RETRIEVAL_QUERY included, though the 0.24 SDK's types lack it); `title`
// only with RETRIEVAL_DOCUMENT (documented: EmbedContentRequest.title); `outputDimensionality`
// from 1 to the model's size (gemini-embedding-001: 3072, the default); a content with text.
import { embeddingDimensions } from '../models';
import { arr, fieldViolation, invalidArgument, obj, type Violation } from './types';

export const maxBatchEmbedRequests = 100;

export const taskTypes = [
  'TASK_TYPE_UNSPECIFIED',
  'RETRIEVAL_QUERY',
  'RETRIEVAL_DOCUMENT',
  'SEMANTIC_SIMILARITY',
  'CLASSIFICATION',
  'CLUSTERING',
  'QUESTION_ANSWERING',
  'FACT_VERIFICATION',
  'CODE_RETRIEVAL_QUERY',
] as const;

/** Checks one EmbedContentRequest; `where` prefixes field paths inside a batch (`requests[3].`). */
export function checkEmbedRequest(request: unknown, model: string, where = '', top = 'EmbedContentRequest'): Violation[] {
  const r = obj(request) ?? {};
  const out: Violation[] = [];
  const parts = arr(obj(r.content)?.parts);
  if (parts.length === 0) out.push(fieldViolation('embed-content', top, `${where}content.parts`, 'contents.parts must not be empty.'));
  const taskType = r.taskType;
  if (taskType !== undefined && !(taskTypes as readonly unknown[]).includes(taskType)) {
    out.push(invalidArgument('embed-task-type',
      `Invalid JSON payload received. Invalid value at '${where}task_type' (type.googleapis.com/google.ai.generativelanguage.v1beta.TaskType), ${JSON.stringify(taskType)}`));
  }
  if (r.title !== undefined && taskType !== 'RETRIEVAL_DOCUMENT') {
    out.push(fieldViolation('embed-title', top, `${where}title`, 'title is only allowed with task_type RETRIEVAL_DOCUMENT.'));
  }
  const dims = r.outputDimensionality;
  const max = embeddingDimensions(model);
  if (dims !== undefined && !(typeof dims === 'number' && Number.isInteger(dims) && dims >= 1 && dims <= max)) {
    out.push(fieldViolation('embed-dimensionality', top, `${where}output_dimensionality`, `must be between 1 and ${max} for models/${model}, got ${JSON.stringify(dims)}.`));
  }
  return out;
}

/** Checks a BatchEmbedContentsRequest: its size, then each request in it. */
export function checkBatchEmbed(body: unknown, model: string): Violation[] {
  const requests = obj(body)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) {
    return [fieldViolation('embed-content', 'BatchEmbedContentsRequest', 'requests', 'must not be empty.')];
  }
  if (requests.length > maxBatchEmbedRequests) {
    return [fieldViolation('embed-batch-size', 'BatchEmbedContentsRequest', 'requests', `at most ${maxBatchEmbedRequests} requests can be in one batch`)];
  }
  return requests.flatMap((r, i) => checkEmbedRequest(r, model, `requests[${i}].`, 'BatchEmbedContentsRequest'));
}
