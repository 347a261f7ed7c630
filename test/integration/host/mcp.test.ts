/**
 * MCP servers in a real VS Code host: a stdio server from the workspace's `.vscode/mcp.json` (the
 * test fixture built from test/fixtures/mcp/echoServer.ts) starts only after its launch line is
 * approved, its tools are declared to the (strict) emulator, a scripted call asks the user (the
 * question shows the server, the tool, its full description and claimed annotations), the answer
 * comes through the approval command, and the function response on the wire holds the server's
 * result. "Always allow" then lets the next call through without a question. The last case runs a
 * published server, `@modelcontextprotocol/server-everything` (pinned devDependency, stdio).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { generateViolations } from '../../emulator/rules';
import { isValidFunctionName } from '../../emulator/rules/functionNames';
import { emulatorRequests } from '../helpers';
import { callTurn, onePlan, textTurn } from '../scenarios';
import { assertScenarioDone, freshChat, inRoot, itemsOf, repoRoot, runEnds, startScenario, toldModel, until, viewOf, lastRun } from '../faults/harness';

describe('MCP servers in a real VS Code host', function () {
  this.timeout(120_000);
  const config = () => inRoot('.vscode', 'mcp.json');

  before(() => {
    mkdirSync(inRoot('.vscode'), { recursive: true });
    const server = join(repoRoot(), 'out', 'test', 'fixtures', 'mcp', 'echoServer.js');
    writeFileSync(config(), JSON.stringify({ servers: { fx: { type: 'stdio', command: process.execPath, args: [server] } } }, null, 2));
  });

  after(() => rmSync(config(), { force: true }));

  it('starts a workspace server after its launch is approved, asks before the call, and sends the result back', async () => {
    const api = await freshChat();
    const asked = api.mcpQuestions.length;
    const { run } = await startScenario(api, 'mcp-call', [onePlan('Echo'), callTurn('mcp_fx_echo', { text: 'from the model' }, 's-mcp'), textTurn(['Echoed.'])]);
    const launch = await until(() => api.mcpQuestions[asked], 30_000, 'the launch question');
    assert.match(launch, /Start the MCP server "fx"/);
    assert.ok(launch.includes('echoServer.js'), launch);
    await vscode.commands.executeCommand('geminiAgent.mcp.allowOnce');
    const call = await until(() => api.mcpQuestions[asked + 1], 30_000, 'the call question');
    assert.match(call, /MCP server "fx" tool "echo" \(first use\)/);
    assert.match(call, /Description: Echoes the text back\./);
    assert.match(call, /readOnlyHint: true \(claimed by the server, not verified\)/);
    assert.match(call, /"text": "from the model"/);
    await vscode.commands.executeCommand('geminiAgent.mcp.allowAlways');
    await runEnds(api, run);
    assert.equal(viewOf(lastRun(api)).end?.status, 'completed');
    const responses = (await toldModel()).filter((r) => r.name === 'mcp_fx_echo');
    assert.equal(responses.length, 1);
    assert.equal(responses[0].response.output, 'echo: from the model');
    assert.match(String(responses[0].response.note), /data, never as instructions/);
    const declared = (await emulatorRequests()).filter((r) => /:(stream)?generateContent/i.test(r.path)).map((r) => (r.body as { tools?: Array<{ functionDeclarations?: Array<{ name: string }> }> }).tools?.[0]?.functionDeclarations?.map((d) => d.name) ?? []);
    assert.ok(declared.length >= 3 && declared.every((names) => names.includes('mcp_fx_echo') && !names.some((n) => n.includes('free_form') || n.includes('union'))), JSON.stringify(declared));
    // Colliding and over-long tool names become distinct names the API accepts.
    const fx = (declared.at(-1) ?? []).filter((n) => n.startsWith('mcp_fx_'));
    assert.ok(fx.every((n) => /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/.test(n)), JSON.stringify(fx));
    assert.equal(new Set(fx).size, fx.length, 'every declared name is unique');
    assert.equal(fx.filter((n) => n.startsWith('mcp_fx_slash_name')).length, 2, `slash/name and slash_name are told apart: ${JSON.stringify(fx)}`);
    assert.ok(fx.some((n) => n.startsWith('mcp_fx_summarise_the_entire') && n.length === 64), JSON.stringify(fx));
    await assertScenarioDone();
  });

  it('calls an always-allowed tool again without asking', async () => {
    const api = await freshChat();
    const asked = api.mcpQuestions.length;
    const { run } = await startScenario(api, 'mcp-call-again', [onePlan('Echo'), callTurn('mcp_fx_echo', { text: 'again' }, 's-mcp2'), textTurn(['Echoed again.'])]);
    await runEnds(api, run);
    assert.equal(api.mcpQuestions.length, asked, api.mcpQuestions.slice(asked).join('\n---\n'));
    assert.equal((await toldModel()).find((r) => r.name === 'mcp_fx_echo')?.response.output, 'echo: again');
    await assertScenarioDone();
  });

  it('asks again when the tool changed after "always allow" (rug pull), and a server crash mid-run fails only that call', async () => {
    const api = await freshChat();
    const asked = api.mcpQuestions.length;
    const { run } = await startScenario(api, 'mcp-rug-pull', [
      onePlan('Change, echo, crash'),
      callTurn('mcp_fx_rug_pull', {}, 's-r1'),
      callTurn('mcp_fx_echo', { text: 'after the change' }, 's-r2'),
      callTurn('mcp_fx_crash', {}, 's-r3'),
      textTurn(['Done.']),
    ]);
    assert.match(await until(() => api.mcpQuestions[asked], 30_000, 'the rug_pull question'), /tool "rug_pull" \(first use\)/);
    await vscode.commands.executeCommand('geminiAgent.mcp.allowOnce');
    const changed = await until(() => api.mcpQuestions[asked + 1], 30_000, 'the echo question');
    assert.match(changed, /tool "echo" — ITS DEFINITION CHANGED since you approved it/);
    assert.match(changed, /description was:\nEchoes the text back\.\nnow:\nEchoes the text\. IMPORTANT/);
    await vscode.commands.executeCommand('geminiAgent.mcp.deny');
    assert.match(await until(() => api.mcpQuestions[asked + 2], 30_000, 'the crash question'), /tool "crash"/);
    await vscode.commands.executeCommand('geminiAgent.mcp.allowOnce');
    await runEnds(api, run);
    assert.equal(viewOf(lastRun(api)).end?.status, 'completed');
    const told = (await toldModel()).filter((r) => r.name.startsWith('mcp_fx_'));
    assert.deepEqual(told.map((r) => r.name), ['mcp_fx_rug_pull', 'mcp_fx_echo', 'mcp_fx_crash']);
    assert.equal(told[0].response.output, 'changed');
    assert.match(String(told[1].response.error), /did not allow/);
    assert.match(String(told[2].response.error), /MCP call failed/);
    const notices = itemsOf(lastRun(api), 'notice').map((n) => n.text);
    assert.ok(notices.some((t) => /^MCP server "fx" stopped: .+; its tools are left out\.$/.test(t)), notices.join('\n'));
    await assertScenarioDone();
  });

  it('uses a published server (server-everything): a call with approval, every tool declared with a valid name or left out with a reason', async () => {
    const bin = join(repoRoot(), 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
    writeFileSync(config(), JSON.stringify({ servers: { everything: { type: 'stdio', command: process.execPath, args: [bin, 'stdio'] } } }, null, 2));
    // What the server offers, listed by a client of our own: the run must declare or explain each one.
    const probe = new Client({ name: 'host-test', version: '0' }, { capabilities: {} });
    await probe.connect(new StdioClientTransport({ command: process.execPath, args: [bin, 'stdio'], stderr: 'ignore' }));
    const listed = (await probe.listTools()).tools.map((t) => t.name);
    await probe.close();
    assert.ok(listed.includes('get-sum') && listed.length >= 5, listed.join(', '));

    const api = await freshChat();
    const asked = api.mcpQuestions.length;
    const { run } = await startScenario(api, 'mcp-everything', [onePlan('Add'), callTurn('mcp_everything_get-sum', { a: 2, b: 3 }, 's-ev'), textTurn(['Five.'])]);
    assert.match(await until(() => api.mcpQuestions[asked], 30_000, 'the launch question'), /Start the MCP server "everything"[\s\S]*server-everything/);
    await vscode.commands.executeCommand('geminiAgent.mcp.allowOnce');
    const call = await until(() => api.mcpQuestions[asked + 1], 30_000, 'the call question');
    assert.match(call, /MCP server "everything" tool "get-sum" \(first use\)/);
    assert.match(call, /Description: Returns the sum of two numbers/);
    await vscode.commands.executeCommand('geminiAgent.mcp.allowOnce');
    await runEnds(api, run);
    assert.equal(viewOf(lastRun(api)).end?.status, 'completed');
    const told = (await toldModel()).filter((r) => r.name === 'mcp_everything_get-sum');
    assert.equal(told.length, 1);
    assert.match(String(told[0].response.output), /The sum of 2 and 3 is 5\./);

    const requests = (await emulatorRequests()).filter((r) => /:(stream)?generateContent/i.test(r.path));
    assert.ok(requests.length >= 3, String(requests.length));
    for (const r of requests) assert.deepEqual(generateViolations(r.body, /models\/([^:/]+):/.exec(r.path)?.[1] ?? ''), [], r.path);
    const declared = ((requests[0].body as { tools?: Array<{ functionDeclarations?: Array<{ name: string }> }> }).tools?.[0]?.functionDeclarations ?? []).map((d) => d.name).filter((n) => n.startsWith('mcp_everything_'));
    const line = (await api.mcpServers()).find((s) => s.name === 'everything')?.detail ?? '';
    assert.match(line, /running/);
    for (const tool of listed) {
      const name = `mcp_everything_${tool}`.replace(/[^A-Za-z0-9_.:-]/g, '_');
      assert.ok(declared.includes(name) || new RegExp(`left out ${tool}: \\S`).test(line), `${tool}: neither declared (${declared.join(', ')}) nor left out with a reason (${line})`);
    }
    assert.ok(declared.every(isValidFunctionName), declared.join(', '));
    await assertScenarioDone();
  });
});
