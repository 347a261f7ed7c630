/** The extension's settings, parsed with zod: a hand-edited settings.json can hold anything. */
import * as vscode from 'vscode';
import { z } from 'zod';
import type { AgentsSettings as AgentsSettingsValue } from '../agents/settings';
import { THINKING_SETTINGS, type ThinkingSetting } from '../model/thinking';

/** Refused outright, whatever the allow list says; the setting adds to these, it cannot remove them. */
export { DEFAULT_DENIED_COMMANDS as DEFAULT_DENIED } from '../guards/lists';

const Settings = z.object({
  model: z.string().trim().min(1).catch('gemini-flash-latest'),
  apiBaseUrl: z.string().trim().catch(''),
  thinking: z.enum(THINKING_SETTINGS as [ThinkingSetting, ...ThinkingSetting[]]).catch('auto'),
  approvalMode: z.enum(['ask', 'auto']).catch('ask'),
  maxFixAttempts: z.number().int().min(0).max(10).catch(2),
  checkCommand: z.string().trim().catch(''),
  maxToolRounds: z.number().int().min(1).catch(25),
  maxRunTokens: z.number().int().min(1000).catch(2_000_000),
  maxRunMinutes: z.number().min(1).catch(30),
  commandTimeoutSeconds: z.number().min(1).catch(300),
  debugLogging: z.boolean().catch(false),
  allowedCommands: z.array(z.string().trim().min(1)).catch([]),
  deniedCommands: z.array(z.string().trim().min(1)).catch([]),
  protectedFiles: z.array(z.string().trim().min(1)).catch([]),
});
export type Settings = z.infer<typeof Settings>;

export const SECTION = 'geminiAgent';

/** `geminiAgent.agents.*`: the helper agents. Empty model: the main model (`geminiAgent.model`). */
const AgentsSettings = z.object({
  'planner.enabled': z.boolean().catch(false),
  'planner.model': z.string().trim().catch(''),
  'explorer.enabled': z.boolean().catch(true),
  'explorer.model': z.string().trim().catch('gemini-flash-lite-latest'),
  'explorer.maxParallel': z.number().int().min(1).max(10).catch(3),
  'reviewer.enabled': z.boolean().catch(true),
  'reviewer.model': z.string().trim().catch(''),
  'reviewer.maxRounds': z.number().int().min(0).max(5).catch(1),
  maxToolRounds: z.number().int().min(1).max(100).catch(8),
  maxTokens: z.number().int().min(1000).catch(300_000),
  maxMinutes: z.number().min(0.1).max(60).catch(3),
});

/** The helper agents' settings, as the agent takes them. */
export function readAgentsSettings(mainModel: string): AgentsSettingsValue {
  const c = vscode.workspace.getConfiguration(`${SECTION}.agents`);
  const keys = Object.keys(AgentsSettings.shape) as Array<keyof z.infer<typeof AgentsSettings>>;
  const s = AgentsSettings.parse(Object.fromEntries(keys.map((k) => [k, c.get(k)])));
  return {
    mainModel,
    planner: { enabled: s['planner.enabled'], model: s['planner.model'] },
    explorer: { enabled: s['explorer.enabled'], model: s['explorer.model'], maxParallel: s['explorer.maxParallel'] },
    reviewer: { enabled: s['reviewer.enabled'], model: s['reviewer.model'], maxRounds: s['reviewer.maxRounds'] },
    caps: { maxToolRounds: s.maxToolRounds, maxTokens: s.maxTokens, maxMs: Math.round(s.maxMinutes * 60_000) },
  };
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const keys = Object.keys(Settings.shape) as Array<keyof Settings>;
  return Settings.parse(Object.fromEntries(keys.map((k) => [k, c.get(k)])));
}

/**
 * The user's personal instructions: the user-level value only. The setting is application-scoped,
 * and this holds the line even if a workspace's settings.json sets it anyway.
 */
export function personalInstructions(): string {
  const value = vscode.workspace.getConfiguration(SECTION).inspect('instructions')?.globalValue;
  return z.string().catch('').parse(value ?? '');
}
