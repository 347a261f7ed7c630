/** Builds the model client from the current key and settings, for each run (settings can change). */
import { GeminiClient } from '../model/gemini';
import { ModelError, type ModelClient, type ModelInfo } from '../model/types';
import type { ApiKeyStore } from './apiKey';
import type { ImageStore } from './imageStore';
import { readSettings } from './settings';

export class ModelFactory {
  /** The API's model list for the current key and settings; dropped when they change or a fetch fails. */
  private list: Promise<ModelInfo[]> | undefined;

  constructor(
    private readonly keys: ApiKeyStore,
    /** Where the images the chats refer to are kept. */
    private readonly images?: ImageStore,
  ) {}

  /** The model list, fetched once and shared by the panel's picker and each run's context window. */
  listModels(): Promise<ModelInfo[]> {
    if (!this.list) {
      const list = this.create().then((client) => client.listModels(AbortSignal.timeout(15_000)));
      list.catch(() => {
        if (this.list === list) this.list = undefined;
      });
      this.list = list;
    }
    return this.list;
  }

  /** The key or a setting changed: the next list is fetched again. */
  invalidate(): void {
    this.list = undefined;
  }

  /**
   * The configured model's input token limit, from the model list, so the history is shortened in
   * time for a model with a small window; undefined when the list does not say (an unlisted alias,
   * a gateway without the endpoint, no list within 3 s: a run does not wait longer for it).
   */
  async contextWindow(): Promise<number | undefined> {
    const { model } = readSettings();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<ModelInfo[]>((resolve) => (timer = setTimeout(() => resolve([]), 3000)));
    const models = await Promise.race([this.listModels(), late]).catch(() => []);
    clearTimeout(timer);
    return models.find((m) => m.id === model)?.inputTokenLimit;
  }

  /** `model`: another model than the setting's (a helper agent's), with the same key and settings. */
  async create(model?: string): Promise<ModelClient> {
    const key = await this.keys.get();
    if (!key) {
      throw new ModelError('noKey', 'No Gemini API key is set. Run "Agent: Set Gemini API Key" (or set GEMINI_API_KEY) and try again.');
    }
    const s = readSettings();
    const images = this.images;
    return new GeminiClient({ apiKey: key, model: model?.trim() || s.model, baseUrl: s.apiBaseUrl, thinking: s.thinking, ...(images ? { loadImage: (ref: string) => images.load(ref) } : {}) });
  }
}
