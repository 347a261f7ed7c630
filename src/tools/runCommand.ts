/**
 * `run_command`: a shell command through the CommandRunner (a visible VS Code task in the
 * product). The line is judged first, and without a CommandGate nothing runs; output reaches the
 * model redacted, without colour codes and capped to its end, where build and test tools put the
 * errors.
 */
import { z } from 'zod';
import { capOutput, defaultPaths, judgeCommand, stripAnsi } from '../guards/commandLine';
import { redactOutput } from '../model/redact';
import { guardPath, ignoreOf, readOnlyError } from './paths';
import type { Tool, ToolContext } from './types';

export const DEFAULT_COMMAND_TIMEOUT_MS = 5 * 60_000;
export const MAX_OUTPUT_CHARS = 20_000;

const parameters = z.object({
  command: z.string().min(1).describe('The shell command line to run.'),
  cwd: z.string().optional().describe('Folder to run it in, relative to the workspace root. Default: the root.'),
});

export const runCommandTool: Tool<typeof parameters> = {
  name: 'run_command',
  description: `Run a shell command in the workspace (visible to the user in a terminal) and get its exit code and output (the last ${MAX_OUTPUT_CHARS / 1000} KB). Do not start servers or watchers: the command must finish.`,
  parameters,
  label: (a) => `Run ${a.command}${a.cwd ? ` in ${a.cwd}` : ''}`,
  report: (_a, r) => ({
    summary: r.timed_out ? 'Timed out' : `Exit code ${r.exit_code ?? '?'}`,
    detail: typeof r.output === 'string' ? r.output.slice(-4000) : undefined,
    exitCode: typeof r.exit_code === 'number' ? r.exit_code : undefined,
  }),
  async execute(args, ctx) {
    const refused = readOnlyError(ctx);
    if (refused) return refused;
    const cwd = await checkCwd(args.cwd, ctx);
    if (typeof cwd !== 'string') return cwd;
    const allowed = await gate(args.command, cwd, ctx);
    if (allowed) return allowed;
    const timeoutMs = ctx.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    const result = await ctx.commands.run({ command: args.command, cwd: cwd === '.' ? undefined : cwd, timeoutMs }, ctx.signal);
    ctx.signal.throwIfAborted();
    const output = capOutput(redactOutput(stripAnsi(result.output)), MAX_OUTPUT_CHARS);
    const response: Record<string, unknown> = { exit_code: result.exitCode ?? null, output };
    if (result.timedOut) {
      response.timed_out = true;
      response.error = `The command did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`;
    }
    return response;
  },
};

async function checkCwd(input: string | undefined, ctx: ToolContext): Promise<string | Record<string, unknown>> {
  if (input === undefined) return '.';
  const guarded = await guardPath(input, ctx);
  if (!guarded.ok) return { error: `cwd: ${guarded.error}` };
  const stat = await ctx.fs.stat(guarded.path);
  if (stat?.type !== 'directory') return { error: `cwd ${guarded.path} is not a folder of the workspace.` };
  return guarded.path;
}

/** `undefined` when the command may run; otherwise the response explaining why not. */
async function gate(command: string, cwd: string, ctx: ToolContext): Promise<Record<string, unknown> | undefined> {
  // Fail closed: a context without a gate has no one to ask and no policy to allow by.
  if (!ctx.commandGate) return { error: 'Refused: commands cannot run here (no one can approve them).' };
  const policy = ctx.commandGate.policy;
  // Judged inside the folder it runs in, by that folder's rules (one folder: the workspace itself).
  const scoped = ignoreOf(ctx).scope(cwd);
  if (!scoped) return { error: 'Refused: this workspace has several folders; give cwd, the folder to run in (a workspace folder or a folder inside one).' };
  const judged = judgeCommand(command, policy, { cwd: scoped.rel, paths: defaultPaths(policy.protectedFiles ?? [], scoped.filter) });
  if (judged.decision === 'allow') return undefined;
  if (judged.decision === 'deny') return { error: `Refused: ${judged.reason}` };
  const decision = await ctx.commandGate.approve({ command, cwd, reason: judged.reason, parts: judged.parts }, ctx.signal);
  ctx.signal.throwIfAborted();
  if (decision.approved) return undefined;
  return { error: `The user did not allow this command${decision.reason ? `: ${decision.reason}` : '.'}`, rejected: true };
}
