/**
 * Deterministic, source-like text for the benchmarks: TypeScript-looking modules with imports,
 * interfaces, functions and comments. Identifiers carry a counter so that blocks of a few lines
 * are unique in a file, as in real code, and the edit matcher has one place to find.
 */

/** A small seeded PRNG (mulberry32), so every run generates the same workspace. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['user', 'order', 'cache', 'session', 'token', 'request', 'config', 'result', 'item', 'event', 'queue', 'buffer', 'record', 'index', 'filter', 'route'];
const VERBS = ['load', 'save', 'parse', 'render', 'update', 'fetch', 'build', 'check', 'merge', 'format', 'resolve', 'apply'];
const COMMENTS = [
  'Keep the order stable: callers rely on it when they diff two results.',
  'The server may send this field as a string; accept both.',
  'Retry once; a second failure is reported to the caller.',
  'Cheap check first, the expensive one only when it passes.',
  'Values are clamped because the UI cannot show negative counts.',
];

export class SourceGen {
  private n = 0;
  constructor(private readonly random: () => number) {}

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)];
  }

  /** One function of 6–14 lines with a unique name. */
  fn(): string[] {
    const id = this.n++;
    const noun = this.pick(WORDS);
    const name = `${this.pick(VERBS)}${noun[0].toUpperCase()}${noun.slice(1)}${id}`;
    const lines = [`/** ${this.pick(COMMENTS)} */`, `export function ${name}(${noun}: ${cap(noun)}Input, limit = ${10 + (id % 90)}): ${cap(noun)}Result {`];
    lines.push(`  const values = ${noun}.values.filter((v) => v.weight > ${id % 7});`);
    const body = 2 + Math.floor(this.random() * 8);
    for (let i = 0; i < body; i++) {
      const w = this.pick(WORDS);
      switch (Math.floor(this.random() * 4)) {
        case 0:
          lines.push(`  const ${w}${i} = values.map((v) => v.${w} ?? ${i}).slice(0, limit);`);
          break;
        case 1:
          lines.push(`  if (values.length > limit) {`, `    log.debug('${name}: ${w} over limit', values.length);`, `  }`);
          break;
        case 2:
          lines.push(`  for (const v of values) total${id} += v.${w}.length;`);
          break;
        default:
          lines.push(`  // ${this.pick(COMMENTS)}`);
      }
    }
    lines.push(`  return { name: '${name}', count: values.length, limit };`, '}', '');
    return lines;
  }

  /** A module of about `lineCount` lines. */
  module(lineCount: number): string {
    const lines = [`import { log } from '../log';`, `import type { ${cap(this.pick(WORDS))}Input } from './types';`, '', `let total${this.n} = 0;`, ''];
    while (lines.length < lineCount) lines.push(...this.fn());
    lines.length = lineCount;
    return lines.join('\n') + '\n';
  }
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
