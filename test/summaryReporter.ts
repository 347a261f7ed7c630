/** Mocha's spec reporter plus one closing line, `unit: N passed, N failed`, that CI sums up. */
import Mocha from 'mocha';

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
    runner.once('end', () => console.log(`unit: ${passed} passed, ${failed} failed`));
  }
}

export = SummaryReporter;
