/** Settings for the helper agents in tests: all off but what a test turns on. */
import { NO_AGENTS, type AgentsSettings } from '../../../src/agents/settings';

export function agents(on: { planner?: boolean; explorer?: boolean | Partial<AgentsSettings['explorer']>; reviewer?: boolean | Partial<AgentsSettings['reviewer']>; caps?: Partial<AgentsSettings['caps']> }): AgentsSettings {
  const part = <T extends object>(base: T, v: boolean | Partial<T> | undefined): T => (v === undefined || v === false ? base : { ...base, enabled: true, ...(v === true ? {} : v) });
  return {
    ...NO_AGENTS,
    mainModel: 'main-model',
    planner: part(NO_AGENTS.planner, on.planner),
    explorer: part(NO_AGENTS.explorer, on.explorer),
    reviewer: part(NO_AGENTS.reviewer, on.reviewer),
    caps: { ...NO_AGENTS.caps, ...on.caps },
  };
}

/** A gate several scripted requests wait at; `arrive` resolves when `open` is called. */
export class Gate {
  inFlight = 0;
  maxInFlight = 0;
  private opened!: () => void;
  readonly opens = new Promise<void>((resolve) => (this.opened = resolve));

  async arrive(): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    // Released once everything already started (by microtasks of the same round) has arrived.
    if (this.inFlight === 1) setImmediate(() => this.opened());
    await this.opens;
  }

  leave(): void {
    this.inFlight--;
  }

  open(): void {
    this.opened();
  }
}
