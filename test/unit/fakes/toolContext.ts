/** A ToolContext over the fakes, for calling tools directly. */
import { IgnoreFilter } from '../../../src/guards/ignore';
import type { Tool, ToolContext } from '../../../src/tools/types';
import { MemoryFs } from './memoryFs';
import { FakeApprover, FakeCommands, FakeDiagnostics, FakeSearch } from './workspace';

export function toolContext(fs: MemoryFs, overrides: Partial<ToolContext> = {}) {
  const approver = new FakeApprover(fs);
  const commands = new FakeCommands();
  const diagnostics = new FakeDiagnostics();
  const search = new FakeSearch(fs);
  const ctx: ToolContext = {
    fs,
    search,
    commands,
    diagnostics,
    approver,
    signal: new AbortController().signal,
    ignore: IgnoreFilter.create(),
    ...overrides,
  };
  return { ctx, approver, commands, diagnostics, search };
}

/** Runs a tool as the loop does: arguments parsed with the tool's own schema first. */
export async function invoke(tool: Tool, args: Record<string, unknown>, ctx: ToolContext): Promise<Record<string, unknown>> {
  return tool.execute(tool.parameters.parse(args), ctx);
}
