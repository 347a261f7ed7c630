// The models the emulator knows: the default answer to `GET /v1beta/models` in the real API's
// shape (the aliases the extension defaults to, pinned versions, embedding-only models so callers
// that filter by `supportedGenerationMethods` have something to filter out), the dated version
// each alias resolves to (answered as `modelVersion`), and each family's thinking settings.
import type { ModelInfo } from './scenario';

const embedMethods = ['embedContent', 'countTextTokens', 'countTokens'];
const chatMethods = ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'];

function chatModel(id: string, displayName: string, description: string, thinking = true): ModelInfo {
  return {
    name: `models/${id}`,
    version: id,
    displayName,
    description,
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: chatMethods,
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking,
  };
}

function embeddingModel(id: string, displayName: string, description: string, inputTokenLimit: number): ModelInfo {
  return { name: `models/${id}`, version: '001', displayName, description, inputTokenLimit, outputTokenLimit: 1, supportedGenerationMethods: embedMethods };
}

export const defaultModels: ModelInfo[] = [
  chatModel('gemini-flash-latest', 'Gemini Flash Latest', 'Latest release of Gemini Flash'),
  chatModel('gemini-flash-lite-latest', 'Gemini Flash-Lite Latest', 'Latest release of Gemini Flash-Lite'),
  chatModel('gemini-2.5-flash', 'Gemini 2.5 Flash', 'Stable version of Gemini 2.5 Flash'),
  chatModel('gemini-2.5-pro', 'Gemini 2.5 Pro', 'Stable release of Gemini 2.5 Pro'),
  chatModel('gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', 'Stable version of Gemini 2.5 Flash-Lite'),
  chatModel('gemini-3-pro-preview', 'Gemini 3 Pro Preview', 'Gemini 3 Pro Preview'),
  chatModel('gemini-3-flash-preview', 'Gemini 3 Flash Preview', 'Gemini 3 Flash Preview'),
  embeddingModel('gemini-embedding-001', 'Gemini Embedding 001', 'Obtain a distributed representation of a text.', 2048),
  {
    name: 'models/text-embedding-004',
    version: '004',
    displayName: 'Text Embedding 004',
    description: 'Obtain a distributed representation of a text.',
    inputTokenLimit: 2048,
    outputTokenLimit: 1,
    supportedGenerationMethods: ['embedContent'],
  },
];

/** What each alias resolves to, as the real API names it in `modelVersion`; other names resolve to themselves. */
export const modelAliases: Readonly<Record<string, string>> = {
  'gemini-flash-latest': 'gemini-2.5-flash-preview-09-2025',
  'gemini-flash-lite-latest': 'gemini-2.5-flash-lite-preview-09-2025',
  'gemini-pro-latest': 'gemini-2.5-pro',
};

/** The version a model name resolves to (`gemini-flash-latest` → a dated preview name). */
export function resolveModel(name: string): string {
  return modelAliases[name] ?? name;
}

/** Is `name` a model the emulator serves: in the scenario's list (or the default one) or an alias? */
export function isKnownModel(name: string, listed: readonly ModelInfo[] | undefined): boolean {
  const names = new Set([...(listed ?? []), ...defaultModels].map((m) => m.name.replace(/^models\//, '')));
  return names.has(name) || name in modelAliases;
}

/** Is `name` served by the embedding endpoints (and not by generateContent)? */
export function isEmbeddingModel(name: string, listed: readonly ModelInfo[] | undefined): boolean {
  const found = [...(listed ?? []), ...defaultModels].find((m) => m.name === `models/${name}`);
  const methods = (found as { supportedGenerationMethods?: unknown } | undefined)?.supportedGenerationMethods;
  return Array.isArray(methods) && methods.includes('embedContent');
}

/**
 * How a model family takes thinking settings (documented: ai.google.dev/gemini-api/docs/thinking).
 * 2.5 models take `thinkingBudget` (-1 dynamic; 0 off where allowed) within a range; Gemini 3 takes
 * `thinkingLevel` from its own set. `undefined` for a model of no known family: nothing checked.
 */
export interface ThinkingRules {
  family: string;
  budget?: { min: number; max: number; zeroAllowed: boolean };
  levels?: readonly string[];
}

export function thinkingRules(model: string): ThinkingRules | undefined {
  const m = resolveModel(model);
  if (/^gemini-2\.5-pro/.test(m)) return { family: 'Gemini 2.5 Pro', budget: { min: 128, max: 32768, zeroAllowed: false } };
  if (/^gemini-2\.5-flash-lite/.test(m)) return { family: 'Gemini 2.5 Flash-Lite', budget: { min: 512, max: 24576, zeroAllowed: true } };
  if (/^gemini-2\.5-flash/.test(m)) return { family: 'Gemini 2.5 Flash', budget: { min: 1, max: 24576, zeroAllowed: true } };
  if (/^gemini-3(\.\d+)?-pro/.test(m)) return { family: 'Gemini 3 Pro', levels: ['low', 'high'] };
  if (/^gemini-3(\.\d+)?-flash/.test(m)) return { family: 'Gemini 3 Flash', levels: ['minimal', 'low', 'medium', 'high'] };
  return undefined;
}

/** The largest `outputDimensionality` an embedding model takes (gemini-embedding-001: 3072, its default). */
export function embeddingDimensions(model: string): number {
  return model === 'text-embedding-004' || model === 'embedding-001' ? 768 : 3072;
}
