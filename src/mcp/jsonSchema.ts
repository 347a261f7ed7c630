/**
 * An MCP tool's `inputSchema` (any JSON Schema) → the schema subset Gemini accepts (the rules of
 * src/tools/schema.ts: one `type` per node, `enum` on strings only, objects with properties).
 * Keywords the API does not know are dropped (the server validates the arguments anyway); `$ref`
 * to `#/$defs/…` or `#/definitions/…` is inlined unless it is recursive; `[T, "null"]` and
 * `anyOf: [T, {type: "null"}]` become `nullable`; enum on numbers moves into the description. An
 * optional property that cannot be converted is dropped and noted; anything else that cannot be
 * converted throws `SchemaError`, and the tool is left out with that reason.
 */
import type { JsonSchema } from '../model/types';
import { SchemaError } from '../tools/schema';

type Json = Record<string, unknown>;

export interface Converted {
  /** `undefined`: the tool takes no arguments (the API refuses an empty object). */
  parameters: JsonSchema | undefined;
  /** Optional properties left out, with the reason. */
  dropped: string[];
}

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);

export function convertInputSchema(schema: unknown): Converted {
  const root = isObject(schema) ? schema : {};
  const dropped: string[] = [];
  const ctx = { root, dropped, stack: [] as string[] };
  const props = isObject(root.properties) ? root.properties : {};
  if ((root.type === undefined || root.type === 'object') && Object.keys(props).length === 0) {
    if (isObject(root.additionalProperties)) {
      throw new SchemaError('(root): free-form arguments (an object without properties); the API refuses it');
    }
    return { parameters: undefined, dropped };
  }
  const parameters = convert(root, '(root)', ctx);
  if (parameters.type !== 'object') throw new SchemaError(`(root): the arguments must be an object, got ${String(parameters.type)}`);
  return { parameters, dropped };
}

interface Ctx {
  root: Json;
  dropped: string[];
  stack: string[];
}

function convert(input: Json, path: string, ctx: Ctx): Json {
  const node = deref(input, path, ctx);
  try {
    return convertNode(node.schema, path, ctx);
  } finally {
    if (node.ref) ctx.stack.pop();
  }
}

function deref(input: Json, path: string, ctx: Ctx): { schema: Json; ref?: string } {
  if (typeof input.$ref !== 'string') return { schema: input };
  const ref = input.$ref;
  const m = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
  const defs = m ? (ctx.root[m[1]] as Json | undefined) : undefined;
  const target = m && isObject(defs) ? defs[decodeURIComponent(m[2])] : undefined;
  if (!isObject(target)) throw new SchemaError(`${path}: $ref ${ref} cannot be resolved`);
  if (ctx.stack.includes(ref)) throw new SchemaError(`${path}: $ref ${ref} is recursive`);
  ctx.stack.push(ref);
  const rest = without(input, '$ref');
  return { schema: { ...target, ...rest, description: rest.description ?? target.description }, ref };
}

function convertNode(source0: Json, path: string, ctx: Ctx): Json {
  let source = source0;
  const out: Json = {};
  // allOf with one member is the member; anyOf/oneOf of one type and null is that type, nullable.
  if (Array.isArray(source.allOf) && source.allOf.length === 1 && isObject(source.allOf[0])) {
    const rest = without(source, 'allOf');
    source = { ...deref(source.allOf[0] as Json, path, ctx).schema, ...rest };
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (!Array.isArray(source[key])) continue;
    const branches = (source[key] as unknown[]).filter(isObject);
    const others = branches.filter((b) => b.type !== 'null');
    if (others.length === 1) {
      if (others.length < branches.length) out.nullable = true;
      const rest = without(source, key);
      source = { ...deref(others[0], path, ctx).schema, ...rest, description: rest.description ?? others[0].description };
    } else if (others.length > 1) {
      throw new SchemaError(`${path}: a union (${key}); the API needs one type per field`);
    }
  }
  let type: unknown = source.type;
  if (Array.isArray(type)) {
    const rest = type.filter((t) => t !== 'null');
    if (rest.length < type.length) out.nullable = true;
    if (rest.length !== 1) throw new SchemaError(`${path}: several types (${type.join(', ')}); the API needs one type per field`);
    type = rest[0];
  }
  const values = Array.isArray(source.enum) ? source.enum : source.const !== undefined ? [source.const] : undefined;
  if (type === undefined) type = isObject(source.properties) ? 'object' : isObject(source.items) ? 'array' : values?.every((v) => typeof v === 'string') ? 'string' : undefined;
  if (typeof type !== 'string' || !TYPES.has(type)) throw new SchemaError(`${path}: ${type === undefined ? 'no type' : `type ${JSON.stringify(type)}`}; the API needs one of ${[...TYPES].join(', ')}`);
  out.type = type;
  let description = typeof source.description === 'string' ? source.description : undefined;
  if (values) {
    if (type === 'string' && values.every((v) => typeof v === 'string')) out.enum = values;
    else description = `${description ? `${description} ` : ''}(one of ${values.map((v) => JSON.stringify(v)).join(', ')})`;
  }
  if (description !== undefined) out.description = description;
  if (type === 'object') {
    const properties = isObject(source.properties) ? source.properties : {};
    const required = Array.isArray(source.required) ? source.required.filter((r): r is string => typeof r === 'string') : [];
    const kept: Json = {};
    for (const [name, child] of Object.entries(properties)) {
      const childPath = `${path === '(root)' ? '' : `${path}.`}${name}`;
      try {
        kept[name] = convert(isObject(child) ? child : {}, childPath, ctx);
      } catch (err) {
        if (required.includes(name) || !(err instanceof SchemaError)) throw err;
        ctx.dropped.push(err.message);
      }
    }
    if (Object.keys(kept).length === 0) throw new SchemaError(`${path}: an object without properties; the API refuses it ("properties: should be non-empty for OBJECT type")`);
    out.properties = kept;
    const req = required.filter((r) => r in kept);
    if (req.length > 0) out.required = req;
  }
  if (type === 'array') {
    if (!isObject(source.items)) throw new SchemaError(`${path}: an array without one item schema`);
    out.items = convert(source.items, `${path}[]`, ctx);
  }
  return out;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function without(o: Json, key: string): Json {
  const out = { ...o };
  delete out[key];
  return out;
}
