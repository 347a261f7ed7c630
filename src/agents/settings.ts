/**
 * The helper agents a run may use, and their caps. Pure data: the extension reads these from the
 * `geminiAgent.agents.*` settings (src/vscode/settings.ts); without them a run uses none, exactly
 * as before there were any.
 */

/** The caps every subagent runs under; reaching one ends it with a partial report. */
export interface SubagentCaps {
  /** Model turns with tool calls. */
  maxToolRounds: number;
  /** Its own prompt + output tokens. */
  maxTokens: number;
  /** Its own wall-clock time. */
  maxMs: number;
}

export interface AgentsSettings {
  /** The run's main model, by name, for the panel's cards (the coder's and, by default, the planner's and reviewer's). */
  mainModel: string;
  planner: { enabled: boolean; model: string };
  explorer: { enabled: boolean; model: string; maxParallel: number };
  reviewer: { enabled: boolean; model: string; maxRounds: number };
  caps: SubagentCaps;
}

/** All extras off: a run plans and works exactly as it did before subagents. Empty model: the main model. */
export const NO_AGENTS: AgentsSettings = {
  mainModel: '',
  planner: { enabled: false, model: '' },
  explorer: { enabled: false, model: '', maxParallel: 3 },
  reviewer: { enabled: false, model: '', maxRounds: 1 },
  caps: { maxToolRounds: 8, maxTokens: 300_000, maxMs: 3 * 60_000 },
};
