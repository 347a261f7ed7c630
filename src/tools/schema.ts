/**
 * zod schemas to the schema subset the Gemini API accepts (an OpenAPI 3.0 subset). Anything else
 * — `$schema`, `additionalProperties`, numeric bounds — is dropped: the API rejects or ignores
 * unknown keywords, and the same zod schema validates the model's arguments anyway. What the API
 * answers with HTTP 400 cannot be dropped quietly, so it throws when the schema is built (at
 * start-up and in the unit tests, not in front of a user): an object without properties (a
 * `z.record` or an empty `z.object` inside), `enum` on anything but strings, and a node without
 * one `type` (unions, `z.any()`). See shared/notes/GEMINI_WIRE.md "What the real API rejects".
 */
import { z } from 'zod';
import type { JsonSchema } from '../model/types';

type Json = Record<string, unknown>;

/** A schema the Gemini API would refuse; the message names the field. */
export class SchemaError extends Error {
  override name = 'SchemaError';
}

export function toGeminiSchema(schema: z.ZodType): JsonSchema {
  // 'input' so fields with defaults stay optional, as the model may leave them out.
  return clean(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json, '(root)');
}

/**
 * A function declaration's `parameters`: undefined for a tool without any (an empty object is
 * refused; the API takes a declaration without parameters instead).
 */
export function toGeminiParameters(schema: z.ZodType): JsonSchema | undefined {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  if (json.type === 'object' && (!isObject(json.properties) || Object.keys(json.properties).length === 0)) return undefined;
  return toGeminiSchema(schema);
}

function clean(node: Json, path: string): Json {
  const out: Json = {};
  const nullable = unwrapNullable(node);
  const source = nullable ?? node;
  if (nullable) out.nullable = true;
  if (typeof source.type === 'string') out.type = source.type;
  if (typeof source.description === 'string') out.description = source.description;
  const values = Array.isArray(source.enum) ? source.enum : source.const !== undefined ? [source.const] : undefined;
  if (values) {
    if (!values.every((v) => typeof v === 'string')) throw new SchemaError(`${path}: enum values must be strings (the API takes enum on STRING only), got ${JSON.stringify(values)}`);
    if (out.type !== undefined && out.type !== 'string') throw new SchemaError(`${path}: enum on type ${String(out.type)} (the API takes enum on STRING only)`);
    out.type = 'string';
    out.enum = values;
  }
  if (out.type === undefined) {
    const what = Array.isArray(source.anyOf) || Array.isArray(source.oneOf) ? 'a union' : Array.isArray(source.type) ? `several types (${source.type.join(', ')})` : 'no type';
    throw new SchemaError(`${path}: ${what}; the API needs one type per field (use one object with optional fields instead of a union)`);
  }
  if (out.type === 'object') {
    if (!isObject(source.properties) || Object.keys(source.properties).length === 0) {
      throw new SchemaError(`${path}: an object without properties (a record or an empty object); the API refuses it ("properties: should be non-empty for OBJECT type")`);
    }
    out.properties = Object.fromEntries(Object.entries(source.properties).map(([k, v]) => [k, clean(v as Json, `${path === '(root)' ? '' : `${path}.`}${k}`)]));
    if (Array.isArray(source.required) && source.required.length > 0) out.required = source.required;
  }
  if (out.type === 'array') {
    if (!isObject(source.items)) throw new SchemaError(`${path}: an array without one item schema`);
    out.items = clean(source.items, `${path}[]`);
  }
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
