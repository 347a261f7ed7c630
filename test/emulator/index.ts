// Programmatic entry point: start a Gemini API emulator on 127.0.0.1 for tests in this process.
// Point the SDK at it with `getGenerativeModel({ model }, { baseUrl: emulator.baseUrl })`.
import type { AddressInfo } from 'node:net';
import { inlineParts, type InlinePart } from './rules';
import { parseScenario, type Scenario } from './scenario';
import { createEmulatorServer } from './server';
import { EmulatorState, type EmbedCounts, type EmulatorStatus, type Failure, type RecordedRequest, type Rejection } from './state';

export { embedText } from './embed';
export { errorPresetNames, errorPresets, type ErrorSpec } from './errors';
export { modelAliases, resolveModel } from './models';
export { checkGenerateRequest, generateViolations, inlineMimeTypes, inlineParts, isValidFunctionName, maxRequestBytes, ruleIds, type InlinePart, type RuleId, type Violation } from './rules';
export { roleOfRequest } from './roles';
export { agentRoles, blockReasons, finishReasons, loadScenarioFile, parseScenario, ScenarioError, type AgentRole, type Scenario, type Turn } from './scenario';
export { INVALID_KEY } from './server';
export type { EmbedCounts, EmulatorStatus, Failure, RecordedRequest, Rejection, RoleStatus } from './state';

export interface EmulatorOptions {
  /** Scenario to start with, validated (a parsed `Scenario` or raw JSON); default: no turns. */
  scenario?: Scenario | unknown;
  /** Port to listen on; default 0, an ephemeral port. */
  port?: number;
  /** Receives one line per request handled. */
  log?: (line: string) => void;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT`, to pass as the SDK's `baseUrl`. */
  readonly baseUrl: string;
  readonly port: number;
  /** Every request since the last load, in order; the API key value is redacted. */
  readonly requests: readonly RecordedRequest[];
  /** Switches scenario: turn cursor back to 0, request log and failures emptied. */
  load(scenario: Scenario | unknown): void;
  /** How many turns of the current scenario, over all roles, no request has consumed yet (of this pass, for a looping one). */
  unconsumedTurns(): number;
  /** What `GET /__emulator/status` answers: with `roles`, each role's turns, served and pending, and its requests in flight. */
  status(): EmulatorStatus;
  /** Requests the scenario did not allow (expect mismatch, a rule it did not expect, no turn left). */
  failures(): Failure[];
  /** Every request refused by a rule of the real API since start (not emptied by `load`). */
  rejections(): Rejection[];
  /** Refusals no scenario turn expected and no test acknowledged: a run with any has failed. */
  unexpectedRejections(): Rejection[];
  /** For tests that provoke refusals on purpose: marks all so far as seen and returns the unexpected ones. */
  acknowledgeRejections(): Rejection[];
  /** Embedding requests and texts served since the last load. */
  embedCounts(): EmbedCounts;
  /** The inline data parts (images, documents) of every generate request since the last load, refused ones too. */
  inlineData(): Array<InlinePart & { requestIndex: number }>;
  /** Stops listening and closes every open socket, so the process can exit. */
  close(): Promise<void>;
}

// Scenarios built in code go through the same validation as files, filling defaults.
const toScenario = (s: unknown): Scenario => parseScenario(s, 'scenario');

// On globalThis, not in module scope: each unit test file is bundled on its own, with its own
// copy of this module, and the guard must see the emulators every bundle started.
const registry = Symbol.for('gemini-emulator.started');
const started: Emulator[] = ((globalThis as { [registry]?: Emulator[] })[registry] ??= []);

/** Every emulator this process started, closed ones included: the unit run checks their refusals (test/unit/emulatorGuard.test.ts). */
export function startedEmulators(): readonly Emulator[] {
  return started;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = new EmulatorState(toScenario(options.scenario ?? { name: 'empty', turns: [] }));
  const closing = new AbortController();
  const server = createEmulatorServer(state, { log: options.log, signal: closing.signal });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const emulator: Emulator = {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    requests: state.requests,
    load: (s) => state.load(toScenario(s)),
    unconsumedTurns: () => state.unconsumedTurns(),
    status: () => state.status(),
    failures: () => state.failures(),
    rejections: () => state.rejections(),
    unexpectedRejections: () => state.unexpectedRejections(),
    acknowledgeRejections: () => state.acknowledgeRejections(),
    embedCounts: () => ({ ...state.embedCounts }),
    inlineData: () => state.requests.flatMap((r, requestIndex) => (r.task === 'generateContent' || r.task === 'streamGenerateContent' ? inlineParts(r.body).map((p) => ({ ...p, requestIndex })) : [])),
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  started.push(emulator);
  return emulator;
}
