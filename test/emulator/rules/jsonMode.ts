// JSON mode (`responseMimeType: "application/json"`) kept away from function calling: with
// function declarations it is refused (reported: python-genai #867, generative-ai-swift #195), and
// with function calls or responses in the history Gemini 2.5 refused it too (reported: litellm
// #10134; a regression per python-genai #706). The emulator refuses both.
import { arr, invalidArgument, obj, type Violation } from './types';

function isJsonMode(body: Record<string, unknown>): boolean {
  const mime = obj(body.generationConfig)?.responseMimeType;
  return typeof mime === 'string' && mime.toLowerCase() === 'application/json';
}

export function checkJsonMode(body: Record<string, unknown>): Violation[] {
  if (!isJsonMode(body)) return [];
  const out: Violation[] = [];
  const declares = arr(body.tools).some((t) => arr(obj(t)?.functionDeclarations).length > 0);
  if (declares) out.push(invalidArgument('json-mode-tools', "Function calling with a response mime type: 'application/json' is unsupported"));
  for (const [ci, c] of arr(body.contents).entries()) {
    const pi = arr(obj(c)?.parts).findIndex((p) => obj(p)?.functionCall !== undefined || obj(p)?.functionResponse !== undefined);
    if (pi < 0) continue;
    out.push(invalidArgument('json-mode-history',
      `Function calling with a response mime type: 'application/json' is unsupported (contents[${ci}].parts[${pi}] holds a function call or response).`));
    break;
  }
  return out;
}
