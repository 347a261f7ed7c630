/** Builds the model client from the current key and settings, for each run (settings can change). */
import { GeminiClient } from '../model/gemini';
import { ModelError, type ModelClient } from '../model/types';
import type { ApiKeyStore } from './apiKey';
import { readSettings } from './settings';

export class ModelFactory {
  constructor(private readonly keys: ApiKeyStore) {}

  async create(): Promise<ModelClient> {
    const key = await this.keys.get();
    if (!key) {
      throw new ModelError('noKey', 'No Gemini API key is set. Run "Agent: Set Gemini API Key" (or set GEMINI_API_KEY) and try again.');
    }
    const s = readSettings();
    return new GeminiClient({ apiKey: key, model: s.model, baseUrl: s.apiBaseUrl });
  }
}
