/**
 * A chat that continues: each run starts from the conversation the previous ones left. The
 * `runner` adapter plugs the agent into the chat controller, which keeps the history per chat.
 */
import type { Content } from '../model/types';
import type { AgentEvent } from '../shared/events';
import { AgentRun } from './run';
import type { AgentDeps, AgentRequest } from './types';

/**
 * The shape of the chat controller's `Runner`: one run of a chat, given its history, returning
 * the new history. The run reports its end with a `runEnded` event, so nothing is thrown for a
 * failed run; an error building the deps (no API key) is thrown for the controller to show.
 */
export function agentRunner(makeDeps: (emit: (event: AgentEvent) => void) => AgentDeps | Promise<AgentDeps>) {
  return {
    async run(request: AgentRequest, history: Content[], emit: (event: AgentEvent) => void, signal: AbortSignal): Promise<Content[]> {
      const result = await new AgentRun(await makeDeps(emit)).run(request, signal, history);
      return result.history;
    },
  };
}
