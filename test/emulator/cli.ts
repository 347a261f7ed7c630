// `npm run emulator -- --scenario FILE [--port N]`: runs the emulator in its own process, for
// manual runs of the extension and for out-of-process tests driving it through /__emulator/*.
import { startEmulator } from './index';
import { loadScenarioFile, ScenarioError, type Scenario } from './scenario';

const usage = 'usage: emulator [--scenario FILE] [--port N]';

function parseArgs(argv: string[]): { scenario?: string; port: number } {
  const out: { scenario?: string; port: number } = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--help' || flag === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (flag === '--scenario' && value) {
      out.scenario = value;
      i++;
    } else if (flag === '--port' && value && /^\d+$/.test(value)) {
      out.port = Number(value);
      i++;
    } else {
      throw new Error(`unexpected argument ${JSON.stringify(flag)}\n${usage}`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const scenario: Scenario | undefined = args.scenario ? loadScenarioFile(args.scenario) : undefined;
  const emulator = await startEmulator({ scenario, port: args.port, log: (line) => console.log(line) });
  console.log(`Gemini emulator listening on ${emulator.baseUrl}`);
  console.log(emulator.baseUrl);
  if (scenario) console.log(`scenario "${scenario.name}": ${scenario.turns.length} turn(s)${scenario.loop ? ', starting over after the last' : ''}`);
  const stop = () => {
    const left = emulator.unconsumedTurns();
    const failures = emulator.failures();
    if (left > 0) console.log(`${left} turn(s) not consumed`);
    for (const f of failures) console.log(`failure (request ${f.requestIndex}): ${f.message}`);
    for (const r of emulator.unexpectedRejections()) console.log(`refused as the real API would (${r.rule}): ${r.method} ${r.path}: ${r.message.trim()}`);
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof ScenarioError ? e.message : `emulator: ${(e as Error).message}`);
  process.exit(2);
});
