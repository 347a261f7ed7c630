// Function responses: `response` is a Struct, so a JSON object (documented:
// FunctionResponse.response); and the turn after a model turn with function calls answers each
// call: "Please ensure that the number of function response parts is equal to the number of
// function call parts of the function call turn" (reported: google-gemini/gemini-cli #4427).
import { arr, invalidArgument, obj, type Violation } from './types';

const count = (parts: unknown[], field: string) => parts.filter((p) => obj(p)?.[field] !== undefined).length;

export function checkFunctionResponses(body: Record<string, unknown>): Violation[] {
  const out: Violation[] = [];
  const contents = arr(body.contents).map((c) => obj(c) ?? {});
  for (const [ci, c] of contents.entries()) {
    const parts = arr(c.parts);
    for (const [pi, p] of parts.entries()) {
      const fr = obj(obj(p)?.functionResponse);
      if (!fr || obj(fr.response)) continue;
      const value = JSON.stringify(fr.response) ?? 'undefined';
      out.push(invalidArgument('function-response-object',
        `Invalid JSON payload received. Invalid value at 'contents[${ci}].parts[${pi}].function_response.response' (type.googleapis.com/google.protobuf.Struct), ${value.slice(0, 80)}`));
    }
    if (c.role === 'model') continue;
    const responses = count(parts, 'functionResponse');
    const prev = ci > 0 ? contents[ci - 1] : undefined;
    const calls = prev?.role === 'model' ? count(arr(prev.parts), 'functionCall') : 0;
    if (responses > 0 && calls === 0) {
      out.push(invalidArgument('function-response-count',
        `Please ensure that function response turn comes immediately after a function call turn. (contents[${ci}])`));
    } else if (calls > 0 && responses !== calls) {
      out.push(invalidArgument('function-response-count',
        `Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn. (contents[${ci}] has ${responses}, contents[${ci - 1}] has ${calls})`));
    }
  }
  return out;
}
