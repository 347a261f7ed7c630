/** The agent's public surface: what the extension wires up. */
export { AgentRun } from './run';
export { agentRunner } from './conversation';
export { DEFAULT_SETTINGS } from './types';
export type { AgentDeps, AgentRequest, AgentSettings, AgentWorkspace, EditorContext, RunResult } from './types';
export { createTools } from '../tools/index';
