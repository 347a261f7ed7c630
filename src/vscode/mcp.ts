/**
 * MCP servers in the product: configuration from each folder's `.vscode/mcp.json` and the
 * user-level setting `geminiAgent.mcp.servers` (a workspace's settings.json cannot add servers),
 * `${input:…}` answers asked once and kept in SecretStorage, workspace servers refused in
 * Restricted Mode and otherwise started only after their exact launch line is approved, pins and
 * launch approvals kept per workspace, one log channel per server, and the tool set for a run
 * (fixed at its start). The pool is stopped when the window closes.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { inputsUsed, launchLine, mergeConfigs, parseEnvFile, parseMcpConfig, resolveSpec, type McpInput, type ParsedConfig, type ServerConfig } from '../mcp/config';
import { callQuestion, launchDecision, type Pin, type ToolDefinition } from '../mcp/pins';
import { McpPool } from '../mcp/pool';
import { watchRunServers } from '../mcp/runWatch';
import { createMcpTools, type McpApprover, type PinStore } from '../mcp/tools';
import type { AgentEvent } from '../shared/events';
import type { Tool } from '../tools/types';
import type { PendingMcpQuestions } from './mcpApproval';
import { SECTION } from './settings';

const PINS_KEY = 'geminiAgent.mcp.pins';
const LAUNCH_KEY = 'geminiAgent.mcp.launches';

interface Located extends ServerConfig {
  folder?: vscode.Uri;
}

export class McpService implements vscode.Disposable {
  readonly pool: McpPool;
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private lastProblems: ParsedConfig['problems'] = [];
  private lastSkipped: Array<{ server: string; tool: string; reason: string }> = [];
  private inputs: McpInput[] = [];
  private readonly refused = new Map<string, string>();
  private readonly warned = new Map<string, number>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
    private readonly pending: PendingMcpQuestions,
  ) {
    const timeout = vscode.workspace.getConfiguration(SECTION).get<number>('mcp.callTimeoutSeconds') ?? 60;
    this.pool = new McpPool({
      log: (s, l) => this.channel(s).appendLine(`[${new Date().toISOString()}] ${l}`),
      callTimeoutMs: Math.max(1, timeout) * 1000,
      // A server that dies or cannot start is said once per failure; the run goes on without it.
      onChange: (s) => {
        const st = this.pool.state(s);
        if (st?.status !== 'failed' || this.warned.get(s) === st.failures) return;
        this.warned.set(s, st.failures);
        void vscode.window.showWarningMessage(`MCP server "${s}" is not available (${st.error ?? 'failed'}); its tools are left out until it restarts. Agent: Show MCP Servers has its log.`);
      },
    });
  }

  dispose(): void {
    void this.pool.dispose();
    for (const c of this.channels.values()) c.dispose();
  }

  channel(server: string): vscode.OutputChannel {
    let c = this.channels.get(server);
    if (!c) {
      c = vscode.window.createOutputChannel(`Gemini Agent MCP: ${server}`);
      this.channels.set(server, c);
    }
    return c;
  }

  /** Every configured server: user setting first, each folder's `.vscode/mcp.json` shadowing it. */
  async configured(): Promise<Located[]> {
    const user = parseMcpConfig(vscode.workspace.getConfiguration(SECTION).inspect('mcp.servers')?.globalValue ?? {}, 'user');
    const configs: Array<ParsedConfig & { folder?: vscode.Uri }> = [{ ...user, servers: user.servers }];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue;
      }
      configs.push({ ...parseMcpConfig(text, 'workspace'), folder: folder.uri });
    }
    const located = configs.map((c) => ({ ...c, servers: c.servers.map((s): Located => ({ ...s, ...(c.folder ? { folder: c.folder } : {}) })) }));
    const merged = mergeConfigs(...located);
    this.lastProblems = merged.problems;
    this.inputs = merged.inputs;
    return merged.servers as Located[];
  }

  /** Tells a run (until the returned function is called) about each server that fails or dies. */
  watch(emit: (event: AgentEvent) => void): () => void {
    return watchRunServers(this.pool, emit);
  }

  /** Starts what a run needs and returns its MCP tools; a server that cannot start adds none. */
  async toolsForRun(signal: AbortSignal): Promise<Tool[]> {
    const servers = await this.configured();
    const available: Array<{ server: string; tools: ToolDefinition[] }> = [];
    for (const server of servers) {
      if (signal.aborted) break;
      if (!(await this.mayStart(server, signal))) continue;
      let spec;
      try {
        spec = await this.resolve(server);
      } catch (err) {
        this.channel(server.name).appendLine(`not started: ${(err as Error).message}`);
        continue;
      }
      const state = await this.pool.ensure(server.name, spec);
      if (state.status === 'running') available.push({ server: server.name, tools: state.tools });
    }
    const set = createMcpTools(available, {
      call: (s, t, a, sig) => this.pool.call(s, t, a, sig),
      current: (s, t) => this.pool.state(s)?.tools.find((x) => x.name === t),
      approver: this.approver(),
      pins: this.pins(),
    });
    this.lastSkipped = set.skipped;
    for (const s of set.skipped) this.channel(s.server).appendLine(`tool "${s.tool}" left out: ${s.reason}`);
    for (const n of set.notes) this.channel(n.server).appendLine(`tool "${n.tool}": optional argument left out: ${n.note}`);
    return set.tools;
  }

  /** Lines describing every server, for the server list. */
  async describe(): Promise<Array<{ name: string; detail: string }>> {
    const servers = await this.configured();
    const rows = servers.map((s) => {
      const st = this.pool.state(s.name);
      const refused = this.refused.get(s.name);
      const status = st ? `${st.status}${st.error ? ` (${st.error})` : ''}, ${st.tools.length} tool(s)` : refused ? `not started: ${refused}` : 'not started yet (starts when a run needs tools)';
      const skipped = this.lastSkipped.filter((k) => k.server === s.name).map((k) => `; left out ${k.tool}: ${k.reason}`).join('');
      return { name: s.name, detail: `${s.source} · ${launchLine(s.spec)} · ${status}${skipped}` };
    });
    for (const p of this.lastProblems) rows.push({ name: p.name, detail: `configuration problem: ${p.problem}` });
    return rows;
  }

  private async mayStart(server: Located, signal: AbortSignal): Promise<boolean> {
    const key = `${server.folder?.toString() ?? ''}\0${server.name}`;
    const approved = this.state.get<Record<string, string>>(LAUNCH_KEY, {});
    const line = launchLine(server.spec);
    const d = launchDecision({ source: server.source, trusted: vscode.workspace.isTrusted, line, approvedLine: approved[key] });
    if (d.kind === 'start') return true;
    if (d.kind === 'refuse') {
      this.refused.set(server.name, d.reason);
      this.channel(server.name).appendLine(`not started: ${d.reason}`);
      return false;
    }
    const text = `Start the MCP server "${server.name}" from this workspace's .vscode/mcp.json? It runs:\n${d.line}${d.changedFrom !== undefined ? `\n(changed; you approved before:\n${d.changedFrom})` : ''}`;
    this.channel(server.name).appendLine(text);
    const answer = await this.pending.ask(text, { once: 'Start', deny: "Don't Start" }, signal);
    if (answer === 'deny') {
      this.refused.set(server.name, 'you did not approve its launch');
      return false;
    }
    this.refused.delete(server.name);
    await this.state.update(LAUNCH_KEY, { ...approved, [key]: line });
    return true;
  }

  private async resolve(server: Located) {
    const answers: Record<string, string> = {};
    for (const id of inputsUsed(server.spec)) {
      const secretKey = `geminiAgent.mcp.input.${id}`;
      let value = await this.secrets.get(secretKey);
      if (value === undefined) {
        const input = this.inputs.find((i) => i.id === id);
        value =
          input?.type === 'pickString' && input.options
            ? await vscode.window.showQuickPick(input.options, { title: input.description || id, ignoreFocusOut: true })
            : await vscode.window.showInputBox({ title: `MCP server "${server.name}"`, prompt: input?.description || id, password: input?.password ?? true, value: input?.default, ignoreFocusOut: true });
        if (value === undefined) throw new Error(`no value given for \${input:${id}}`);
        await this.secrets.store(secretKey, value);
      }
      answers[id] = value;
    }
    const folder = server.folder?.fsPath;
    let spec = resolveSpec(server.spec, { inputs: answers, env: process.env, ...(folder ? { workspaceFolder: folder } : {}) });
    if (spec.kind === 'stdio' && spec.envFile) {
      const path = folder && !spec.envFile.startsWith('/') ? join(folder, spec.envFile) : spec.envFile;
      const fromFile = parseEnvFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path))));
      spec = { ...spec, env: { ...fromFile, ...spec.env } };
    }
    if (spec.kind === 'stdio' && !spec.cwd && folder) spec = { ...spec, cwd: folder };
    return spec;
  }

  private approver(): McpApprover {
    return {
      approve: (request, signal) => {
        const text = callQuestion(request);
        this.channel(request.server).appendLine(`asking:\n${text}`);
        return this.pending.ask(text, { once: 'Allow Once', always: 'Always Allow This Tool', deny: 'Deny' }, signal);
      },
    };
  }

  private pins(): PinStore {
    const key = (s: string, t: string) => `${s}\0${t}`;
    return {
      get: (s, t) => this.state.get<Record<string, Pin>>(PINS_KEY, {})[key(s, t)],
      set: (s, t, pin) => this.state.update(PINS_KEY, { ...this.state.get<Record<string, Pin>>(PINS_KEY, {}), [key(s, t)]: pin }),
    };
  }
}

/** "Add MCP Server" (to the user setting) and "Show MCP Servers" (state, then a server's log). */
export function registerMcpCommands(mcp: McpService): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('geminiAgent.mcp.addServer', async () => {
      const name = await vscode.window.showInputBox({ title: 'Add MCP Server (1/2)', prompt: 'A name for the server', validateInput: (v) => (/^[\w.-]+$/.test(v) ? undefined : 'Letters, digits, _ . - only') });
      if (!name) return;
      const target = await vscode.window.showInputBox({ title: 'Add MCP Server (2/2)', prompt: 'The command line that starts it (stdio), or its http(s) URL' });
      if (!target) return;
      const server = /^https?:\/\//.test(target.trim()) ? { type: 'http', url: target.trim() } : { command: target.trim().split(/\s+/)[0], args: target.trim().split(/\s+/).slice(1) };
      const config = vscode.workspace.getConfiguration(SECTION);
      const current = (config.inspect('mcp.servers')?.globalValue ?? {}) as { servers?: Record<string, unknown> };
      await config.update('mcp.servers', { ...current, servers: { ...(current.servers ?? {}), [name]: server } }, vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(`MCP server "${name}" added to your user settings (geminiAgent.mcp.servers). It starts when a run needs tools.`);
    }),
    vscode.commands.registerCommand('geminiAgent.mcp.showServers', async () => {
      const rows = await mcp.describe();
      if (rows.length === 0) {
        void vscode.window.showInformationMessage('No MCP servers are configured (.vscode/mcp.json or the setting geminiAgent.mcp.servers).');
        return;
      }
      const pick = await vscode.window.showQuickPick(rows.map((r) => ({ label: r.name, detail: r.detail })), { title: 'MCP servers: pick one to see its log', matchOnDetail: true });
      if (pick) mcp.channel(pick.label).show(true);
    }),
  ];
}
