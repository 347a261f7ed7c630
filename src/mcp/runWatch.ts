/**
 * What a run hears about its MCP servers: while the watch is on, every failure of a server (it
 * could not start, exited, or dropped its connection) becomes one `mcpServerStopped` event, said
 * once per failure, so the panel shows that the server's tools are left out.
 */
import type { AgentEventOf } from '../shared/events';
import type { ServerState } from './pool';

export interface WatchedPool {
  state(name: string): ServerState | undefined;
  subscribe(listener: (server: string) => void): () => void;
}

export function watchRunServers(pool: WatchedPool, emit: (event: AgentEventOf<'mcpServerStopped'>) => void): () => void {
  const said = new Map<string, number>();
  return pool.subscribe((server) => {
    const st = pool.state(server);
    if (st?.status !== 'failed' || said.get(server) === st.failures) return;
    said.set(server, st.failures);
    emit({ type: 'mcpServerStopped', server, reason: st.error ?? 'failed' });
  });
}
