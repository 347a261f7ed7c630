// Every request shape the product builds, checked by the strict emulator's rules (test/emulator/
// rules): the tool declarations and the plan schema (as declarations and as a response schema),
// the forced planning call, and the thinking config of every setting for every model family.
import * as assert from 'node:assert/strict';
import { SYSTEM_INSTRUCTION } from '../../src/agent/prompts';
import { thinkingConfig, THINKING_SETTINGS } from '../../src/model/thinking';
import { createTools, toFunctionDeclarations } from '../../src/tools/index';
import { toGeminiSchema } from '../../src/tools/schema';
import { PlanParameters } from '../../src/tools/submitPlan';
import { generateViolations } from '../emulator/rules';

const contents = [{ role: 'user', parts: [{ text: 'Request:\nfix it' }] }];

describe('requests against the strict emulator rules', () => {
  it('declares every tool, the plan tool included, in a form the API accepts', () => {
    const body = {
      contents,
      systemInstruction: { parts: [{ text: SYSTEM_INSTRUCTION }] },
      tools: [{ functionDeclarations: toFunctionDeclarations(createTools()) }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['submit_plan'] } },
    };
    assert.deepEqual(generateViolations(body, 'gemini-2.5-flash'), []);
  });

  it('converts the plan schema to a form the API accepts as a response schema too', () => {
    const body = { contents, generationConfig: { responseMimeType: 'application/json', responseSchema: toGeminiSchema(PlanParameters) } };
    assert.deepEqual(generateViolations(body, 'gemini-2.5-flash'), []);
  });

  it('sends a thinking config every model family takes, for every setting', () => {
    const models = ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-3-pro-preview', 'gemini-3-flash-preview', 'gemini-flash-latest', 'gemini-flash-lite-latest'];
    for (const model of models) {
      for (const setting of THINKING_SETTINGS) {
        const config = thinkingConfig(model, setting);
        const body = { contents, ...(config ? { generationConfig: { thinkingConfig: config } } : {}) };
        assert.deepEqual(generateViolations(body, model), [], `${model}, thinking ${setting}`);
      }
    }
  });
});
