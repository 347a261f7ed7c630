/**
 * MCP server configuration in VS Code's own format: `.vscode/mcp.json` (JSON with comments) and
 * the user setting `geminiAgent.mcp.servers`, both `{servers: {name: server}, inputs: [...]}`.
 * A stdio server is `{type?: "stdio", command, args?, env?, envFile?, cwd?}`, a URL server
 * `{type: "http" | "sse", url, headers?}`. `${input:id}` in any string value is replaced by the
 * answer to that input (asked once by the caller and kept in its secret store), `${env:NAME}`
 * by the environment and `${workspaceFolder}` by the folder the file belongs to.
 */
import { z } from 'zod';

const StringMap = z.record(z.string(), z.string());

const StdioServer = z.object({
  type: z.literal('stdio').optional(),
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).default({}),
  envFile: z.string().optional(),
  cwd: z.string().optional(),
});

const UrlServer = z.object({
  type: z.enum(['http', 'sse']),
  url: z.string().url(),
  headers: StringMap.default({}),
});

const Input = z.object({
  id: z.string().min(1),
  type: z.enum(['promptString', 'pickString']).default('promptString'),
  description: z.string().default(''),
  password: z.boolean().default(false),
  default: z.string().optional(),
  options: z.array(z.string()).optional(),
});

const ConfigFile = z.object({
  servers: z.record(z.string(), z.unknown()).default({}),
  inputs: z.array(Input).default([]),
});

export type McpInput = z.infer<typeof Input>;

/** Where a server's definition came from: workspace servers never start in Restricted Mode. */
export type ConfigSource = 'workspace' | 'user';

export type ServerSpec =
  | { kind: 'stdio'; command: string; args: string[]; env: Record<string, string>; envFile?: string; cwd?: string }
  | { kind: 'http' | 'sse'; url: string; headers: Record<string, string> };

export interface ServerConfig {
  name: string;
  source: ConfigSource;
  spec: ServerSpec;
}

export interface ParsedConfig {
  servers: ServerConfig[];
  inputs: McpInput[];
  /** Servers left out, with the reason in words (shown in the server list). */
  problems: Array<{ name: string; problem: string }>;
}

/** Parses one configuration (the file's text or the setting's value); never throws. */
export function parseMcpConfig(value: unknown, source: ConfigSource): ParsedConfig {
  let raw = value;
  if (typeof value === 'string') {
    try {
      raw = JSON.parse(stripJsonc(value));
    } catch (err) {
      return { servers: [], inputs: [], problems: [{ name: '(file)', problem: `not valid JSON: ${(err as Error).message}` }] };
    }
  }
  const file = ConfigFile.safeParse(raw ?? {});
  if (!file.success) return { servers: [], inputs: [], problems: [{ name: '(file)', problem: describe(file.error) }] };
  const servers: ServerConfig[] = [];
  const problems: ParsedConfig['problems'] = [];
  for (const [name, def] of Object.entries(file.data.servers)) {
    const spec = parseServer(def);
    if (typeof spec === 'string') problems.push({ name, problem: spec });
    else servers.push({ name, source, spec });
  }
  return { servers, inputs: file.data.inputs, problems };
}

function parseServer(def: unknown): ServerSpec | string {
  const isUrl = typeof def === 'object' && def !== null && ('url' in def || (def as { type?: unknown }).type === 'http' || (def as { type?: unknown }).type === 'sse');
  if (isUrl) {
    const r = UrlServer.safeParse(def);
    return r.success ? { kind: r.data.type, url: r.data.url, headers: r.data.headers } : describe(r.error);
  }
  const r = StdioServer.safeParse(def);
  if (!r.success) return describe(r.error);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.data.env)) if (v !== null) env[k] = String(v);
  return { kind: 'stdio', command: r.data.command, args: r.data.args, env, ...(r.data.envFile ? { envFile: r.data.envFile } : {}), ...(r.data.cwd ? { cwd: r.data.cwd } : {}) };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Merges configurations; a workspace server shadows a user server of the same name. */
export function mergeConfigs(...configs: ParsedConfig[]): ParsedConfig {
  const byName = new Map<string, ServerConfig>();
  for (const c of configs) for (const s of c.servers) if (!byName.has(s.name) || s.source === 'workspace') byName.set(s.name, s);
  return { servers: [...byName.values()], inputs: configs.flatMap((c) => c.inputs), problems: configs.flatMap((c) => c.problems) };
}

/** The `${input:id}` references in a server's definition, in order of first use. */
export function inputsUsed(spec: ServerSpec): string[] {
  const ids = new Set<string>();
  for (const s of specStrings(spec)) for (const m of s.matchAll(/\$\{input:([^}]+)\}/g)) ids.add(m[1]);
  return [...ids];
}

export interface Variables {
  inputs: Record<string, string>;
  env: Record<string, string | undefined>;
  workspaceFolder?: string;
}

/** The definition with variables replaced; throws naming an input that has no answer. */
export function resolveSpec(spec: ServerSpec, vars: Variables): ServerSpec {
  const sub = (s: string): string =>
    s.replace(/\$\{(input|env):([^}]+)\}|\$\{workspaceFolder\}/g, (_whole: string, kind: string | undefined, id: string | undefined) => {
      if (!kind) {
        if (vars.workspaceFolder === undefined) throw new Error('${workspaceFolder} is used outside a workspace');
        return vars.workspaceFolder;
      }
      if (kind === 'env') return vars.env[id!] ?? '';
      const v = vars.inputs[id!];
      if (v === undefined) throw new Error(`no value for \${input:${id}}`);
      return v;
    });
  const subMap = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, sub(v)]));
  if (spec.kind === 'stdio') {
    return { ...spec, command: sub(spec.command), args: spec.args.map(sub), env: subMap(spec.env), ...(spec.envFile ? { envFile: sub(spec.envFile) } : {}), ...(spec.cwd ? { cwd: sub(spec.cwd) } : {}) };
  }
  return { ...spec, url: sub(spec.url), headers: subMap(spec.headers) };
}

function specStrings(spec: ServerSpec): string[] {
  if (spec.kind === 'stdio') return [spec.command, ...spec.args, ...Object.values(spec.env), spec.envFile ?? '', spec.cwd ?? ''];
  return [spec.url, ...Object.values(spec.headers)];
}

/** The line the user approves before a workspace stdio server starts (unresolved, as written). */
export function launchLine(spec: ServerSpec): string {
  if (spec.kind !== 'stdio') return `${spec.kind.toUpperCase()} ${spec.url}`;
  const env = Object.entries(spec.env).map(([k, v]) => `${k}=${JSON.stringify(v)} `).join('');
  return `${env}${[spec.command, ...spec.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}${spec.cwd ? ` (in ${spec.cwd})` : ''}${spec.envFile ? ` (env file ${spec.envFile})` : ''}`;
}

/** Parses an env file (`NAME=value` lines, `#` comments, optional quotes). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    out[m[1]] = v;
  }
  return out;
}

/** JSON with comments and trailing commas → JSON (strings left as they are). */
export function stripJsonc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === ',' && /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*[}\]]/.test(text.slice(i + 1))) {
      // A trailing comma: dropped.
    } else out += c;
  }
  return out;
}
