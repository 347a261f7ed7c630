import * as assert from 'node:assert/strict';
import { z } from 'zod';
import { createTools, toFunctionDeclarations } from '../../src/tools/index';
import { SchemaError, toGeminiParameters, toGeminiSchema } from '../../src/tools/schema';

const ALLOWED = new Set(['type', 'properties', 'required', 'items', 'enum', 'description', 'nullable']);

function keywords(node: unknown, out = new Set<string>()): Set<string> {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    for (const [k, v] of Object.entries(node)) {
      out.add(k);
      if (k === 'properties') for (const child of Object.values(v as object)) keywords(child, out);
      else if (k === 'items') keywords(v, out);
    }
  }
  return out;
}

describe('tool registry', () => {
  it('declares the tools by the names outside scenarios rely on', () => {
    assert.deepEqual(createTools().map((t) => t.name), ['read_file', 'list_files', 'search_codebase', 'semantic_search', 'write_file', 'edit_file', 'delete_file', 'run_command', 'get_diagnostics', 'update_plan', 'submit_plan']);
  });

  it('converts every schema to the Gemini subset only', () => {
    for (const d of toFunctionDeclarations(createTools())) {
      const used = [...keywords(d.parameters)].filter((k) => !ALLOWED.has(k));
      assert.deepEqual(used, [], `${d.name} uses ${used.join(', ')}`);
      assert.equal((d.parameters as { type: string }).type, 'object');
    }
  });

  it('keeps required and optional fields, nested items and descriptions', () => {
    const edit = toFunctionDeclarations(createTools()).find((d) => d.name === 'edit_file');
    assert.deepEqual(edit?.parameters?.required, ['path', 'edits']);
    const items = (edit?.parameters?.properties as Record<string, { items: { required: string[]; type: string } }>).edits.items;
    assert.deepEqual([items.type, items.required], ['object', ['search', 'replace']]);
    const read = toFunctionDeclarations(createTools()).find((d) => d.name === 'read_file');
    assert.deepEqual(read?.parameters?.required, ['path']);
    assert.equal((read?.parameters?.properties as Record<string, { type: string }>).start_line.type, 'integer');
  });

  it('turns enums, nullable and defaulted fields into their API forms', () => {
    const schema = toGeminiSchema(z.object({ mode: z.enum(['a', 'b']), note: z.string().nullable(), flag: z.boolean().default(false) }));
    assert.deepEqual(schema, {
      type: 'object',
      properties: { mode: { type: 'string', enum: ['a', 'b'] }, note: { nullable: true, type: 'string' }, flag: { type: 'boolean' } },
      required: ['mode', 'note'],
    });
  });

  it('fails loudly on what the API refuses instead of sending it', () => {
    const refused: Array<[string, z.ZodType, RegExp]> = [
      ['a record', z.object({ env: z.record(z.string(), z.string()) }), /env: an object without properties/],
      ['an empty nested object', z.object({ options: z.object({}) }), /options: an object without properties/],
      ['a numeric enum', z.object({ level: z.union([z.literal(1), z.literal(2)]) }), /level: /],
      ['a numeric literal', z.object({ version: z.literal(2) }), /version: enum values must be strings/],
      ['a union of types', z.object({ target: z.union([z.string(), z.number()]) }), /target: (a union|several types)/],
      ['an untyped value', z.object({ value: z.unknown() }), /value: no type/],
      ['a nested array item union', z.object({ list: z.array(z.union([z.string(), z.object({ a: z.string() })])) }), /list\[\]: a union/],
    ];
    for (const [what, schema, message] of refused) {
      assert.throws(() => toGeminiSchema(schema), (err: Error) => err instanceof SchemaError && message.test(err.message), what);
    }
  });

  it('declares a tool without parameters with none, rather than an empty object', () => {
    assert.equal(toGeminiParameters(z.object({})), undefined);
    const [decl] = toFunctionDeclarations([{ name: 'ping', description: 'p', parameters: z.object({}), execute: async () => ({}) }]);
    assert.deepEqual(decl, { name: 'ping', description: 'p' });
  });

  it('refuses tool names the API refuses', () => {
    for (const name of ['1tool', 'has space', 'x'.repeat(65)]) {
      assert.throws(() => toFunctionDeclarations([{ name, description: '', parameters: z.object({ a: z.string() }), execute: async () => ({}) }]), SchemaError, name);
    }
  });
});
