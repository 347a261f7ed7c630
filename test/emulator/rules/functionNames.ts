// Function declaration names (documented: FunctionDeclaration.name): start with a letter or an
// underscore; letters, digits, underscores, dots, colons and dashes; at most 64 characters.
import { arr, fieldViolation, obj, type Violation } from './types';

const validName = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

/** True for a name the real API accepts for a function declaration. */
export function isValidFunctionName(name: string): boolean {
  return validName.test(name);
}

export function checkFunctionNames(body: Record<string, unknown>): Violation[] {
  const out: Violation[] = [];
  for (const [ti, tool] of arr(body.tools).entries()) {
    for (const [fi, fd] of arr(obj(tool)?.functionDeclarations).entries()) {
      const name = obj(fd)?.name;
      if (typeof name === 'string' && isValidFunctionName(name)) continue;
      out.push(fieldViolation('function-name', 'GenerateContentRequest', `tools[${ti}].function_declarations[${fi}].name`,
        'Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.'));
    }
  }
  return out;
}
