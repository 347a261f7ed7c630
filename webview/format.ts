/** Small pure helpers for labels and icons. Runs under plain Node. */
import type { ChatItem } from '../src/shared/chatState';
import type { RunEndStatus, TaskStatus } from '../src/shared/events';
import { estimateCost, formatCost, priceFor } from './pricing';

type ToolStatus = Extract<ChatItem, { kind: 'tool' }>['status'];

/** Codicon for a tool, by the agent's tool names (unknown tools get a generic icon). */
export function toolIcon(name: string): string {
  const icons: Record<string, string> = {
    read_file: 'file',
    list_files: 'list-tree',
    search_codebase: 'search',
    semantic_search: 'search-fuzzy',
    write_file: 'new-file',
    edit_file: 'edit',
    delete_file: 'trash',
    run_command: 'terminal',
    get_diagnostics: 'warning',
    update_plan: 'checklist',
    explore: 'telescope',
  };
  return icons[name] ?? 'tools';
}

/** Codicon classes (without the `codicon` base class) for a plan task's status. */
export function taskIcon(status: TaskStatus): string {
  switch (status) {
    case 'pending':
      return 'codicon-circle-outline';
    case 'running':
      return 'codicon-loading codicon-modifier-spin';
    case 'done':
      return 'codicon-pass';
    case 'failed':
      return 'codicon-error';
  }
}

/** A command that ran but exited with an error code is not shown as a success. */
export function toolFailed(status: ToolStatus, exitCode?: number): boolean {
  return status === 'failed' || (status === 'ok' && exitCode !== undefined && exitCode !== 0);
}

export function toolStatusIcon(status: ToolStatus, exitCode?: number): string {
  return status === 'running' ? 'codicon-loading codicon-modifier-spin' : toolFailed(status, exitCode) ? 'codicon-error' : 'codicon-check';
}

export function runEndLabel(status: RunEndStatus): { icon: string; label: string } {
  switch (status) {
    case 'completed':
      return { icon: 'pass', label: 'Done' };
    case 'cancelled':
      return { icon: 'circle-slash', label: 'Stopped' };
    case 'failed':
      return { icon: 'error', label: 'Failed' };
    case 'limit':
      return { icon: 'warning', label: 'Limit reached' };
  }
}

/** 950 → "950", 12_345 → "12.3k", 2_000_000 → "2M". */
export function formatCount(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${trim(n / 1000)}k`;
  return `${trim(n / 1_000_000)}M`;
}

function trim(x: number): string {
  return (x >= 100 ? Math.round(x).toString() : x.toFixed(1)).replace(/\.0$/, '');
}

/**
 * The footer's usage line: "21.4k tokens · 18.2k in (12k cached) · 2.3k out · 812 thinking"; the
 * cached share of the prompt (served from Gemini's implicit cache, billed at a discount) when any.
 */
export function usageLine(u: { promptTokens: number; cachedTokens?: number; outputTokens: number; thoughtTokens: number; totalTokens: number }): string {
  const cached = Math.min(u.cachedTokens ?? 0, u.promptTokens);
  const input = `${formatCount(u.promptTokens)} in${cached > 0 ? ` (${formatCount(cached)} cached)` : ''}`;
  const parts = [`${formatCount(u.totalTokens)} tokens`, input, `${formatCount(u.outputTokens)} out`];
  if (u.thoughtTokens > 0) parts.push(`${formatCount(u.thoughtTokens)} thinking`);
  return parts.join(' · ');
}

type Usage = { promptTokens: number; cachedTokens: number; outputTokens: number; thoughtTokens: number; totalTokens: number };

/**
 * The footer's text and tooltip for a run's usage: tokens, and an estimated cost where the model's
 * price is known ("21.4k tokens · 18.2k in · 2.3k out · est. $0.03").
 */
export function usageSummary(u: Usage, model: string): { text: string; title: string } {
  const tokens = `This run: ${u.totalTokens.toLocaleString('en-US')} tokens (${u.promptTokens.toLocaleString('en-US')} prompt, ${u.cachedTokens.toLocaleString('en-US')} of them cached; ${u.outputTokens.toLocaleString('en-US')} output; ${u.thoughtTokens.toLocaleString('en-US')} thinking)`;
  const price = priceFor(model);
  const cost = estimateCost(model, u);
  if (!price || cost === undefined) return { text: usageLine(u), title: `${tokens}\nNo price known for ${model}: tokens only.` };
  const rates = `$${price.input} in, $${price.cachedInput} cached (implicit cache hits), $${price.output} out per 1M tokens`;
  return {
    text: `${usageLine(u)} · est. ${formatCost(cost)}`,
    title: `${tokens}\nEstimated cost: ${formatCost(cost)} at ${model} list prices (${rates}; prompts up to 200k tokens). Your bill may differ.`,
  };
}

/** "just now", "5 min ago", "3 h ago", "yesterday", or a date. */
export function relativeTime(then: number, now: number): string {
  const s = Math.max(0, (now - then) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 2 * 86_400) return 'yesterday';
  return new Date(then).toLocaleDateString();
}

/** Splits "src/a/b.ts" into the name shown bold and the folder shown dim. */
/**
 * Text set left-to-right inside a right-to-left box (the folder label is RTL so that it loses its
 * start, not its end, when too long): without the isolate, `.vscode` would display as `vscode.`.
 */
export function ltrIsolate(text: string): string {
  return text ? `\u2066${text}\u2069` : '';
}

export function splitPath(path: string): { name: string; dir: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { name: path, dir: '' } : { name: path.slice(i + 1), dir: path.slice(0, i) };
}

type RunEndItem = Extract<ChatItem, { kind: 'runEnd' }>;

/** One button under a run's end line; `action` is what it posts as `runAction`. */
export interface RunReviewButton {
  testId: 'run-revert' | 'run-keep' | 'run-undo';
  label: string;
  /** Accessible name: says how many files the button affects. */
  ariaLabel: string;
  icon: string;
  action: 'revert' | 'keep';
  secondary: boolean;
}

/** What a run's end offers about its changes: nothing, buttons, or the decision already made. */
export type RunReview = { kind: 'none' } | { kind: 'reviewed'; icon: string; text: string } | { kind: 'buttons'; buttons: RunReviewButton[] };

export function filesLabel(n: number): string {
  return n === 1 ? '1 file' : `${n} files`;
}

/**
 * In "ask" mode every change was approved one by one, so the run offers one way back: "Revert
 * this run". In "auto" mode changes were applied unseen, so the run asks for a verdict: Keep / Undo.
 */
export function runReview(item: RunEndItem, approvalMode: 'ask' | 'auto'): RunReview {
  if (item.review === 'kept') return { kind: 'reviewed', icon: 'check', text: 'Changes kept' };
  if (item.review === 'reverted') return { kind: 'reviewed', icon: 'discard', text: 'Changes reverted' };
  const n = item.changedFiles ?? 0;
  if (n <= 0 || !item.runId) return { kind: 'none' };
  const files = filesLabel(n);
  if (approvalMode === 'ask') {
    return { kind: 'buttons', buttons: [{ testId: 'run-revert', label: 'Revert this run', ariaLabel: `Revert this run: restore the ${files} it changed`, icon: 'discard', action: 'revert', secondary: true }] };
  }
  return {
    kind: 'buttons',
    buttons: [
      { testId: 'run-keep', label: 'Keep', ariaLabel: `Keep the changes to ${files}`, icon: 'check', action: 'keep', secondary: false },
      { testId: 'run-undo', label: 'Undo', ariaLabel: `Undo the changes to ${files}`, icon: 'discard', action: 'revert', secondary: true },
    ],
  };
}

/** The last "**Heading**" line of thought summaries (Gemini starts each summary with one). */
export function lastHeading(thought: string): string | undefined {
  let found: string | undefined;
  for (const m of thought.matchAll(/^\*\*([^*\n]{1,100})\*\*\s*$/gm)) found = m[1].trim();
  return found;
}
