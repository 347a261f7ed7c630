// The SDK's HTTP error a request is expected to end with, for tests of the emulator's refusals.
import * as assert from 'node:assert/strict';
import { GoogleGenerativeAIFetchError } from '@google/generative-ai';

export async function fetchError(p: Promise<unknown>): Promise<GoogleGenerativeAIFetchError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GoogleGenerativeAIFetchError, `expected a GoogleGenerativeAIFetchError, got ${String(e)}`);
    return e;
  }
  return assert.fail('expected the request to fail');
}
