// Which agent a generate request comes from (issue 20). The product starts each subagent with a
// system instruction that opens "You are the planner", "You are the explorer" or "You are the
// reviewer"; every other request is the coder's (the main loop). Scenario turns name the role
// they answer, and each role has its own queue of turns.
import type { AgentRole } from './scenario';

const subagentOpening = /^You are the (planner|explorer|reviewer)\b/;

/** The role of a generate request, read from the first text part of its systemInstruction. */
export function roleOfRequest(body: unknown): AgentRole {
  const system = (body as { systemInstruction?: unknown } | undefined)?.systemInstruction;
  const parts = (system as { parts?: unknown } | undefined)?.parts;
  if (!Array.isArray(parts)) return 'coder';
  const first = parts.find((p): p is { text: string } => typeof (p as { text?: unknown } | null)?.text === 'string');
  const m = first ? subagentOpening.exec(first.text) : null;
  return m ? (m[1] as AgentRole) : 'coder';
}
