// The emulator's memory between requests: the scenario and its cursor, every request received
// (for assertions), and what went wrong. Kept apart from HTTP so the programmatic API and the
// control endpoints read the same thing.
import { ImplicitCache } from './cache';
import { checkExpect, SignatureBook } from './checks';
import type { RuleId, Violation } from './rules';
import { agentRoles, type AgentRole, type Scenario, type Turn } from './scenario';
import type { WireContent } from './wire';

/** One request as the emulator saw it; the API key value never appears. */
export interface RecordedRequest {
  method: string;
  /** Path and query, with a `key=` query value redacted. */
  path: string;
  /** The model named in the URL (`gemini-flash-latest`), for model calls. */
  model?: string;
  /** `generateContent`, `streamGenerateContent`, `countTokens`, `listModels`, ... */
  task?: string;
  /** Index of the scenario turn this request consumed. */
  turn?: number;
  /** Generate requests: the agent that sent it, from its systemInstruction (roles.ts). */
  role?: AgentRole;
  /** Parsed JSON body, the raw text when it was not JSON, undefined when empty. */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** HTTP status sent; undefined until the response starts. */
  status?: number;
  /** True when the emulator cut the connection on purpose. */
  dropped?: boolean;
  /** The client hung up (aborted) before the answer began (see a turn's `latencyMs`). */
  aborted?: boolean;
  /** Why the emulator rejected this request as a scenario failure. */
  failure?: string;
  /** The rule that refused this request, as the real API would have. */
  rejectedBy?: RuleId;
}

/** A request the emulator refused the way the real API would (a rule of rules/), kept across scenario loads. */
export interface Rejection {
  /** 1, 2, 3… in the order the emulator refused them. */
  id: number;
  /** Scenario loaded when it happened. */
  scenario: string;
  method: string;
  path: string;
  /** Index of the scenario turn the request consumed, if any. */
  turn?: number;
  rule: RuleId;
  httpStatus: number;
  message: string;
  /** A scenario turn said this rejection would come (`expectRejection`). */
  expected: boolean;
}

/** How many embedding requests and texts the emulator served since the last load. */
export interface EmbedCounts {
  embedContent: number;
  batchEmbedContents: number;
  /** Texts embedded, over both endpoints. */
  texts: number;
}

/** A request the scenario did not allow: an expect mismatch, a missing signature, no turn left. */
export interface Failure {
  requestIndex: number;
  turn?: number;
  /** The agent that sent the request, for generate requests. */
  role?: AgentRole;
  message: string;
}

/** One role's queue in `status().roles`: turn indices into the scenario's `turns`. */
export interface RoleStatus {
  /** The scenario's turns addressed to this role, in scenario order. */
  turns: number[];
  /** Turns served since the last load, in the order requests took them (a looping scenario repeats them). */
  served: number[];
  /** Turns of this pass no request has taken yet. */
  pending: number[];
  /** Generate requests from this role since the last load, refused ones too. */
  requests: number;
  /** Requests being answered now: past every check, waiting their latency or streaming. */
  inFlight: number;
  /** The most requests of this role in flight at once since the last load. */
  maxInFlight: number;
  /** How many times this role's queue started over (looping scenarios). */
  restarts: number;
}

/** What `emu.status()` and `GET /__emulator/status` answer. */
export interface EmulatorStatus {
  scenario: string;
  totalTurns: number;
  loop: boolean;
  /** Starts over, over all roles. */
  restarts: number;
  /** The coder's next turn (the scenario's turn count when it has none left). */
  nextTurn: number;
  /** Turns of every role not yet consumed (of this pass, for a looping scenario). */
  unconsumedTurns: number;
  requests: number;
  failures: Failure[];
  unexpectedRejections: Rejection[];
  embedCounts: EmbedCounts;
  roles: Record<AgentRole, RoleStatus>;
}

/** The turn a request took, or why it took none. */
export type TurnPick = { ok: true; index: number; turn: Turn } | { ok: false; why: string };

// The turns of one role. The coder's are served strictly in order (a mismatch at the head is a
// failure, as before roles existed); the other roles' by the first pending turn whose `expect`
// matches, since their conversations (parallel explorers) arrive in any order.
class RoleQueue {
  private readonly taken = new Set<number>();
  readonly served: number[] = [];
  requests = 0;
  inFlight = 0;
  maxInFlight = 0;
  restarts = 0;

  /** `turns`: indices into the scenario's turns of those addressed to this role. */
  constructor(readonly turns: number[]) {}

  pending(): number[] {
    return this.turns.filter((i) => !this.taken.has(i));
  }

  /** A looping scenario starts this role's turns over once all are taken. */
  startOverIfDone(loop: boolean): void {
    if (!loop || this.turns.length === 0 || this.pending().length > 0) return;
    this.taken.clear();
    this.restarts++;
  }

  take(index: number): void {
    this.taken.add(index);
    this.served.push(index);
  }

  /** Counts a request answering from now until `done` is called. */
  begin(): () => void {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let ended = false;
    return () => {
      if (!ended) this.inFlight--;
      ended = true;
    };
  }

  status(): RoleStatus {
    const { turns, served, requests, inFlight, maxInFlight, restarts } = this;
    return { turns: [...turns], served: [...served], pending: this.pending(), requests, inFlight, maxInFlight, restarts };
  }
}

function queuesOf(scenario: Scenario): Record<AgentRole, RoleQueue> {
  const by = (role: AgentRole) => new RoleQueue(scenario.turns.flatMap((t, i) => (t.agent === role ? [i] : [])));
  return Object.fromEntries(agentRoles.map((r) => [r, by(r)])) as Record<AgentRole, RoleQueue>;
}

export class EmulatorState {
  readonly requests: RecordedRequest[] = [];
  private readonly failureList: Failure[] = [];
  // Rejections outlive scenario loads: a run checks them once at its end.
  private readonly rejectionList: Rejection[] = [];
  private acknowledged = 0;
  readonly cache = new ImplicitCache();
  embedCounts: EmbedCounts = { embedContent: 0, batchEmbedContents: 0, texts: 0 };
  // Signatures outlive scenario switches: a conversation's history may span two scenarios.
  readonly signatures = new SignatureBook();
  private queues: Record<AgentRole, RoleQueue>;
  private responses = 0;

  constructor(private scenario: Scenario) {
    this.queues = queuesOf(scenario);
  }

  /** Switches scenario and starts it from its first turn, with an empty request log and no failures. */
  load(scenario: Scenario): void {
    this.scenario = scenario;
    this.queues = queuesOf(scenario);
    this.requests.length = 0;
    this.failureList.length = 0;
    this.embedCounts = { embedContent: 0, batchEmbedContents: 0, texts: 0 };
  }

  get current(): Scenario {
    return this.scenario;
  }

  /**
   * Takes the turn that answers a request of `role`: the coder's next turn whatever the request
   * (its `expect` is checked afterwards, a mismatch failing that turn); for another role, the first
   * pending turn whose `expect` matches `contents` (undefined: the body was no GenerateContentRequest,
   * so nothing matches). A looping scenario starts a role over when all its turns are taken.
   */
  takeTurn(role: AgentRole, contents: WireContent[] | undefined): TurnPick {
    const queue = this.queues[role];
    queue.requests++;
    queue.startOverIfDone(this.scenario.loop);
    const pending = queue.pending();
    const name = this.scenario.name;
    if (pending.length === 0) {
      const all = this.scenario.turns.length;
      return { ok: false, why: `Emulator: scenario "${name}" has no turn left for the ${role} (it has ${queue.turns.length} ${role} turn(s), ${all} in all); this request was not expected.` };
    }
    let index: number | undefined = pending[0];
    const mismatches: string[] = [];
    if (role !== 'coder') {
      index = pending.find((i) => {
        const mismatch = contents === undefined ? 'not a GenerateContentRequest' : checkExpect(this.scenario.turns[i].expect, contents);
        if (mismatch) mismatches.push(`turn ${i}: ${mismatch}`);
        return mismatch === undefined;
      });
    }
    if (index === undefined) {
      return { ok: false, why: `Emulator: scenario "${name}": no pending ${role} turn matches this request (${mismatches.join('; ')}).` };
    }
    queue.take(index);
    return { ok: true, index, turn: this.scenario.turns[index] };
  }

  /** Counts a request of `role` as answering until the returned function is called. */
  beginAnswer(role: AgentRole): () => void {
    return this.queues[role].begin();
  }

  fail(record: RecordedRequest, message: string): void {
    record.failure = message;
    this.failureList.push({ requestIndex: this.requests.indexOf(record), turn: record.turn, role: record.role, message });
  }

  /** Records a request refused by a rule; an unexpected one is a scenario failure too. */
  reject(record: RecordedRequest, violation: Violation, expected: boolean): void {
    record.rejectedBy = violation.rule;
    const { method, path, turn } = record;
    this.rejectionList.push({ id: this.rejectionList.length + 1, scenario: this.scenario.name, method, path, turn, rule: violation.rule, httpStatus: violation.httpStatus, message: violation.message, expected });
    if (!expected) this.fail(record, `${violation.rule}: ${violation.message.trim()}`);
  }

  rejections(): Rejection[] {
    return this.rejectionList.map((r) => ({ ...r }));
  }

  /** Rejections no scenario expected and no test acknowledged. */
  unexpectedRejections(): Rejection[] {
    return this.rejectionList.slice(this.acknowledged).filter((r) => !r.expected).map((r) => ({ ...r }));
  }

  /** Marks every rejection so far as seen by the test (which asserts on them itself); returns the unexpected ones. */
  acknowledgeRejections(): Rejection[] {
    const seen = this.unexpectedRejections();
    this.acknowledged = this.rejectionList.length;
    return seen;
  }

  failures(): Failure[] {
    return this.failureList.map((f) => ({ ...f }));
  }

  /** Turns of every role not yet consumed; for a looping scenario, those left in the current pass. */
  unconsumedTurns(): number {
    return agentRoles.reduce((n, r) => n + this.queues[r].pending().length, 0);
  }

  nextResponseId(): string {
    return `emu-${++this.responses}`;
  }

  /** What `emu.status()` and `GET /__emulator/status` answer. */
  status(): EmulatorStatus {
    const coder = this.queues.coder;
    const roles = Object.fromEntries(agentRoles.map((r) => [r, this.queues[r].status()])) as Record<AgentRole, RoleStatus>;
    return {
      scenario: this.scenario.name,
      totalTurns: this.scenario.turns.length,
      loop: this.scenario.loop,
      restarts: agentRoles.reduce((n, r) => n + this.queues[r].restarts, 0),
      // A looping scenario at the end of a pass answers the coder's next request from its first turn.
      nextTurn: coder.pending()[0] ?? (this.scenario.loop && coder.turns.length > 0 ? coder.turns[0] : this.scenario.turns.length),
      unconsumedTurns: this.unconsumedTurns(),
      requests: this.requests.length,
      failures: this.failures(),
      unexpectedRejections: this.unexpectedRejections(),
      embedCounts: { ...this.embedCounts },
      roles,
    };
  }
}
