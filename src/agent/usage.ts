/** Token usage per request and per run, reported as events; split by who spent it when subagents run. */
import { emptyUsage, type Usage } from '../model/types';
import type { SubagentRole } from '../shared/events';

/** Who spent tokens: `coder` is the main loop (planning included when no planner runs). */
export type UsageRole = 'coder' | SubagentRole;

/** What a model caller counts its requests into. */
export interface Meter {
  /** Adds a request's usage; returns the run's total. */
  add(request: Usage): Usage;
  /** The run's total so far. */
  readonly run: Usage;
  /** The run's usage by role, once a subagent has spent any; `undefined` before. */
  readonly byRole: Partial<Record<UsageRole, Usage>> | undefined;
}

export class UsageMeter implements Meter {
  private readonly total: Usage = emptyUsage();
  private readonly roles = new Map<UsageRole, Usage>();

  add(request: Usage, role: UsageRole = 'coder'): Usage {
    addTo(this.total, request);
    const mine = this.roles.get(role) ?? emptyUsage();
    addTo(mine, request);
    this.roles.set(role, mine);
    return this.run;
  }

  get run(): Usage {
    return { ...this.total };
  }

  get byRole(): Partial<Record<UsageRole, Usage>> | undefined {
    if (![...this.roles.keys()].some((r) => r !== 'coder')) return undefined;
    return Object.fromEntries([...this.roles].map(([r, u]) => [r, { ...u }]));
  }
}

/** A subagent's view of the run's meter: its requests count into the run under its role, and into its own total. */
export class RoleMeter implements Meter {
  private readonly mine: Usage = emptyUsage();

  constructor(
    private readonly runMeter: UsageMeter,
    private readonly role: UsageRole,
  ) {}

  add(request: Usage): Usage {
    addTo(this.mine, request);
    return this.runMeter.add(request, this.role);
  }

  get run(): Usage {
    return this.runMeter.run;
  }

  get byRole(): Partial<Record<UsageRole, Usage>> | undefined {
    return this.runMeter.byRole;
  }

  /** This subagent's own total. */
  get own(): Usage {
    return { ...this.mine };
  }
}

function addTo(total: Usage, request: Usage): void {
  total.promptTokens += request.promptTokens;
  total.outputTokens += request.outputTokens;
  total.thoughtTokens += request.thoughtTokens;
  total.cachedTokens += request.cachedTokens;
  total.totalTokens += request.totalTokens;
}
