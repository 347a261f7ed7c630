import * as assert from 'node:assert/strict';
import { EXPLORER_INSTRUCTION, PLANNER_INSTRUCTION, REVIEWER_INSTRUCTION } from '../../src/agents/prompts';
import { NO_AGENTS } from '../../src/agents/settings';
import { SYSTEM_INSTRUCTION } from '../../src/agent/prompts';
import { createTools, toFunctionDeclarations } from '../../src/tools/index';
import { agents } from './fakes/agents';
import { harness } from './fakes/harness';
import { call, plan, say, type Step } from './fakes/scriptedModel';

const files = { 'src/a.ts': 'export const a = 1;\n' };
const script = (): Step[] => [
  plan({ id: '1', description: 'Edit a.ts', files: ['src/a.ts'] }),
  call('edit_file', { path: 'src/a.ts', edits: [{ search: 'a = 1', replace: 'a = 2' }] }),
  say('Changed a to 2.'),
];
const names = (tools: Array<{ name: string }> | undefined) => (tools ?? []).map((t) => t.name);

describe('agents: roles and their wiring', () => {
  it('with every helper off, the requests are byte for byte those of a run without the setting', async () => {
    const plain = harness(script(), { files });
    await plain.run('Make a 2');
    // Off, whatever their models and caps say.
    const off = { ...NO_AGENTS, mainModel: 'gemini-x', planner: { enabled: false, model: 'p' }, explorer: { enabled: false, model: 'e', maxParallel: 9 }, reviewer: { enabled: false, model: 'r', maxRounds: 4 }, caps: { maxToolRounds: 1, maxTokens: 1, maxMs: 1 } };
    const withOff = harness(script(), { files, settings: { agents: off } });
    await withOff.run('Make a 2');
    assert.equal(JSON.stringify(withOff.model.requests), JSON.stringify(plain.model.requests));
    assert.equal(JSON.stringify(withOff.events), JSON.stringify(plain.events));
    // And they are today's: the one system instruction and the built-in tools, nothing added.
    for (const r of plain.model.requests) {
      assert.equal(r.systemInstruction, SYSTEM_INSTRUCTION);
      assert.deepEqual(r.tools, toFunctionDeclarations(createTools()));
    }
    assert.ok(!plain.events.some((e) => e.type.startsWith('subagent') || e.type === 'review'));
  });

  it('gives each role its own fixed instruction, which names the role first', () => {
    assert.match(PLANNER_INSTRUCTION, /^You are the planner\b/);
    assert.match(EXPLORER_INSTRUCTION, /^You are the explorer\b/);
    assert.match(REVIEWER_INSTRUCTION, /^You are the reviewer\b/);
  });

  it('the coder gets explore (and a line about it) only when explorers are on', async () => {
    const h = harness(script(), { files, settings: { agents: agents({ explorer: true }) } });
    await h.run('Make a 2');
    const coder = h.model.requests[0];
    assert.deepEqual(names(coder.tools), [...names(toFunctionDeclarations(createTools())), 'explore']);
    assert.match(coder.systemInstruction!, /call explore: an explorer reads them in its own context/);
    // Every request of the run still starts with the same bytes.
    for (const r of h.model.requests) assert.equal(JSON.stringify([r.systemInstruction, r.tools]), JSON.stringify([coder.systemInstruction, coder.tools]));
  });

  it('explorers only read; semantic_search is theirs only with an index', async () => {
    const h = harness([plan({ id: '1', description: 'Ask' }), call('explore', { question: 'Where?' }), say('OK.')], {
      settings: { agents: agents({ explorer: true }) },
      roles: { explorer: [say('There.')] },
    });
    await h.run('Ask');
    const explorer = h.roles.explorer!.requests[0];
    assert.equal(explorer.systemInstruction, EXPLORER_INSTRUCTION);
    assert.deepEqual(names(explorer.tools), ['list_files', 'read_file', 'search_codebase']);
    assert.equal(explorer.toolChoice, undefined);

    const indexed = harness([plan({ id: '1', description: 'Ask' }), call('explore', { question: 'Where?' }), say('OK.')], {
      settings: { agents: agents({ explorer: true }) },
      roles: { explorer: [say('There.')] },
    });
    indexed.deps.workspace = { ...indexed.deps.workspace, index: { search: async () => ({ hits: [], mode: 'lexical' as const }) } } as typeof indexed.deps.workspace;
    await indexed.run('Ask');
    assert.deepEqual(names(indexed.roles.explorer!.requests[0].tools), ['list_files', 'read_file', 'search_codebase', 'semantic_search']);
  });

  it('a helper that tries to change a file through a tool it was not given is told there is no such tool', async () => {
    const h = harness([plan({ id: '1', description: 'Ask' }), call('explore', { question: 'Where?' }), say('OK.')], {
      files,
      settings: { agents: agents({ explorer: true }) },
      roles: { explorer: [call('write_file', { path: 'src/a.ts', content: 'x' }), say('I could not write.')] },
    });
    await h.run('Ask');
    assert.equal(h.fs.text('src/a.ts'), files['src/a.ts']);
    const answer = h.roles.explorer!.requests[1].contents.at(-1)!.parts[0].functionResponse!.response;
    assert.match(String(answer.error), /There is no tool named "write_file"/);
  });

  it('each role runs on its own model when one is set', async () => {
    const asked: string[] = [];
    const h = harness([plan({ id: '1', description: 'Ask' }), call('explore', { question: 'Where?' }), say('OK.')], {
      settings: { agents: agents({ explorer: { model: 'gemini-flash-lite-latest' } }) },
      roles: { explorer: [say('There.')] },
    });
    const deps = h.deps as typeof h.deps & { modelFor(name: string): typeof h.model };
    deps.modelFor = (name) => {
      asked.push(name);
      return h.model;
    };
    await h.run('Ask');
    assert.deepEqual(asked, ['gemini-flash-lite-latest']);
    assert.equal(h.of('subagentStarted')[0].model, 'gemini-flash-lite-latest');
  });
});

describe('agents: the planner', () => {
  it('makes the plan in its own conversation with read-only tools and explore; the coder gets the plan as a message', async () => {
    const h = harness([call('edit_file', { path: 'src/a.ts', edits: [{ search: 'a = 1', replace: 'a = 2' }] }), say('Changed.')], {
      files,
      settings: { agents: agents({ planner: true, explorer: true }) },
      roles: {
        planner: [call('explore', { question: 'What is in a.ts?' }), plan({ id: '1', description: 'Set a to 2 in src/a.ts', files: ['src/a.ts'] })],
        explorer: [say('a = 1.\n\nReferences:\n- src/a.ts:1')],
      },
    });
    const result = await h.run('Make a 2');
    assert.equal(result.status, 'completed');
    const planner = h.roles.planner!.requests;
    assert.equal(planner[0].systemInstruction, PLANNER_INSTRUCTION);
    assert.deepEqual(names(planner[0].tools), ['list_files', 'read_file', 'search_codebase', 'explore', 'submit_plan']);
    assert.match(planner[0].contents[0].parts[0].text!, /^Request:\nMake a 2[\s\S]*Workspace files/);
    assert.deepEqual(h.of('plan')[0].tasks.map((t) => t.description), ['Set a to 2 in src/a.ts']);
    // The explorer's card hangs under the planner's explore call.
    const [plannerCard, explorerCard] = h.of('subagentStarted');
    assert.equal(plannerCard.role, 'planner');
    const exploreCall = h.of('subagentEvent').find((e) => e.agentId === plannerCard.agentId && e.event.type === 'toolStarted')!.event as { callId: string };
    assert.equal(explorerCard.parentCallId, exploreCall.callId);
    // The coder never plans: its first request is the task, with the planner's plan before it.
    const coder = h.model.requests[0];
    assert.equal(coder.toolChoice, undefined);
    const texts = coder.contents.map((c) => c.parts[0].text ?? '');
    assert.match(texts[1], /^The planner made this plan for the request; you carry it out one task at a time[\s\S]*1\. Set a to 2 in src\/a\.ts \(files: src\/a\.ts\)/);
    assert.equal(h.fs.text('src/a.ts'), 'export const a = 2;\n');
    const split = h.of('usage').at(-1)!.byRole!;
    assert.deepEqual(Object.keys(split).sort(), ['coder', 'explorer', 'planner']);
  });

  it('when the planner gives no plan, the coder plans in its own conversation as without one', async () => {
    const h = harness(script(), {
      files,
      settings: { agents: agents({ planner: true }) },
      roles: { planner: [say('I would rather chat.'), say('Still chatting.')] },
    });
    const result = await h.run('Make a 2');
    assert.equal(result.status, 'completed');
    assert.equal(h.of('subagentFinished')[0].status, 'failed');
    assert.deepEqual(h.model.requests[0].toolChoice, { mode: 'ANY', allowedFunctionNames: ['submit_plan'] });
    // The nudge forced the call on its second request.
    assert.deepEqual(h.roles.planner!.requests[1].toolChoice, { mode: 'ANY', allowedFunctionNames: ['submit_plan'] });
  });
});

describe('agents: small parts', () => {
  it('splits an explorer\'s references from its report', async () => {
    const { splitReferences, refText } = await import('../../src/agents/refs');
    const { text, refs } = splitReferences('It is in a.ts.\n\n**References:**\n- `src/a.ts:3-9`\n- src/b.ts:12\n- README.md\n- nothing here');
    assert.equal(text, 'It is in a.ts.');
    assert.deepEqual(refs, [{ path: 'src/a.ts', line: 3, endLine: 9 }, { path: 'src/b.ts', line: 12 }, { path: 'README.md' }]);
    assert.deepEqual(refs.map(refText), ['src/a.ts:3-9', 'src/b.ts:12', 'README.md']);
    assert.deepEqual(splitReferences('No refs here.'), { text: 'No refs here.', refs: [] });
  });

  it('explorers waiting for a place never start when the run is stopped', async () => {
    const stop = new AbortController();
    const h = harness(
      [plan({ id: '1', description: 'Find' }), { calls: [1, 2, 3].map((i) => ({ name: 'explore', args: { question: `Q${i}?` } })) }],
      {
        settings: { agents: agents({ explorer: { maxParallel: 1 } }) },
        roles: {
          explorer: [
            (_req, signal) => {
              stop.abort();
              signal.throwIfAborted();
              return say('never');
            },
          ],
        },
      },
    );
    const result = await h.run('Find', stop.signal);
    assert.equal(result.status, 'cancelled');
    assert.equal(h.of('subagentStarted').length, 1, 'the two waiting explorers never began');
    assert.deepEqual(h.of('subagentFinished').map((e) => e.status), ['cancelled']);
    assert.equal(h.roles.explorer!.remaining, 0);
  });

  it('a planner at its round cap must call submit_plan, and its plan still counts (partial)', async () => {
    const h = harness([say('Done.')], {
      files,
      settings: { agents: agents({ planner: true, caps: { maxToolRounds: 1 } }) },
      roles: { planner: [call('list_files', {}), plan({ id: '1', description: 'Answer' })] },
    });
    const result = await h.run('Explain');
    assert.equal(result.status, 'completed');
    assert.deepEqual(h.roles.planner!.requests[1].toolChoice, { mode: 'ANY', allowedFunctionNames: ['submit_plan'] });
    assert.equal(h.of('subagentFinished')[0].status, 'partial');
    assert.deepEqual(h.of('plan')[0].tasks.map((t) => t.id), ['1']);
  });
});
