/**
 * The MCP client pool: one SDK `Client` per server, started lazily (`ensure`), over stdio,
 * Streamable HTTP, or legacy SSE (a URL server whose Streamable HTTP connection fails, or one
 * configured as `sse`). Each server's tool list is read at start and again on
 * `notifications/tools/list_changed`. A server that exits or whose connection drops is marked
 * failed, its tools are removed and its pending calls are rejected (the SDK settles them on
 * close), so a crash never hangs a run; `ensure` restarts it after a bounded backoff. Every call
 * has a timeout.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ServerSpec } from './config';
import type { ToolDefinition } from './pins';
import type { McpCallResult } from './results';

export type ServerStatus = 'stopped' | 'starting' | 'running' | 'failed';

export interface ServerState {
  name: string;
  status: ServerStatus;
  error?: string;
  tools: ToolDefinition[];
  /** Consecutive failed starts or crashes (for the backoff). */
  failures: number;
}

export interface PoolOptions {
  /** One line of a server's log (its stderr, connection events). */
  log(server: string, line: string): void;
  /** A server's state or tool list changed. */
  onChange?(server: string): void;
  callTimeoutMs?: number;
  startTimeoutMs?: number;
  now?: () => number;
}

interface Entry {
  state: ServerState;
  spec: ServerSpec;
  client?: Client;
  failedAt?: number;
  starting?: Promise<void>;
}

const MAX_BACKOFF_MS = 60_000;

export function backoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
}

export class McpPool {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(server: string) => void>();

  constructor(private readonly options: PoolOptions) {}

  states(): ServerState[] {
    return [...this.entries.values()].map((e) => ({ ...e.state, tools: [...e.state.tools] }));
  }

  state(name: string): ServerState | undefined {
    const e = this.entries.get(name);
    return e && { ...e.state, tools: [...e.state.tools] };
  }

  /**
   * Starts the server if it is not running (and, after a failure, when its backoff is over). A
   * changed spec restarts it. Never throws: a failure shows in the server's state.
   */
  async ensure(name: string, spec: ServerSpec): Promise<ServerState> {
    let e = this.entries.get(name);
    if (e && JSON.stringify(e.spec) !== JSON.stringify(spec)) {
      await this.stop(name);
      e = undefined;
    }
    if (!e) {
      e = { spec, state: { name, status: 'stopped', tools: [], failures: 0 } };
      this.entries.set(name, e);
    }
    const entry = e;
    if (entry.starting) await entry.starting;
    else if (entry.state.status === 'stopped' || (entry.state.status === 'failed' && this.now() - (entry.failedAt ?? 0) >= backoffMs(entry.state.failures))) {
      entry.starting = this.start(entry).finally(() => (entry.starting = undefined));
      await entry.starting;
    }
    return this.state(name)!;
  }

  /** Calls a tool; rejects when the server is not running, the call times out or the server dies. */
  async call(server: string, tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<McpCallResult> {
    const e = this.entries.get(server);
    if (!e?.client || e.state.status !== 'running') throw new Error(`MCP server "${server}" is not running${e?.state.error ? ` (${e.state.error})` : ''}`);
    const result = await e.client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: this.options.callTimeoutMs ?? 60_000 });
    return result as McpCallResult;
  }

  /** Calls `listener` on every change of a server's state or tools until the returned function is called. */
  subscribe(listener: (server: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(name: string): Promise<void> {
    const e = this.entries.get(name);
    if (!e) return;
    this.entries.delete(name);
    const client = e.client;
    e.client = undefined;
    await client?.close().catch(() => undefined);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((n) => this.stop(n)));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private set(e: Entry, patch: Partial<ServerState>): void {
    Object.assign(e.state, patch);
    if (patch.status !== 'failed' && patch.status !== undefined) delete e.state.error;
    this.options.onChange?.(e.state.name);
    for (const l of [...this.listeners]) l(e.state.name);
  }

  private async start(e: Entry): Promise<void> {
    const name = e.state.name;
    this.set(e, { status: 'starting' });
    try {
      const client = await this.connect(e);
      e.client = client;
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
        if (e.client !== client) return;
        this.options.log(name, 'tool list changed; reading it again');
        await this.refresh(e, client).catch((err) => this.options.log(name, `tools/list failed: ${(err as Error).message}`));
      });
      client.onclose = () => {
        if (e.client !== client) return;
        e.client = undefined;
        this.fail(e, 'the server exited or closed the connection');
      };
      await this.refresh(e, client);
      this.set(e, { status: 'running', failures: 0 });
      this.options.log(name, `running, ${e.state.tools.length} tool(s)`);
    } catch (err) {
      const client = e.client;
      e.client = undefined;
      await client?.close().catch(() => undefined);
      if (e.state.status !== 'failed') this.fail(e, (err as Error).message);
    }
  }

  private fail(e: Entry, error: string): void {
    e.failedAt = this.now();
    this.options.log(e.state.name, `failed: ${error}`);
    this.set(e, { status: 'failed', error, tools: [], failures: e.state.failures + 1 });
  }

  private async refresh(e: Entry, client: Client): Promise<void> {
    const tools: ToolDefinition[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.options.startTimeoutMs ?? 30_000 });
      for (const t of page.tools) {
        tools.push({ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema, ...(t.annotations ? { annotations: { ...t.annotations } } : {}) });
      }
      cursor = page.nextCursor;
    } while (cursor);
    if (e.client === client) this.set(e, { tools });
  }

  private async connect(e: Entry): Promise<Client> {
    const name = e.state.name;
    const spec = e.spec;
    const attempt = async (transport: Transport): Promise<Client> => {
      const client = new Client({ name: 'gemini-coding-agent', version: '0.0.0' }, { capabilities: {} });
      client.onerror = (err) => this.options.log(name, `error: ${err.message}`);
      e.client = client;
      await client.connect(transport, { timeout: this.options.startTimeoutMs ?? 30_000 });
      return client;
    };
    if (spec.kind === 'stdio') {
      const transport = new StdioClientTransport({ command: spec.command, args: spec.args, env: { ...getDefaultEnvironment(), ...spec.env }, ...(spec.cwd ? { cwd: spec.cwd } : {}), stderr: 'pipe' });
      transport.stderr?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split(/\r?\n/)) if (line.trim()) this.options.log(name, `stderr: ${line}`);
      });
      this.options.log(name, `starting ${spec.command} ${spec.args.join(' ')}`);
      return attempt(transport);
    }
    const url = new URL(spec.url);
    const requestInit = { headers: spec.headers };
    if (spec.kind === 'http') {
      try {
        this.options.log(name, `connecting to ${url.origin}${url.pathname} (Streamable HTTP)`);
        return await attempt(new StreamableHTTPClientTransport(url, { requestInit }));
      } catch (err) {
        this.options.log(name, `Streamable HTTP failed (${(err as Error).message}); trying legacy SSE`);
        await e.client?.close().catch(() => undefined);
      }
    }
    this.options.log(name, `connecting to ${url.origin}${url.pathname} (SSE)`);
    return attempt(new SSEClientTransport(url, { requestInit }));
  }
}
