// Every rule a generate request must pass before the emulator plays a turn, in the order the
// real API seems to check them (request shape, then schemas and names, then history). Each rule
// lives in its own module with its source; test/emulator/README.md lists them with their tests.
import { checkContents } from './contents';
import { checkFunctionNames } from './functionNames';
import { checkFunctionResponses } from './functionResponses';
import { checkGenerationConfig } from './generationConfig';
import { checkInlineData } from './inlineData';
import { checkJsonMode } from './jsonMode';
import { checkSchemas } from './schema';
import { checkThinking } from './thinking';
import { checkToolConfig } from './toolConfig';
import { combine, obj, type Violation } from './types';

export { checkBatchEmbed, checkEmbedRequest, maxBatchEmbedRequests, taskTypes } from './embed';
export { isValidFunctionName } from './functionNames';
export { inlineMimeTypes, inlineParts, maxRequestBytes, type InlinePart } from './inlineData';
export { combine, fieldViolation, invalidArgument, ruleIds, type RuleId, type Violation } from './types';

/** Every violation of a GenerateContentRequest body sent to `model`, in check order. */
export function generateViolations(body: unknown, model: string): Violation[] {
  const b = obj(body) ?? {};
  return [
    ...checkContents(b),
    ...checkInlineData(b),
    ...checkSchemas(b),
    ...checkFunctionNames(b),
    ...checkToolConfig(b),
    ...checkGenerationConfig(b),
    ...checkThinking(b, model),
    ...checkJsonMode(b),
    ...checkFunctionResponses(b),
  ];
}

/** The answer the real API would give this body, or undefined when it would accept it. */
export function checkGenerateRequest(body: unknown, model: string): Violation | undefined {
  return combine(generateViolations(body, model));
}
export { unknownModel } from './model';
