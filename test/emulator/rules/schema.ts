// Schema rules, for function declaration `parameters` and `generationConfig.responseSchema`, at
// any depth: an OBJECT needs non-empty `properties` (reported: langchainjs #7935, agno #2112) and
// `enum` belongs to STRING only (documented: Schema.enum).
import { arr, fieldViolation, obj, type Violation } from './types';

const request = 'GenerateContentRequest';

function walk(schema: unknown, path: string, out: Violation[]): void {
  const s = obj(schema);
  if (!s) return;
  const type = typeof s.type === 'string' ? s.type.toUpperCase() : undefined;
  const properties = obj(s.properties);
  if (type === 'OBJECT' && (!properties || Object.keys(properties).length === 0)) {
    out.push(fieldViolation('object-properties', request, `${path}.properties`, 'should be non-empty for OBJECT type'));
  }
  if (s.enum !== undefined && type !== 'STRING') {
    out.push(fieldViolation('enum-type', request, `${path}.enum`, 'only allowed for STRING type'));
  }
  for (const [name, child] of Object.entries(properties ?? {})) walk(child, `${path}.properties[${name}]`, out);
  if (s.items !== undefined) walk(s.items, `${path}.items`, out);
  for (const [i, child] of arr(s.anyOf).entries()) walk(child, `${path}.any_of[${i}]`, out);
}

/** Every schema violation of the request's tools and response schema. */
export function checkSchemas(body: Record<string, unknown>): Violation[] {
  const out: Violation[] = [];
  for (const [ti, tool] of arr(body.tools).entries()) {
    for (const [fi, fd] of arr(obj(tool)?.functionDeclarations).entries()) {
      const params = obj(fd)?.parameters;
      if (params !== undefined) walk(params, `tools[${ti}].function_declarations[${fi}].parameters`, out);
    }
  }
  const responseSchema = obj(body.generationConfig)?.responseSchema;
  if (responseSchema !== undefined) walk(responseSchema, 'generation_config.response_schema', out);
  return out;
}
