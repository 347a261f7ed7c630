// Root hooks for the whole unit run (hooks outside any `describe` apply to every test): a request
// that the strict emulator refused, that no scenario turn expected and no test acknowledged, fails
// the run at its end, naming the test during which it happened. A product change that sends what
// the real API rejects cannot pass unnoticed behind a retry or an error message.
import { startedEmulators, type Rejection } from '../emulator';

const reported = new Set<string>();
const found: string[] = [];

function sweep(during: string): void {
  for (const [n, emu] of startedEmulators().entries()) {
    for (const r of emu.unexpectedRejections()) {
      const key = `${n}:${r.id}`;
      if (reported.has(key)) continue;
      reported.add(key);
      found.push(describeRejection(during, r));
    }
  }
}

export function describeRejection(during: string, r: Rejection): string {
  return `  during "${during}": ${r.method} ${r.path} → ${r.httpStatus} [${r.rule}] ${r.message.trim()}`;
}

afterEach(function () {
  sweep(this.currentTest?.fullTitle() ?? '(unknown test)');
});

after(function () {
  sweep('(after the last test)');
  if (found.length > 0) {
    throw new Error(`The strict Gemini emulator refused ${found.length} request(s) that no scenario expected (see test/emulator/README.md):\n${found.join('\n')}`);
  }
});
