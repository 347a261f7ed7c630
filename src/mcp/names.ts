/**
 * Gemini function names for MCP tools: `mcp_<server>_<tool>` with every character the API does
 * not take (`[A-Za-z0-9_.:-]`) replaced by `_`. A name longer than 64 characters, or one two
 * different tools would share after that replacement, is cut and given an 8-hex hash of the exact
 * server and tool names instead, so the result depends only on the set of tools, never on order.
 */
import { createHash } from 'node:crypto';

const MAX = 64;

export interface ToolKey {
  server: string;
  tool: string;
}

function plain(k: ToolKey): string {
  return `mcp_${k.server}_${k.tool}`.replace(/[^A-Za-z0-9_.:-]/g, '_');
}

function hashed(k: ToolKey): string {
  const hash = createHash('sha256').update(`${k.server}\0${k.tool}`).digest('hex').slice(0, 8);
  return `${plain(k).slice(0, MAX - 9)}_${hash}`;
}

/** One name per tool, in the order given; unique and valid for the API. */
export function functionNames(keys: readonly ToolKey[]): string[] {
  const plainNames = keys.map(plain);
  const owners = new Map<string, Set<string>>();
  keys.forEach((k, i) => {
    const set = owners.get(plainNames[i]) ?? new Set<string>();
    set.add(`${k.server}\0${k.tool}`);
    owners.set(plainNames[i], set);
  });
  return keys.map((k, i) => {
    const name = plainNames[i];
    return name.length > MAX || (owners.get(name)?.size ?? 0) > 1 ? hashed(k) : name;
  });
}
