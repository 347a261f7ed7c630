// An unknown model, or one that does not serve the method asked: HTTP 404 NOT_FOUND, "models/X is
// not found for API version v1beta, or is not supported for generateContent" (GEMINI_WIRE.md).
import type { Violation } from './types';

export function unknownModel(model: string, version: string, method: string): Violation {
  return {
    rule: 'unknown-model',
    httpStatus: 404,
    status: 'NOT_FOUND',
    message: `models/${model} is not found for API version ${version}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
  };
}
