/**
 * What every fault case needs, so each case is a scenario and a few assertions: a fresh chat, a
 * run that returns only its own chat items, what the model was told (function responses on the
 * wire), a byte-for-byte picture of the workspace, settings that are put back, and the check
 * that the extension still answers the next request.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { AgentApi } from '../../../src/extension';
import type { ChatItem } from '../../../src/shared/chatState';
import { agentApi, emulatorRequests, emulatorStatus, loadScenario, until } from '../helpers';
import { onePlan, textTurn, type Turn } from '../scenarios';

/** A scripted turn: the helpers' kinds, a raw body (malformed SSE), or an error with QuotaFailure details. */
export type ScriptTurn = (Turn & { blockReason?: string }) | { raw: string; httpStatus?: number; contentType?: string } | { error: NonNullable<Turn['error']> & { quotaId?: string } };

export const root = (): string => vscode.workspace.workspaceFolders![0].uri.fsPath;
export const inRoot = (...parts: string[]): string => join(root(), ...parts);
/** The repository (for test/fixtures), from out/test/integration/faults/. */
export const repoRoot = (): string => resolve(__dirname, '..', '..', '..', '..');
export const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('geminiAgent');

type Item<K extends ChatItem['kind']> = Extract<ChatItem, { kind: K }>;
export const itemsOf = <K extends ChatItem['kind']>(items: readonly ChatItem[], kind: K): Item<K>[] => items.filter((i): i is Item<K> => i.kind === kind);

/** The items of the chat's latest run (from its user item on). */
export function lastRun(api: AgentApi): ChatItem[] {
  const items = api.chat.state.items;
  let start = items.length - 1;
  while (start > 0 && items[start].kind !== 'user') start--;
  return items.slice(start);
}

/** What a run left in the chat, by kind. */
export interface RunView {
  items: ChatItem[];
  end: Item<'runEnd'> | undefined;
  notices: Item<'notice'>[];
  tools: Item<'tool'>[];
  changes: Item<'change'>[];
  answer: string | undefined;
}

export function viewOf(items: ChatItem[]): RunView {
  return {
    items,
    end: itemsOf(items, 'runEnd').at(-1),
    notices: itemsOf(items, 'notice'),
    tools: itemsOf(items, 'tool'),
    changes: itemsOf(items, 'change'),
    answer: itemsOf(items, 'assistant').at(-1)?.text,
  };
}

/** A new chat on the one extension instance every suite shares. */
export async function freshChat(): Promise<AgentApi> {
  const api = await agentApi();
  if (api.chat.isRunning) {
    api.chat.stop();
    await runEnds(api, api.chat.idle(), 30_000);
  }
  api.chat.newChat();
  return api;
}

/** Loads the scenario, sends the request and waits for the run to end. */
export async function runScenario(api: AgentApi, name: string, turns: ScriptTurn[], text = name): Promise<RunView> {
  await loadScenario({ name, turns });
  await api.chat.send({ text });
  await api.chat.idle();
  return viewOf(lastRun(api));
}

/** Starts a run without waiting for it (wrapped: an async function would adopt the run's promise). */
export async function startScenario(api: AgentApi, name: string, turns: ScriptTurn[], text = name): Promise<{ run: Promise<void> }> {
  await loadScenario({ name, turns });
  return { run: api.chat.send({ text }) };
}

interface WirePart {
  text?: string;
  functionCall?: { name: string; args?: Record<string, unknown> };
  functionResponse?: { name: string; response: Record<string, unknown> };
}
interface WireContent {
  role?: string;
  parts: WirePart[];
}

/** The generate requests of the current scenario, as the emulator received them. */
export async function generateRequests(): Promise<Array<{ contents: WireContent[]; status: number }>> {
  const all = await emulatorRequests();
  return all
    .filter((r) => /:(stream)?generateContent/i.test(r.path))
    .map((r) => ({ contents: (r.body as { contents?: WireContent[] })?.contents ?? [], status: r.status }));
}

/**
 * Every function response the model was sent, in order: the responses in the last content of
 * each request (each answers the model turn just before it).
 */
export async function toldModel(): Promise<Array<{ name: string; response: Record<string, unknown> }>> {
  const out: Array<{ name: string; response: Record<string, unknown> }> = [];
  for (const r of await generateRequests()) {
    for (const p of r.contents.at(-1)?.parts ?? []) if (p.functionResponse) out.push({ name: p.functionResponse.name, response: p.functionResponse.response });
  }
  return out;
}

/** The text of the last user content of each request (prompts the loop added: repair, fix, malformed call). */
export async function userTexts(): Promise<string[]> {
  return (await generateRequests()).map((r) => (r.contents.at(-1)?.parts ?? []).map((p) => p.text ?? '').join(''));
}

/** The scenario ran as written: no request the emulator refused, no turn left over. */
export async function assertScenarioDone(): Promise<void> {
  const status = await emulatorStatus();
  assert.deepEqual(status.failures, [], 'the emulator accepted every request');
  assert.equal(status.unconsumedTurns, 0, 'every scripted turn was used');
}

/** The extension answers a plain request in the same chat after the fault. */
export async function assertAnswersNext(api: AgentApi): Promise<void> {
  const reply = `Still answering (${Date.now()}).`;
  const view = await runScenario(api, 'next-request', [onePlan('Answer'), textTurn([reply])], 'are you still there?');
  assert.equal(view.end?.status, 'completed', view.end?.text);
  assert.equal(view.answer, reply);
  await assertScenarioDone();
}

/** Path → sha256 of every file under the workspace (symlinks by their target, not followed). */
export type Snapshot = Map<string, string>;

export function snapshot(dir = root()): Snapshot {
  const out: Snapshot = new Map();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const full = join(dir, r);
      const st = lstatSync(full);
      if (st.isSymbolicLink()) out.set(r, `symlink → ${readlinkSync(full)}`);
      else if (st.isDirectory()) walk(r);
      else out.set(r, createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk('');
  return out;
}

/** The workspace is byte for byte as before, except the paths named in `changed` (and files the editor itself keeps). */
export function assertWorkspaceSame(before: Snapshot, changed: string[] = []): void {
  const after = snapshot();
  const skip = (p: string) => changed.includes(p);
  const diff: string[] = [];
  for (const [p, h] of before) if (!skip(p) && after.get(p) !== h) diff.push(after.has(p) ? `changed: ${p}` : `removed: ${p}`);
  for (const p of after.keys()) if (!skip(p) && !before.has(p)) diff.push(`added: ${p}`);
  assert.deepEqual(diff, [], 'the workspace holds exactly what it should');
}

/** Sets user (global) settings and returns what puts them back as they were. */
export async function setSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const previous = Object.keys(values).map((key) => [key, config().inspect(key)?.globalValue] as const);
  for (const [key, value] of Object.entries(values)) await config().update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    for (const [key, value] of previous) await config().update(key, value, vscode.ConfigurationTarget.Global);
  };
}

/** Names of the VS Code tasks started while `fn` ran (run_command runs each line as a task). */
export async function tasksStartedDuring<T>(fn: () => Promise<T>): Promise<{ result: T; tasks: string[] }> {
  const tasks: string[] = [];
  const sub = vscode.tasks.onDidStartTask((e) => tasks.push(e.execution.task.name));
  try {
    return { result: await fn(), tasks };
  } finally {
    sub.dispose();
  }
}

/** The latest run in a line per item, for failure messages. */
export function dump(api: AgentApi): string {
  return lastRun(api)
    .map((i) => {
      switch (i.kind) {
        case 'tool':
          return `tool ${i.name} ${i.status}: ${i.summary}`;
        case 'change':
          return `change ${i.path} ${i.status}${i.reason ? `: ${i.reason}` : ''}`;
        case 'notice':
          return `notice ${i.level}: ${i.text}`;
        case 'runEnd':
          return `runEnd ${i.status}: ${i.text}`;
        case 'assistant':
          return `assistant: ${i.text.slice(0, 200)}`;
        default:
          return i.kind;
      }
    })
    .join('\n');
}

/** Like `until`, but a timeout says what the chat showed. */
export async function waitInChat<T>(api: AgentApi, probe: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  try {
    return await until(probe, timeoutMs, what);
  } catch (err) {
    throw new Error(`${(err as Error).message}; the chat shows:\n${dump(api)}`);
  }
}

/** Waits for the run to end, failing with what the chat showed instead of hanging. */
export async function runEnds(api: AgentApi, run: Promise<void>, timeoutMs = 60_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`The run did not end within ${timeoutMs} ms; the chat shows:\n${dump(api)}`)), timeoutMs)));
  try {
    await Promise.race([run, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The run ended with this status; otherwise the message shows the whole run. */
export function assertEnded(api: AgentApi, status: string): RunView {
  const view = viewOf(lastRun(api));
  assert.equal(view.end?.status, status, `the run ended ${view.end?.status}; the chat shows:\n${dump(api)}`);
  return view;
}

/** The change card that is waiting for a decision. */
export function waitForProposal(api: AgentApi, path?: string): Promise<Item<'change'>> {
  return waitInChat(api, () => itemsOf(api.chat.state.items, 'change').find((c) => c.status === 'proposed' && (path === undefined || c.path === path)), `a proposed change${path ? ` to ${path}` : ''}`);
}

/** A tool card of this name that is still running. */
export function waitForRunningTool(api: AgentApi, name: string): Promise<Item<'tool'>> {
  return waitInChat(api, () => itemsOf(api.chat.state.items, 'tool').find((t) => t.name === name && t.status === 'running'), `${name} to start`);
}

/** Diff editors showing a proposal (the scheme of the in-memory proposal documents). */
export function openProposalTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'gemini-agent-proposal');
}

export { until };
