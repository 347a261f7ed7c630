// The default answer to `GET /v1beta/models`, in the real API's shape. It holds the aliases the
// extension defaults to, pinned versions, and one embedding-only model so callers that filter by
// `supportedGenerationMethods` have something to filter out.
import type { ModelInfo } from './scenario';

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

export const defaultModels: ModelInfo[] = [
  chatModel('gemini-flash-latest', 'Gemini Flash Latest', 'Latest release of Gemini Flash'),
  chatModel('gemini-flash-lite-latest', 'Gemini Flash-Lite Latest', 'Latest release of Gemini Flash-Lite'),
  chatModel('gemini-2.5-flash', 'Gemini 2.5 Flash', 'Stable version of Gemini 2.5 Flash'),
  chatModel('gemini-2.5-pro', 'Gemini 2.5 Pro', 'Stable release of Gemini 2.5 Pro'),
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
