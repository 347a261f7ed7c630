/**
 * zod schemas to the schema subset the Gemini API accepts (an OpenAPI 3.0 subset). Anything else
 * — `$schema`, `additionalProperties`, numeric bounds — is dropped: the API rejects or ignores
 * unknown keywords, and the same zod schema validates the model's arguments anyway.
 */
import { z } from 'zod';
import type { JsonSchema } from '../model/types';

type Json = Record<string, unknown>;

export function toGeminiSchema(schema: z.ZodType): JsonSchema {
  // 'input' so fields with defaults stay optional, as the model may leave them out.
  return clean(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json);
}

function clean(node: Json): Json {
  const out: Json = {};
  const nullable = unwrapNullable(node);
  const source = nullable ?? node;
  if (nullable) out.nullable = true;
  if (typeof source.type === 'string') out.type = source.type;
  if (typeof source.description === 'string') out.description = source.description;
  if (Array.isArray(source.enum)) out.enum = source.enum;
  else if (source.const !== undefined) out.enum = [source.const];
  if (out.enum && !out.type) out.type = 'string';
  if (isObject(source.properties)) {
    out.properties = Object.fromEntries(Object.entries(source.properties).map(([k, v]) => [k, clean(v as Json)]));
    if (Array.isArray(source.required) && source.required.length > 0) out.required = source.required;
  }
  if (isObject(source.items)) out.items = clean(source.items);
  if (Array.isArray(source.anyOf) && !nullable) out.anyOf = source.anyOf.map((v) => clean(v as Json));
  return out;
}

/** `anyOf: [X, {type: 'null'}]` or `type: [t, 'null']` → X, to be marked nullable. */
function unwrapNullable(node: Json): Json | undefined {
  if (Array.isArray(node.type) && node.type.includes('null')) {
    const rest = node.type.filter((t) => t !== 'null');
    return rest.length === 1 ? { ...node, type: rest[0] } : undefined;
  }
  if (!Array.isArray(node.anyOf)) return undefined;
  const branches = node.anyOf as Json[];
  const others = branches.filter((b) => b.type !== 'null');
  if (others.length !== 1 || others.length === branches.length) return undefined;
  return { ...others[0], description: node.description ?? others[0].description };
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
