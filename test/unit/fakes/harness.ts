/**
 * A whole agent run over fakes: scripted model, in-memory folder, fake commands, diagnostics and
 * approver, a manual clock and a sleep that records its delays instead of waiting. Every event is
 * checked against the event schema the webview validates with.
 */
import { AgentRun } from '../../../src/agent/run';
import type { AgentSettings, RunResult } from '../../../src/agent/types';
import type { Content } from '../../../src/model/types';
import { AgentEvent, type AgentEventOf } from '../../../src/shared/events';
import { createTools } from '../../../src/tools/index';
import type { CommandGate, CommandResult } from '../../../src/tools/types';
import { MemoryFs } from './memoryFs';
import { ScriptedModel, type Step } from './scriptedModel';
import { FakeApprover, FakeCommands, FakeDiagnostics, FakeSearch } from './workspace';

export interface HarnessOptions {
  files?: Record<string, string | Uint8Array>;
  settings?: Partial<AgentSettings>;
  commands?: (command: string, index: number) => CommandResult | Promise<CommandResult>;
  /** Without one, run_command refuses every line. */
  commandGate?: CommandGate;
  /** `false`: Restricted Mode (project rules files are not read). */
  trusted?: boolean;
  /** Milliseconds the clock moves on each model request. */
  tickMs?: number;
  /** Scripts of the helper agents, by role: their requests (told apart by the system instruction) go to these. */
  roles?: Partial<Record<'planner' | 'explorer' | 'reviewer', Step[]>>;
}

export function harness(steps: Step[], options: HarnessOptions = {}) {
  const fs = new MemoryFs(options.files ?? {});
  const model = new ScriptedModel(steps);
  const commands = new FakeCommands(options.commands);
  const diagnostics = new FakeDiagnostics();
  const approver = new FakeApprover(fs);
  const search = new FakeSearch(fs);
  const events: AgentEvent[] = [];
  const sleeps: number[] = [];
  const clock = { now: 0 };
  let ids = 0;
  const tickMs = options.tickMs ?? 0;
  const originalGenerate = model.generate.bind(model);
  const roles = Object.fromEntries(Object.entries(options.roles ?? {}).map(([role, script]) => [role, new ScriptedModel(script)])) as Partial<
    Record<'planner' | 'explorer' | 'reviewer', ScriptedModel>
  >;
  model.generate = (req, onDelta, signal) => {
    clock.now += tickMs;
    const role = /^You are the (planner|explorer|reviewer)\b/.exec(req.systemInstruction ?? '')?.[1] as 'planner' | 'explorer' | 'reviewer' | undefined;
    if (role) {
      const scripted = roles[role];
      if (!scripted) throw new Error(`No script for the ${role}.`);
      return scripted.generate(req, onDelta, signal);
    }
    return originalGenerate(req, onDelta, signal);
  };

  const deps = {
    model,
    tools: createTools(),
    workspace: { fs, search, commands, diagnostics, approver, commandGate: options.commandGate, trusted: options.trusted },
    settings: { checkCommand: '', ...options.settings },
    emit: (e: AgentEvent) => events.push(AgentEvent.parse(e)),
    sleep: async (ms: number, signal: AbortSignal) => {
      sleeps.push(ms);
      signal.throwIfAborted();
    },
    now: () => clock.now,
    random: () => 0,
    newId: () => `id${++ids}`,
  };

  return {
    fs,
    model,
    roles,
    commands,
    diagnostics,
    approver,
    search,
    events,
    sleeps,
    clock,
    deps,
    run(text: string, signal: AbortSignal = new AbortController().signal, history: Content[] = []): Promise<RunResult> {
      return new AgentRun(deps).run({ text }, signal, history);
    },
    of<T extends AgentEvent['type']>(type: T): Array<AgentEventOf<T>> {
      return events.filter((e): e is AgentEventOf<T> => e.type === type);
    },
    ended(): AgentEventOf<'runEnded'> {
      const ends = events.filter((e) => e.type === 'runEnded');
      if (ends.length !== 1) throw new Error(`expected one runEnded event, got ${ends.length}`);
      return ends[0] as AgentEventOf<'runEnded'>;
    },
  };
}

/** The function responses of a request's last content, as the model will see them. */
export function lastResponses(contents: Content[]): Array<Record<string, unknown>> {
  const last = contents[contents.length - 1];
  return last.parts.filter((p) => p.functionResponse).map((p) => p.functionResponse!.response);
}
