// The emulator's memory between requests: the scenario and its cursor, every request received
// (for assertions), and what went wrong. Kept apart from HTTP so the programmatic API and the
// control endpoints read the same thing.
import { SignatureBook } from './checks';
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
  /** Why the emulator rejected this request as a scenario failure. */
  failure?: string;
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
    };
  }
}
