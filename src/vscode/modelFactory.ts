/** Builds the model client from the current key and settings, for each run (settings can change). */
import { GeminiClient } from '../model/gemini';
import { ModelError, type ModelClient } from '../model/types';
import type { ApiKeyStore } from './apiKey';
import { readSettings } from './settings';

export class ModelFactory {
  /** Input token limits the API listed, by base URL, key and model; only found ones are kept. */
  private readonly windows = new Map<string, number>();

  constructor(private readonly keys: ApiKeyStore) {}

  /**
   * The configured model's input token limit, from the API's model list, so the history is
   * shortened in time for a model with a small window; undefined when the list does not say
   * (an unlisted alias, a gateway without the endpoint, no answer within a few seconds).
   */
  async contextWindow(): Promise<number | undefined> {
    const key = await this.keys.get();
    if (!key) return undefined;
    const s = readSettings();
    const id = `${s.apiBaseUrl}\n${key}\n${s.model}`;
    if (!this.windows.has(id)) {
      const client = new GeminiClient({ apiKey: key, model: s.model, baseUrl: s.apiBaseUrl });
      const models = await client.listModels(AbortSignal.timeout(3000)).catch(() => []);
      const limit = models.find((m) => m.id === s.model)?.inputTokenLimit;
      if (limit) this.windows.set(id, limit);
    }
    return this.windows.get(id);
  }

  async create(): Promise<ModelClient> {
    const key = await this.keys.get();
    if (!key) {
      throw new ModelError('noKey', 'No Gemini API key is set. Run "Agent: Set Gemini API Key" (or set GEMINI_API_KEY) and try again.');
    }
    const s = readSettings();
    return new GeminiClient({ apiKey: key, model: s.model, baseUrl: s.apiBaseUrl });
  }
}
