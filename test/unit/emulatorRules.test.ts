// Each rule of the strict emulator (test/emulator/rules/), proved through the real
// `@google/generative-ai` SDK pointed at it: a request the real API refuses gets the real API's
// status and message, and the nearest request it accepts gets an answer. The refusing request
// consumes a scenario turn marked `expectRejection`, which also proves that marking.
import * as assert from 'node:assert/strict';
import { GoogleGenerativeAI, GoogleGenerativeAIFetchError, type Content, type ModelParams } from '@google/generative-ai';
import { startEmulator, type Emulator, type RuleId } from '../emulator';

let emu: Emulator;

interface Request {
  model?: string;
  /** Model params beyond the name: tools, generationConfig (thinkingConfig is not in the SDK's types, hence loose). */
  params?: Record<string, unknown>;
  contents?: Content[] | unknown[];
}

const user = (text: string): Content => ({ role: 'user', parts: [{ text }] });

async function send(r: Request): Promise<string> {
  const params = { model: r.model ?? 'gemini-flash-latest', ...(r.params ?? {}) } as ModelParams;
  const model = new GoogleGenerativeAI('test-key').getGenerativeModel(params, { baseUrl: emu.baseUrl });
  const { response } = await model.generateContent({ contents: (r.contents ?? [user('hi')]) as Content[] });
  return response.text();
}

/** Sends `bad` expecting `rule` to refuse it with `status`/`message`, then `good` expecting an answer. */
async function proves(rule: RuleId, bad: Request, message: RegExp | string, good: Request[], status = 400): Promise<void> {
  emu.load({ turns: [{ expectRejection: rule }, ...good.map(() => ({ chunks: [{ text: 'ok' }] }))] });
  let err: unknown;
  try {
    await send(bad);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof GoogleGenerativeAIFetchError, `expected a refusal, got ${String(err)}`);
  assert.equal(err.status, status);
  if (typeof message === 'string') assert.ok(err.message.includes(message), `message was: ${err.message}`);
  else assert.match(err.message, message);
  for (const g of good) assert.equal(await send(g), 'ok');
  assert.deepEqual(emu.failures(), []);
  assert.deepEqual(emu.rejections().slice(-1).map((r) => [r.rule, r.expected]), [[rule, true]]);
}

const fn = (name: string, parameters?: unknown) => ({ name, description: 'd', ...(parameters ? { parameters } : {}) });
const tools = (...declarations: unknown[]) => ({ tools: [{ functionDeclarations: declarations }] });
const stringParams = { type: 'OBJECT', properties: { path: { type: 'STRING' } } };
const thinking = (config: Record<string, unknown>) => ({ generationConfig: { thinkingConfig: config } });
const json = { generationConfig: { responseMimeType: 'application/json' } };

const callTurn = (n: number): Content[] => [
  user('read two files'),
  { role: 'model', parts: Array.from({ length: n }, (_, i) => ({ functionCall: { name: 'read_file', args: { path: `${i}.ts` } } })) },
];
const responses = (n: number): Content => ({ role: 'user', parts: Array.from({ length: n }, () => ({ functionResponse: { name: 'read_file', response: { content: 'x' } } })) });

describe('Gemini emulator: the real API\'s request rules, through the SDK', () => {
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('unknown-model: a model it does not serve is 404 NOT_FOUND', () =>
    proves('unknown-model', { model: 'gemini-nope' },
      '[404 Not Found] models/gemini-nope is not found for API version v1beta, or is not supported for generateContent',
      [{ model: 'gemini-2.5-pro' }, { model: 'gemini-flash-lite-latest' }], 404));

  it('unknown-model: an embedding model does not serve generateContent', () =>
    proves('unknown-model', { model: 'gemini-embedding-001' }, /models\/gemini-embedding-001 is not found .* generateContent/, [{ model: 'gemini-3-flash-preview' }], 404));

  it('object-properties: an OBJECT parameter schema with empty properties, named by its path', () =>
    proves('object-properties', { params: tools(fn('a'), fn('b'), fn('c'), fn('d', { type: 'OBJECT', properties: {} })) },
      '* GenerateContentRequest.tools[0].function_declarations[3].parameters.properties: should be non-empty for OBJECT type',
      [{ params: tools(fn('a'), fn('d', stringParams)) }]));

  it('object-properties: at any depth, and in responseSchema', async () => {
    const nested = { type: 'OBJECT', properties: { options: { type: 'ARRAY', items: { type: 'object' } } } };
    await proves('object-properties', { params: tools(fn('a', nested)) },
      'function_declarations[0].parameters.properties[options].items.properties: should be non-empty for OBJECT type', []);
    await proves('object-properties', { params: { generationConfig: { responseMimeType: 'application/json', responseSchema: { type: 'OBJECT', properties: {} } } } },
      '* GenerateContentRequest.generation_config.response_schema.properties: should be non-empty for OBJECT type',
      [{ params: { generationConfig: { responseMimeType: 'application/json', responseSchema: stringParams } } }]);
  });

  it('enum-type: enum on a non-STRING type', () =>
    proves('enum-type', { params: tools(fn('a', { type: 'OBJECT', properties: { level: { type: 'INTEGER', enum: ['1', '2'] } } })) },
      '* GenerateContentRequest.tools[0].function_declarations[0].parameters.properties[level].enum: only allowed for STRING type',
      [{ params: tools(fn('a', { type: 'OBJECT', properties: { level: { type: 'STRING', format: 'enum', enum: ['1', '2'] } } })) }]));

  it('function-name: a name starting with a digit, with a space, or over 64 characters', async () => {
    const message = /function_declarations\[1\]\.name: Invalid function name\. Must start with a letter or an underscore/;
    await proves('function-name', { params: tools(fn('ok'), fn('1read')) }, message, []);
    await proves('function-name', { params: tools(fn('ok'), fn('read file')) }, message, []);
    await proves('function-name', { params: tools(fn('ok'), fn(`a${'b'.repeat(64)}`)) }, message,
      [{ params: tools(fn('_ns.tool:v-1'), fn(`a${'b'.repeat(63)}`)) }]);
  });

  it('tool-config: an unknown mode, and allowed function names with a mode other than ANY (the forced plan, review and last-round shapes pass)', async () => {
    const declared = tools(fn('submit_plan'), fn('read_file'));
    const config = (functionCallingConfig: Record<string, unknown>) => ({ ...declared, toolConfig: { functionCallingConfig } });
    await proves('tool-config-mode', { params: config({ mode: 'ALWAYS' }) }, /Invalid value at 'tool_config\.function_calling_config\.mode'.*"ALWAYS"/, []);
    await proves('allowed-function-names', { params: config({ mode: 'AUTO', allowedFunctionNames: ['submit_plan'] }) },
      '* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: allowed_function_names can only be set when the function calling mode is ANY or VALIDATED, not AUTO.',
      [{ params: config({ mode: 'ANY', allowedFunctionNames: ['submit_plan'] }) }, { params: config({ mode: 'NONE' }) }, { params: config({ mode: 'ANY' }) }]);
    await proves('allowed-function-names', { params: config({ mode: 'NONE', allowedFunctionNames: ['read_file'] }) }, /not NONE\./, []);
  });

  it('function-response-object: a functionResponse.response that is not an object', () =>
    proves('function-response-object',
      { contents: [...callTurn(1), { role: 'user', parts: [{ functionResponse: { name: 'read_file', response: 'file text' } }] }] },
      "Invalid value at 'contents[2].parts[0].function_response.response' (type.googleapis.com/google.protobuf.Struct)",
      [{ contents: [...callTurn(1), responses(1)] }]));

  it('function-response-count: fewer responses than the calls of the turn before', async () => {
    await proves('function-response-count', { contents: [...callTurn(2), responses(1)] },
      'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn',
      [{ contents: [...callTurn(2), responses(2)] }]);
    await proves('function-response-count', { contents: [user('hi'), { role: 'model', parts: [{ text: 'hello' }] }, responses(1)] },
      'Please ensure that function response turn comes immediately after a function call turn', []);
  });

  it('json-mode-tools: JSON mode together with function declarations', () =>
    proves('json-mode-tools', { params: { ...tools(fn('a', stringParams)), ...json } },
      "[400 Bad Request] Function calling with a response mime type: 'application/json' is unsupported",
      [{ params: json }, { params: tools(fn('a', stringParams)) }]));

  it('json-mode-history: JSON mode with function calls and responses in the history', () =>
    proves('json-mode-history', { params: json, contents: [...callTurn(1), responses(1), { role: 'model', parts: [{ text: 'read' }] }, user('plan')] },
      "Function calling with a response mime type: 'application/json' is unsupported (contents[1].parts[0] holds a function call or response)",
      [{ params: json, contents: [user('a'), { role: 'model', parts: [{ text: 'b' }] }, user('plan')] }]));

  it('thinking-both: thinkingBudget and thinkingLevel together', () =>
    proves('thinking-both', { model: 'gemini-3-flash-preview', params: thinking({ thinkingBudget: 1024, thinkingLevel: 'low' }) },
      '* GenerateContentRequest.generation_config.thinking_config: thinking_budget and thinking_level cannot both be set',
      [{ model: 'gemini-3-flash-preview', params: thinking({ thinkingLevel: 'low', includeThoughts: true }) }]));

  it('thinking-budget-range: each 2.5 family\'s range; -1 (dynamic) everywhere; 0 not on Pro', async () => {
    await proves('thinking-budget-range', { model: 'gemini-2.5-pro', params: thinking({ thinkingBudget: 0 }) },
      'Budget 0 is invalid. This model only works in thinking mode.',
      [{ model: 'gemini-2.5-pro', params: thinking({ thinkingBudget: 128 }) }, { model: 'gemini-2.5-pro', params: thinking({ thinkingBudget: -1 }) }, { model: 'gemini-2.5-pro', params: thinking({ thinkingBudget: 32768 }) }]);
    await proves('thinking-budget-range', { model: 'gemini-2.5-pro', params: thinking({ thinkingBudget: 100 }) }, 'The thinking budget (100) is invalid.', []);
    await proves('thinking-budget-range', { model: 'gemini-flash-latest', params: thinking({ thinkingBudget: 24577 }) }, 'The thinking budget (24577) is invalid.',
      [{ model: 'gemini-flash-latest', params: thinking({ thinkingBudget: 0 }) }, { model: 'gemini-2.5-flash', params: thinking({ thinkingBudget: 24576 }) }]);
    await proves('thinking-budget-range', { model: 'gemini-2.5-flash-lite', params: thinking({ thinkingBudget: 511 }) }, 'The thinking budget (511) is invalid.',
      [{ model: 'gemini-flash-lite-latest', params: thinking({ thinkingBudget: 512 }) }, { model: 'gemini-2.5-flash-lite', params: thinking({ thinkingBudget: 0 }) }]);
  });

  it('thinking-level-model: thinkingLevel on a 2.5 model (aliases resolved)', () =>
    proves('thinking-level-model', { model: 'gemini-flash-latest', params: thinking({ thinkingLevel: 'low' }) }, 'Thinking level is not supported for this model.',
      [{ model: 'gemini-3-pro-preview', params: thinking({ thinkingLevel: 'high' }) }]));

  it('thinking-budget-model: thinkingBudget on Gemini 3 (stricter than the real API, by decision)', () =>
    proves('thinking-budget-model', { model: 'gemini-3-pro-preview', params: thinking({ thinkingBudget: 1024 }) }, /Gemini 3 Pro takes thinking_level, not thinking_budget/,
      [{ model: 'gemini-3-pro-preview', params: thinking({ thinkingLevel: 'LOW' }) }]));

  it('thinking-level-value: a level the model does not offer', () =>
    proves('thinking-level-value', { model: 'gemini-3-pro-preview', params: thinking({ thinkingLevel: 'medium' }) }, 'thinking_level MEDIUM is not supported by this model',
      [{ model: 'gemini-3-flash-preview', params: thinking({ thinkingLevel: 'minimal' }) }, { model: 'gemini-3-flash-preview', params: thinking({ thinkingLevel: 'medium' }) }]));

  it('stop-sequences: more than five', () =>
    proves('stop-sequences', { params: { generationConfig: { stopSequences: ['a', 'b', 'c', 'd', 'e', 'f'] } } },
      '* GenerateContentRequest.generation_config.stop_sequences: the number of stop sequences (6) exceeds the maximum of 5',
      [{ params: { generationConfig: { stopSequences: ['a', 'b', 'c', 'd', 'e'] } } }]));

  it('content-role: a "system" role in contents', () =>
    proves('content-role', { contents: [{ role: 'system', parts: [{ text: 'be brief' }] }, user('hi')] },
      'Please use a valid role: user, model.',
      [{ contents: [user('hi'), { role: 'model', parts: [{ text: 'hello' }] }, user('again')] }]));

  it('content-role: the SDK\'s own "function" role for bare functionResponse parts is refused too', async () => {
    emu.load({ turns: [{ expectRejection: 'content-role' }] });
    const model = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-flash-latest' }, { baseUrl: emu.baseUrl });
    await assert.rejects(model.generateContent([{ functionResponse: { name: 'read_file', response: { content: 'x' } } }]),
      (e: unknown) => e instanceof GoogleGenerativeAIFetchError && e.status === 400 && /contents\[0\]\.role was "function"/.test(e.message));
    assert.deepEqual((emu.requests[0].body as { contents: { role: string }[] }).contents[0].role, 'function');
  });

  it('empty-parts: a content with an empty parts array', () =>
    proves('empty-parts', { contents: [user('hi'), { role: 'model', parts: [] }, user('again')] },
      '* GenerateContentRequest.contents[1].parts: contents.parts must not be empty.',
      [{ contents: [user('hi')] }]));

  const image = (mimeType: string, data: string): Content => ({ role: 'user', parts: [{ text: 'what is in this picture?' }, { inlineData: { mimeType, data } }] });
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');

  it('inline-data-mime: GIF and image/jpg are refused; PNG, JPEG, WebP, HEIC, HEIF and PDF are taken and recorded', async () => {
    await proves('inline-data-mime', { contents: [image('image/gif', png)] }, 'Unsupported MIME type: image/gif',
      ['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'].map((m) => ({ contents: [image(m, png)] })));
    assert.deepEqual(emu.inlineData().map((p) => [p.requestIndex, p.mimeType, p.content, p.part, p.bytes]), [
      [0, 'image/gif', 0, 1, 16], [1, 'image/png', 0, 1, 16], [2, 'image/jpeg', 0, 1, 16], [3, 'image/webp', 0, 1, 16], [4, 'image/heic', 0, 1, 16], [5, 'image/heif', 0, 1, 16], [6, 'application/pdf', 0, 1, 16],
    ]);
    await proves('inline-data-mime', { contents: [image('image/jpg', png)] }, 'Unsupported MIME type: image/jpg', []);
  });

  it('inline-data-base64: data that is not base64 (a reference never expanded, a data: URL)', async () => {
    await proves('inline-data-base64', { contents: [image('image/png', 'ref:0123abcd')] }, "Invalid value at 'contents[0].parts[1].inline_data.data' (TYPE_BYTES), Base64 decoding failed", [{ contents: [image('image/png', png)] }]);
    await proves('inline-data-base64', { contents: [image('image/png', `data:image/png;base64,${png}`)] }, 'Base64 decoding failed', []);
  });

  it('inline-data-size: a request over 20 MB in all, though each image is under it', async () => {
    const elevenMb = Buffer.alloc(8 * 1024 * 1024, 7).toString('base64');
    const two = { contents: [{ role: 'user', parts: [{ text: 'two' }, { inlineData: { mimeType: 'image/png', data: elevenMb } }, { inlineData: { mimeType: 'image/jpeg', data: elevenMb } }] }] };
    const one = { contents: [image('image/png', elevenMb)] };
    await proves('inline-data-size', two, 'Request payload size exceeds the limit: 20971520 bytes.', [one]);
  });

  it('joins every field violation of one request in one message, one line each, as the real API does', async () => {
    emu.load({ turns: [{ expectRejection: true }] });
    await assert.rejects(send({ params: tools(fn('a', { type: 'OBJECT', properties: {} }), fn('b', { type: 'OBJECT', properties: { n: { type: 'NUMBER', enum: ['1'] } } })) }),
      (e: unknown) => e instanceof GoogleGenerativeAIFetchError
        && e.message.includes('function_declarations[0].parameters.properties: should be non-empty for OBJECT type\n* GenerateContentRequest.tools[0].function_declarations[1].parameters.properties[n].enum: only allowed for STRING type'));
  });

  it('an expectRejection turn that meets an accepted request, or another rule, is a scenario failure', async () => {
    emu.load({ turns: [{ expectRejection: 'json-mode-tools' }, { expectRejection: 'json-mode-tools' }] });
    await assert.rejects(send({}), (e: unknown) => e instanceof GoogleGenerativeAIFetchError && e.status === 400);
    assert.match(emu.failures()[0].message, /turn 0 .* expected a rejection by rule json-mode-tools, but the request passed every rule/);
    await assert.rejects(send({ params: { generationConfig: { stopSequences: ['1', '2', '3', '4', '5', '6'] } } }));
    assert.match(emu.failures()[1].message, /expected a rejection by rule json-mode-tools, got stop-sequences/);
    assert.deepEqual(emu.acknowledgeRejections().map((r) => r.rule), ['stop-sequences']);
  });

  it('keeps refusals across loads; unexpected ones until a test acknowledges them', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'x' }] }] });
    const before = emu.rejections().length;
    await assert.rejects(send({ model: 'gemini-2.5-pro', params: thinking({ thinkingBudget: 0 }) }));
    emu.load({ turns: [] });
    assert.equal(emu.rejections().length, before + 1);
    assert.deepEqual(emu.unexpectedRejections().map((r) => [r.rule, r.expected]), [['thinking-budget-range', false]]);
    const status = (await (await fetch(`${emu.baseUrl}/__emulator/status`)).json()) as { unexpectedRejections: unknown[] };
    assert.equal(status.unexpectedRejections.length, 1);
    assert.equal(emu.acknowledgeRejections().length, 1);
    assert.deepEqual(emu.unexpectedRejections(), []);
  });
});
