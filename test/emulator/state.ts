// The emulator's memory between requests: the scenario and its cursor, every request received
// (for assertions), and what went wrong. Kept apart from HTTP so the programmatic API and the
// control endpoints read the same thing.
import { ImplicitCache } from './cache';
import { SignatureBook } from './checks';
import type { RuleId, Violation } from './rules';
import type { Scenario, Turn } from './scenario';

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
  message: string;
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
  private cursor = 0;
  /** How many times a looping scenario has started over. */
  private restarts = 0;
  private responses = 0;

  constructor(private scenario: Scenario) {}

  /** Switches scenario and starts it from its first turn, with an empty request log and no failures. */
  load(scenario: Scenario): void {
    this.scenario = scenario;
    this.cursor = 0;
    this.restarts = 0;
    this.requests.length = 0;
    this.failureList.length = 0;
    this.embedCounts = { embedContent: 0, batchEmbedContents: 0, texts: 0 };
  }

  get current(): Scenario {
    return this.scenario;
  }

  /** Consumes the next turn; undefined when the scenario has run out (a looping one starts over). */
  nextTurn(): { index: number; turn: Turn } | undefined {
    const count = this.scenario.turns.length;
    if (this.cursor >= count && this.scenario.loop && count > 0) {
      this.cursor = 0;
      this.restarts++;
    }
    if (this.cursor >= count) return undefined;
    const index = this.cursor++;
    return { index, turn: this.scenario.turns[index] };
  }

  fail(record: RecordedRequest, message: string): void {
    record.failure = message;
    this.failureList.push({ requestIndex: this.requests.indexOf(record), turn: record.turn, message });
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

  /** Turns not yet consumed; for a looping scenario, those left in the current pass. */
  unconsumedTurns(): number {
    return this.scenario.turns.length - this.cursor;
  }

  nextResponseId(): string {
    return `emu-${++this.responses}`;
  }

  /** What `GET /__emulator/status` answers. */
  status(): object {
    return {
      scenario: this.scenario.name,
      totalTurns: this.scenario.turns.length,
      loop: this.scenario.loop,
      restarts: this.restarts,
      // A looping scenario at the end of a pass answers the next request from its first turn.
      nextTurn: this.scenario.loop && this.cursor >= this.scenario.turns.length ? 0 : this.cursor,
      unconsumedTurns: this.unconsumedTurns(),
      requests: this.requests.length,
      failures: this.failures(),
      unexpectedRejections: this.unexpectedRejections(),
      embedCounts: this.embedCounts,
    };
  }
}
