// The shape of `contents`: roles are `user` or `model` only, and no content has an empty `parts`
// array (GEMINI_WIRE.md "What the real API rejects"). The SDK itself sends role "function" when
// `generateContent` is given bare functionResponse parts; the product never does.
import { arr, fieldViolation, invalidArgument, obj, type Violation } from './types';

export function checkContents(body: Record<string, unknown>): Violation[] {
  const out: Violation[] = [];
  for (const [ci, c] of arr(body.contents).entries()) {
    const content = obj(c);
    const role = content?.role;
    if (role !== undefined && role !== 'user' && role !== 'model') {
      out.push(invalidArgument('content-role', `Please use a valid role: user, model. (contents[${ci}].role was ${JSON.stringify(role)})`));
    }
    if (!content || !Array.isArray(content.parts) || content.parts.length === 0) {
      out.push(fieldViolation('empty-parts', 'GenerateContentRequest', `contents[${ci}].parts`, 'contents.parts must not be empty.'));
    }
  }
  return out;
}
