// toolConfig.functionCallingConfig (documented: FunctionCallingConfig): `mode` is one of the enum's
// values, and `allowedFunctionNames` "should only be set when the Mode is ANY" (VALIDATED, its
// newer sibling, also takes it). Requests setting the names with AUTO or NONE are refused (public
// report: tensorzero discussion #4867, a request with allowed tools and mode AUTO); the enum
// refusal is the API's usual wording for a value it cannot parse.
import { arr, fieldViolation, obj, type Violation } from './types';

const modes = ['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED'];
const takesNames = new Set(['ANY', 'VALIDATED']);

export function checkToolConfig(body: Record<string, unknown>): Violation[] {
  const config = obj(obj(body.toolConfig)?.functionCallingConfig);
  if (!config) return [];
  const mode = config.mode ?? 'MODE_UNSPECIFIED';
  if (typeof mode !== 'string' || !modes.includes(mode)) {
    return [{
      rule: 'tool-config-mode',
      httpStatus: 400,
      status: 'INVALID_ARGUMENT',
      message: `Invalid value at 'tool_config.function_calling_config.mode' (type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode), ${JSON.stringify(mode)}`,
    }];
  }
  if (arr(config.allowedFunctionNames).length > 0 && !takesNames.has(mode)) {
    return [fieldViolation('allowed-function-names', 'GenerateContentRequest', 'tool_config.function_calling_config.allowed_function_names',
      `allowed_function_names can only be set when the function calling mode is ANY or VALIDATED, not ${mode}.`)];
  }
  return [];
}
