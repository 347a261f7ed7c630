/**
 * Runs the model's function calls. Whatever goes wrong — an unknown tool, arguments that fail the
 * tool's schema, a tool that throws — becomes a function response with an `error`, so the model
 * can correct itself; only a stop (cancel, a limit) ends the run.
 */
import { z } from 'zod';
import type { FunctionCall, Part } from '../model/types';
import type { AgentEvent } from '../shared/events';
import type { Tool, ToolContext, ToolReport } from '../tools/types';
import { responsePart } from './history';
import { repeatWarning } from './prompts';
import type { RepeatGuard } from './repeats';
import { RunStop } from './stop';

export class ToolDispatcher {
  private readonly byName: Map<string, Tool>;

  constructor(
    tools: readonly Tool[],
    private readonly emit: (event: AgentEvent) => void,
    private readonly newId: () => string,
    private readonly repeats: RepeatGuard,
  ) {
    this.byName = new Map(tools.map((t) => [t.name, t]));
  }

  /** Whether calls of `name` may run beside the other calls of their turn (see `Tool.parallel`). */
  isParallel(name: string): boolean {
    return this.byName.get(name)?.parallel === true;
  }

  /** A new task, or a fix after failed checks: reading the same files again is expected then. */
  forgetRepeats(): void {
    this.repeats.reset();
  }

  async run(call: FunctionCall, ctx: ToolContext): Promise<Part> {
    const verdict = this.repeats.see(call);
    if (verdict.kind === 'stop') {
      throw new RunStop('limit', `Stopped: the model called ${call.name} with the same arguments ${verdict.count} times without anything changing in between.`);
    }
    const tool = this.byName.get(call.name);
    const callId = this.newId();
    this.emit({ type: 'toolStarted', callId, name: call.name, label: labelOf(tool, call) });
    let response: Record<string, unknown>;
    try {
      response = await this.execute(tool, call, { ...ctx, callId });
    } catch (err) {
      // Stopped or ended mid-call: the card must not spin on after the run.
      const summary = ctx.signal.aborted ? 'Stopped: the user stopped the run.' : `Not finished: ${err instanceof Error ? err.message : String(err)}`;
      this.emit({ type: 'toolFinished', callId, ok: false, summary });
      throw err;
    }
    if (verdict.kind === 'warn') response = { ...response, warning: repeatWarning(call.name, verdict.count) };
    const failed = typeof response.error === 'string';
    const report: ToolReport = failed ? { summary: String(response.error) } : reportOf(tool, call, response);
    this.emit({ type: 'toolFinished', callId, ok: !failed, ...report });
    return responsePart(call, response);
  }

  private async execute(tool: Tool | undefined, call: FunctionCall, ctx: ToolContext): Promise<Record<string, unknown>> {
    if (!tool) return { error: `There is no tool named "${call.name}". Available tools: ${[...this.byName.keys()].join(', ')}.` };
    const args = tool.parameters.safeParse(call.args ?? {});
    if (!args.success) return { error: `Invalid arguments for ${call.name}: ${z.prettifyError(args.error).replace(/\n/g, ' ')}` };
    try {
      return await tool.execute(args.data, ctx);
    } catch (err) {
      ctx.signal.throwIfAborted();
      if (err instanceof RunStop) throw err;
      return { error: `${call.name} failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
}

function labelOf(tool: Tool | undefined, call: FunctionCall): string {
  if (tool?.label) {
    const args = tool.parameters.safeParse(call.args ?? {});
    if (args.success) return tool.label(args.data);
  }
  return call.name;
}

function reportOf(tool: Tool | undefined, call: FunctionCall, response: Record<string, unknown>): ToolReport {
  try {
    if (tool?.report) return tool.report(tool.parameters.parse(call.args ?? {}), response);
  } catch {
    // A report is cosmetic; a tool whose result lacks what its report reads still succeeded.
  }
  return { summary: 'Done' };
}
