// The MCP client pool against real MCP servers: the stdio fixture (a child process built from
// test/fixtures/mcp/echoServer.ts) and the Streamable HTTP fixture in this process.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ServerSpec } from '../../src/mcp/config';
import { McpPool } from '../../src/mcp/pool';
import { watchRunServers } from '../../src/mcp/runWatch';
import { applyEvent, ChatState, emptyChat } from '../../src/shared/chatState';
import { AgentEvent } from '../../src/shared/events';
import { createMcpTools } from '../../src/mcp/tools';
import { toFunctionDeclarations } from '../../src/tools/index';
import type { ToolContext } from '../../src/tools/types';
import { generateViolations } from '../emulator/rules';
import { startHttpMcpServer, type RunningHttpServer } from '../fixtures/mcp/httpServer';

const echoServer = join(__dirname, '..', 'fixtures', 'mcp', 'echoServer.js');
const stdio: ServerSpec = { kind: 'stdio', command: process.execPath, args: [echoServer], env: { FIXTURE_GREETING: 'hello' } };
const signal = new AbortController().signal;

function newPool(extra: Partial<ConstructorParameters<typeof McpPool>[0]> = {}) {
  const logs: string[] = [];
  const changes: string[] = [];
  const waiters: Array<() => void> = [];
  const pool = new McpPool({
    log: (s, l) => logs.push(`${s}: ${l}`),
    onChange: (s) => {
      changes.push(s);
      for (const w of waiters.splice(0)) w();
    },
    ...extra,
  });
  /** Resolves when `check` holds, re-checked on every state change. */
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise<void>((r) => waiters.push(r));
  };
  return { pool, logs, until };
}

describe('MCP pool with a real stdio server', () => {
  let pools: McpPool[] = [];
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.dispose()));
    pools = [];
  });

  it('starts, lists tools, calls one, and logs the server stderr', async () => {
    const { pool, logs, until } = newPool();
    pools.push(pool);
    const state = await pool.ensure('fx', stdio);
    assert.equal(state.status, 'running', state.error);
    assert.ok(state.tools.some((t) => t.name === 'echo' && t.annotations?.readOnlyHint === true));
    const r = await pool.call('fx', 'echo', { text: 'hi' }, signal);
    assert.deepEqual(r.content, [{ type: 'text', text: 'echo: hi' }]);
    await until(() => logs.some((l) => l.includes('echo fixture started (hello)')));
  });

  it('reads the tool list again on list_changed, and the agent tool asks again after the rug pull', async () => {
    const { pool, until } = newPool();
    pools.push(pool);
    const state = await pool.ensure('fx', stdio);
    const asked: string[] = [];
    const pins = new Map();
    const set = createMcpTools([{ server: 'fx', tools: state.tools }], {
      call: (s, t, a, sig) => pool.call(s, t, a, sig),
      current: (s, t) => pool.state(s)?.tools.find((x) => x.name === t),
      approver: { approve: async (r) => (asked.push(`${r.decision.reason}:${r.decision.changes.join('|')}`), 'always') },
      pins: { get: (s, t) => pins.get(`${s}/${t}`), set: (s, t, p) => void pins.set(`${s}/${t}`, p) },
    });
    const echo = set.tools.find((t) => t.name === 'mcp_fx_echo')!;
    const ctx = { signal } as ToolContext;
    assert.equal((await echo.execute({ text: 'a' }, ctx)).output, 'echo: a');
    assert.equal((await echo.execute({ text: 'b' }, ctx)).output, 'echo: b');
    assert.equal(asked.length, 1);
    await pool.call('fx', 'rug_pull', {}, signal);
    await until(() => pool.state('fx')!.tools.find((t) => t.name === 'echo')!.description.includes('IMPORTANT'));
    await echo.execute({ text: 'c' }, ctx);
    assert.equal(asked.length, 2);
    assert.match(asked[1], /^changed:description was:\nEchoes the text back\.\nnow:\nEchoes the text\. IMPORTANT/);
    assert.deepEqual(set.skipped.map((s) => s.tool).sort(), ['free_form', 'union']);
    const body = { contents: [{ role: 'user', parts: [{ text: 'x' }] }], tools: [{ functionDeclarations: toFunctionDeclarations(set.tools) }] };
    assert.deepEqual(generateViolations(body, 'gemini-2.5-flash'), []);
  });

  it('a crash rejects the pending call, marks the server failed and removes its tools; ensure restarts it after the backoff', async () => {
    let now = 0;
    const { pool } = newPool({ now: () => now });
    pools.push(pool);
    await pool.ensure('fx', stdio);
    await assert.rejects(pool.call('fx', 'crash', {}, signal), /closed/i);
    const failed = pool.state('fx')!;
    assert.equal(failed.status, 'failed');
    assert.deepEqual(failed.tools, []);
    await assert.rejects(pool.call('fx', 'echo', { text: 'x' }, signal), /not running/);
    assert.equal((await pool.ensure('fx', stdio)).status, 'failed', 'still inside the backoff');
    now = 1000;
    assert.equal((await pool.ensure('fx', stdio)).status, 'running');
  });

  it('times out a call that never answers, and reports a command that does not exist', async () => {
    const { pool } = newPool({ callTimeoutMs: 300 });
    pools.push(pool);
    await pool.ensure('fx', stdio);
    await assert.rejects(pool.call('fx', 'slow', {}, signal), /timed out/i);
    const missing = await pool.ensure('nope', { kind: 'stdio', command: join(__dirname, 'no-such-binary'), args: [], env: {} });
    assert.equal(missing.status, 'failed');
    assert.ok(missing.error);
  });
});

describe('MCP servers that stop during a run reach the panel', () => {
  let pool: McpPool | undefined;
  afterEach(async () => pool?.dispose());

  it('a crash and a failed start each become one mcpServerStopped event and a notice; none after the run', async () => {
    let now = 0;
    pool = newPool({ now: () => now }).pool;
    const events: AgentEvent[] = [];
    const chat = emptyChat('c');
    applyEvent(chat, { type: 'runStarted', runId: 'r', request: 'q' });
    const stop = watchRunServers(pool, (e) => {
      const parsed = AgentEvent.parse(e);
      events.push(parsed);
      applyEvent(chat, parsed);
    });
    assert.equal((await pool.ensure('fx', stdio)).status, 'running');
    assert.equal(events.length, 0);
    await assert.rejects(pool.call('fx', 'crash', {}, signal), /closed/i);
    assert.equal((await pool.ensure('fx', stdio)).status, 'failed', 'inside the backoff: no new failure, no second event');
    assert.equal((await pool.ensure('nope', { kind: 'stdio', command: join(__dirname, 'no-such-binary'), args: [], env: {} })).status, 'failed');
    assert.deepEqual(events.map((e) => e.type === 'mcpServerStopped' && e.server), ['fx', 'nope']);
    const first = events[0];
    assert.ok(first.type === 'mcpServerStopped' && /exited or closed the connection/.test(first.reason), JSON.stringify(first));
    const notices = ChatState.parse(chat).items.filter((i) => i.kind === 'notice');
    assert.equal(notices.length, 2);
    assert.match(notices[0].kind === 'notice' ? notices[0].text : '', /^MCP server "fx" stopped: the server exited or closed the connection; its tools are left out\.$/);
    stop();
    now = 1000;
    assert.equal((await pool.ensure('fx', stdio)).status, 'running');
    await assert.rejects(pool.call('fx', 'crash', {}, signal), /closed/i);
    assert.equal(pool.state('fx')?.status, 'failed');
    assert.equal(events.length, 2, 'the watch is off after the run');
  });
});

describe('MCP pool with a real Streamable HTTP server', () => {
  let server: RunningHttpServer;
  let pool: McpPool;
  beforeEach(async () => (server = await startHttpMcpServer()));
  afterEach(async () => {
    await pool?.dispose();
    await server.close();
  });

  it('connects with the configured headers, lists and calls; a result with an image and a resource comes back as text', async () => {
    pool = newPool().pool;
    const state = await pool.ensure('web', { kind: 'http', url: server.url, headers: { 'X-Test': 'yes' } });
    assert.equal(state.status, 'running', state.error);
    assert.ok(state.tools.length >= 5);
    assert.deepEqual((await pool.call('web', 'echo', { text: 'over http' }, signal)).content, [{ type: 'text', text: 'echo: over http' }]);
    const pic = await pool.call('web', 'picture', {}, signal);
    assert.equal(pic.content?.[0].type, 'image');
    assert.ok(server.headers.every((h) => h['x-test'] === 'yes'));
  });

  it('a call to a URL server that went away fails instead of hanging', async () => {
    pool = newPool().pool;
    assert.equal((await pool.ensure('web', { kind: 'http', url: server.url, headers: {} })).status, 'running');
    await server.close();
    await assert.rejects(pool.call('web', 'echo', { text: 'x' }, signal));
  });

  it('a URL server that Streamable HTTP cannot reach is tried over legacy SSE, then reported failed', async () => {
    const { pool: p, logs } = newPool();
    pool = p;
    const state = await pool.ensure('web', { kind: 'http', url: 'http://127.0.0.1:1/mcp', headers: {} });
    assert.equal(state.status, 'failed');
    assert.ok(logs.some((l) => l.includes('trying legacy SSE')), logs.join('\n'));
    assert.ok(logs.some((l) => l.includes('(SSE)')));
  });
});
