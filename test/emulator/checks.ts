// What the emulator verifies about an incoming generate request: that its body is a
// GenerateContentRequest, that it matches the turn's `expect`, and that every function call the
// emulator sent with a thoughtSignature comes back with that signature, as newer models demand.
import { z } from 'zod';
import type { Expect } from './scenario';
import type { WireContent } from './wire';

const requestSchema = z.looseObject({
  contents: z.array(z.looseObject({
    role: z.string().optional(),
    parts: z.array(z.record(z.string(), z.unknown())),
  })).min(1, 'contents must not be empty'),
});

export type GenerateRequest = z.infer<typeof requestSchema>;

/** Parses a generate request body, or returns the reason it is not one. */
export function parseGenerateRequest(body: unknown): { ok: true; request: GenerateRequest } | { ok: false; error: string } {
  const r = requestSchema.safeParse(body);
  if (r.success) return { ok: true, request: r.data };
  return { ok: false, error: r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') };
}

// The user side of the conversation (a "function" role is refused by rules/contents.ts first).
function lastUserContent(contents: WireContent[]): WireContent | undefined {
  for (let i = contents.length - 1; i >= 0; i--) if (contents[i].role !== 'model') return contents[i];
  return undefined;
}

const textOf = (parts: Record<string, unknown>[]): string => parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');

/** Returns why the request does not match `expect`, or undefined when it does. */
export function checkExpect(expect: Expect | undefined, contents: WireContent[]): string | undefined {
  if (!expect) return undefined;
  if (expect.firstUserTextIncludes !== undefined) {
    const text = textOf(contents.find((c) => c.role !== 'model')?.parts ?? []);
    if (!text.includes(expect.firstUserTextIncludes)) {
      return `expected the first user content to include ${JSON.stringify(expect.firstUserTextIncludes)}, got ${JSON.stringify(text.slice(0, 200))}`;
    }
  }
  const last = lastUserContent(contents);
  const parts = last?.parts ?? [];
  if (expect.textIncludes !== undefined) {
    const text = textOf(parts);
    if (!text.includes(expect.textIncludes)) {
      return `expected the last user content to include ${JSON.stringify(expect.textIncludes)}, got ${JSON.stringify(text.slice(0, 200))}`;
    }
  }
  if (expect.functionResponseNames !== undefined) {
    const names = parts.flatMap((p) => {
      const fr = p.functionResponse as { name?: unknown } | undefined;
      return fr && typeof fr.name === 'string' ? [fr.name] : [];
    });
    const want = [...new Set(expect.functionResponseNames)].sort();
    const got = [...new Set(names)].sort();
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      return `expected functionResponse parts named [${want.join(', ')}], got [${got.join(', ')}]`;
    }
  }
  return undefined;
}

// Key order in args may change on the client's round trip; the call's identity must not.
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function callKey(fc: unknown): string | undefined {
  if (fc === null || typeof fc !== 'object') return undefined;
  const { name, args } = fc as { name?: unknown; args?: unknown };
  return typeof name === 'string' ? `${name}:${stableJson(args ?? {})}` : undefined;
}

/** Remembers the signatures sent with function calls and checks they come back. */
export class SignatureBook {
  private readonly sent = new Map<string, Set<string>>();

  /** Records the signed function-call parts just sent to the client. */
  record(parts: Record<string, unknown>[]): void {
    for (const p of parts) {
      const key = callKey(p.functionCall);
      if (key === undefined || typeof p.thoughtSignature !== 'string') continue;
      const set = this.sent.get(key) ?? new Set<string>();
      set.add(p.thoughtSignature);
      this.sent.set(key, set);
    }
  }

  /** Returns the first model turn part that dropped or altered its signature, described like the real API does. */
  check(contents: WireContent[]): string | undefined {
    for (const [ci, c] of contents.entries()) {
      if (c.role !== 'model') continue;
      for (const [pi, p] of (c.parts ?? []).entries()) {
        const key = callKey(p.functionCall);
        const signatures = key === undefined ? undefined : this.sent.get(key);
        if (!signatures) continue;
        const name = (p.functionCall as { name: string }).name;
        const where = `function call \`${name}\` at contents[${ci}].parts[${pi}]`;
        if (typeof p.thoughtSignature !== 'string') {
          return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly (${where}; the emulator sent it with signature ${JSON.stringify([...signatures][0])}).`;
        }
        if (!signatures.has(p.thoughtSignature)) return `Corrupted thought signature (${where}).`;
      }
    }
    return undefined;
  }
}
