/**
 * Labels, icons and figures for subagent and review cards, and for the usage split by role.
 * Pure: runs under plain Node.
 */
import type { ChatItem, SubagentStatus, UsageRole } from '../src/shared/chatState';
import type { CodeRef, SubagentRole } from '../src/shared/events';
import { formatCount, usageLine } from './format';
import { estimateCost, formatCost, type TokenUsage } from './pricing';

type Subagent = Extract<ChatItem, { kind: 'subagent' }>;
type Usage = TokenUsage & { totalTokens: number };

export const ROLE_LABELS: Readonly<Record<UsageRole, string>> = { coder: 'Coder', planner: 'Planner', explorer: 'Explorer', reviewer: 'Reviewer' };
const ROLE_PLURALS: Readonly<Record<UsageRole, string>> = { coder: 'Coder', planner: 'Planner', explorer: 'Explorers', reviewer: 'Reviewer' };

export const ROLE_ICONS: Readonly<Record<SubagentRole, string>> = { planner: 'compass', explorer: 'telescope', reviewer: 'code-review' };

/** Codicon (with modifiers) and the word for a subagent's status. */
export function subagentStatus(status: SubagentStatus): { icon: string; label: string } {
  switch (status) {
    case 'running':
      return { icon: 'loading codicon-modifier-spin', label: 'running' };
    case 'done':
      return { icon: 'pass', label: 'done' };
    case 'partial':
      return { icon: 'warning', label: 'partial: stopped at a limit' };
    case 'failed':
      return { icon: 'error', label: 'failed' };
    case 'cancelled':
      return { icon: 'circle-slash', label: 'stopped' };
  }
}

/** "2.4k tokens · < $0.01", or tokens only for a model without a known price. */
export function tokensAndCost(usage: Usage, model: string | undefined): string {
  const cost = model === undefined ? undefined : estimateCost(model, usage);
  return `${formatCount(usage.totalTokens)} tokens${cost === undefined ? '' : ` · ${formatCost(cost)}`}`;
}

/**
 * The short line on a subagent's card: while it runs, what it is doing (its latest tool call);
 * once it ended, how many tools it called and what it cost.
 */
export function subagentMeta(agent: Subagent): string {
  const tools = agent.items.filter((i) => i.kind === 'tool');
  if (agent.status === 'running') {
    const last = agent.items[agent.items.length - 1];
    return last?.kind === 'tool' ? last.label : tools.length > 0 || last ? 'Thinking…' : 'Starting…';
  }
  const parts = tools.length === 0 ? [] : [tools.length === 1 ? '1 tool call' : `${tools.length} tool calls`];
  if (agent.usage) parts.push(tokensAndCost(agent.usage, agent.model));
  return parts.join(' · ');
}

/**
 * Whether an ended agent's report says something its card does not show already: an explorer's
 * report is usually its last answer (without the references, shown as links), so it is not
 * repeated; a partial or failed one says why, which its text does not.
 */
export function reportIsNew(agent: Subagent): boolean {
  const report = agent.summary?.trim();
  if (!report) return false;
  for (let i = agent.items.length - 1; i >= 0; i--) {
    const item = agent.items[i];
    if (item.kind === 'assistant') return !item.text.includes(report);
  }
  return true;
}

/** "src/a.ts:12–14", "src/a.ts:12", "src/a.ts". */
export function refLabel(ref: CodeRef): string {
  if (ref.line === undefined) return ref.path;
  return ref.endLine !== undefined && ref.endLine > ref.line ? `${ref.path}:${ref.line}–${ref.endLine}` : `${ref.path}:${ref.line}`;
}

/**
 * The link the panel posts (`openLink`) to open a file at a line: the same workspace-relative form
 * answers use (`src/a.ts#L12`), so the extension opens it the same way, inside the workspace only.
 */
export function refHref(ref: CodeRef): string {
  const path = ref.path.split('/').map(encodeURIComponent).join('/');
  return ref.line === undefined ? path : `${path}#L${ref.line}`;
}

/**
 * The model each role ran on in the latest run: the coder on the model the API named (else the
 * picked one), the others on the model their latest card says.
 */
export function roleModels(items: readonly ChatItem[], coderModel: string): Partial<Record<UsageRole, string>> {
  const models: Partial<Record<UsageRole, string>> = { coder: coderModel };
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.kind === 'user') break;
    if (item.kind === 'subagent') models[item.role] ??= item.model;
  }
  return models;
}

export interface RoleUsage {
  role: UsageRole;
  usage: Usage;
  /** US$, when the role's model has a known price. */
  cost?: number;
}

const ROLE_ORDER: readonly UsageRole[] = ['coder', 'planner', 'explorer', 'reviewer'];

/** The run's usage by role, in a fixed order, each priced at its own model. */
export function roleUsage(byRole: Partial<Record<UsageRole, Usage>>, models: Partial<Record<UsageRole, string>>): RoleUsage[] {
  return ROLE_ORDER.flatMap((role) => {
    const usage = byRole[role];
    if (!usage) return [];
    const model = models[role];
    const cost = model === undefined ? undefined : estimateCost(model, usage);
    return [{ role, usage, ...(cost !== undefined ? { cost } : {}) }];
  });
}

/**
 * The footer's second line: "Coder 12k ($0.02) · Explorers 8k (< $0.01) · …", and the total cost
 * when every role's model has a price (each role priced at its own model, not all at the coder's).
 */
export function roleUsageLine(roles: readonly RoleUsage[]): { text: string; total?: number } {
  const text = roles.map((r) => `${ROLE_PLURALS[r.role]} ${formatCount(r.usage.totalTokens)}${r.cost === undefined ? '' : ` (${formatCost(r.cost)})`}`).join(' · ');
  const priced = roles.every((r) => r.cost !== undefined);
  return priced && roles.length > 0 ? { text, total: roles.reduce((sum, r) => sum + (r.cost ?? 0), 0) } : { text };
}

/**
 * The footer for a run whose usage is split by role: the run's tokens, its cost summed over the
 * roles (when each has a price), and a line per role; the tooltip says how each was priced.
 */
export function usageByRoleSummary(u: Usage, byRole: Partial<Record<UsageRole, Usage>>, models: Partial<Record<UsageRole, string>>): { text: string; roles: string; title: string } {
  const roles = roleUsage(byRole, models);
  const { text, total } = roleUsageLine(roles);
  const rows = roles.map((r) => {
    const model = models[r.role];
    const price = r.cost === undefined ? `no price known for ${model ?? 'its model'}` : `est. ${formatCost(r.cost)} at ${model} list prices`;
    return `${ROLE_PLURALS[r.role]}: ${r.usage.totalTokens.toLocaleString('en-US')} tokens (${r.usage.promptTokens.toLocaleString('en-US')} prompt, ${r.usage.outputTokens.toLocaleString('en-US')} output), ${price}`;
  });
  return {
    text: `${usageLine(u)}${total === undefined ? '' : ` · est. ${formatCost(total)}`}`,
    roles: text,
    title: [`This run: ${u.totalTokens.toLocaleString('en-US')} tokens, all agents.`, ...rows, total === undefined ? 'Tokens only: not every role’s model has a known price.' : 'Estimates; your bill may differ.'].join('\n'),
  };
}
