// A scenario with `"loop": true` starts over after its last turn, so an offline demo never runs
// dry; without it, a request past the last turn is refused as before. Read through the real SDK.
import * as assert from 'node:assert/strict';
import { GoogleGenerativeAI, GoogleGenerativeAIFetchError, type Content } from '@google/generative-ai';
import { parseScenario, startEmulator, type Emulator } from '../emulator';

let emu: Emulator;

const model = () => new GoogleGenerativeAI('test-key').getGenerativeModel({ model: 'gemini-flash-latest' }, { baseUrl: emu.baseUrl });

async function streamedText(prompt: string | Content[]): Promise<string> {
  const result = await model().generateContentStream(Array.isArray(prompt) ? { contents: prompt } : prompt);
  result.response.catch(() => undefined);
  let text = '';
  for await (const chunk of result.stream) text += chunk.text();
  return text;
}

async function status(): Promise<{ loop: boolean; restarts: number; nextTurn: number; unconsumedTurns: number; failures: unknown[] }> {
  return (await (await fetch(`${emu.baseUrl}/__emulator/status`)).json()) as never;
}

describe('Gemini emulator: looping scenarios', () => {
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('starts over from the first turn after the last one', async () => {
    emu.load({ loop: true, turns: [{ chunks: [{ text: 'one' }] }, { chunks: [{ text: 'two' }] }] });
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) answers.push(await streamedText(`message ${i}`));
    assert.deepEqual(answers, ['one', 'two', 'one', 'two', 'one']);
    assert.deepEqual(emu.requests.map((r) => r.turn), [0, 1, 0, 1, 0]);
    assert.deepEqual(emu.failures(), []);
    assert.equal(emu.unconsumedTurns(), 1, 'counts the turns left in the current pass');
  });

  it('reports the loop and how often it started over in /__emulator/status', async () => {
    emu.load({ loop: true, turns: [{ chunks: [{ text: 'a' }] }, { chunks: [{ text: 'b' }] }] });
    await streamedText('1');
    await streamedText('2');
    const endOfPass = await status();
    assert.deepEqual([endOfPass.loop, endOfPass.restarts, endOfPass.nextTurn, endOfPass.unconsumedTurns], [true, 0, 0, 0]);
    await streamedText('3');
    const secondPass = await status();
    assert.deepEqual([secondPass.restarts, secondPass.nextTurn, secondPass.unconsumedTurns], [1, 1, 1]);
  });

  it('still refuses a request past the last turn with 400 when loop is off (the default)', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'only' }] }] });
    assert.equal(parseScenario({ turns: [] }).loop, false);
    assert.equal(await streamedText('1'), 'only');
    await assert.rejects(streamedText('2'), (e: unknown) => e instanceof GoogleGenerativeAIFetchError && e.status === 400 && /no turn left/.test(e.message));
    assert.equal(emu.failures().length, 1);
  });

  it('refuses every request of a looping scenario without turns, since there is nothing to repeat', async () => {
    emu.load({ loop: true, turns: [] });
    await assert.rejects(streamedText('1'), (e: unknown) => e instanceof GoogleGenerativeAIFetchError && e.status === 400);
  });

  it('checks expect and thought signatures on every pass', async () => {
    const call = { functionCall: { name: 'read_file', args: { path: 'a.ts' } }, thoughtSignature: 'sig-loop' };
    emu.load({ loop: true, turns: [{ chunks: [call] }, { expect: { functionResponseNames: ['read_file'] }, chunks: [{ text: 'read it' }] }] });
    const history = (signature: string | undefined): Content[] => [
      { role: 'user', parts: [{ text: 'read a.ts' }] },
      { role: 'model', parts: [{ functionCall: call.functionCall, ...(signature ? { thoughtSignature: signature } : {}) }] },
      { role: 'user', parts: [{ functionResponse: { name: 'read_file', response: { content: 'x' } } }] },
    ] as unknown as Content[];
    for (let pass = 0; pass < 2; pass++) {
      await streamedText('read a.ts');
      assert.equal(await streamedText(history('sig-loop')), 'read it');
    }
    await streamedText('read a.ts');
    await assert.rejects(streamedText(history(undefined)), (e: unknown) => e instanceof GoogleGenerativeAIFetchError && e.status === 400 && /thought_signature/.test(e.message));
    assert.deepEqual(emu.acknowledgeRejections().map((r) => r.rule), ['thought-signature']);
    await streamedText('read a.ts');
    await assert.rejects(streamedText('no function response here'), (e: unknown) => e instanceof GoogleGenerativeAIFetchError && e.status === 400 && /functionResponse/.test(e.message));
  });

  it('refuses a loop flag that is not a boolean, naming the field', () => {
    assert.throws(() => parseScenario({ loop: 'yes', turns: [] }, 'demo'), /loop/);
  });
});
