/**
 * A tiny extension placed beside the one under test: on startup it runs the in-host mocha suites
 * (test/integration/index.js) inside the real extension host, which writes results to a file.
 */
export const DRIVER_ID = 'gca-test.agent-test-driver-0.0.1';

export const driverExtension = {
  id: DRIVER_ID,
  files: {
    'package.json': JSON.stringify({
      name: 'agent-test-driver',
      publisher: 'gca-test',
      version: '0.0.1',
      engines: { vscode: '^1.90.0' },
      activationEvents: ['onStartupFinished'],
      main: './extension.js',
    }),
    'extension.js': `
exports.activate = function () {
  const entry = process.env.AGENT_TEST_ENTRY;
  if (!entry) return;
  setTimeout(() => {
    Promise.resolve().then(() => require(entry).run()).catch((err) => console.error('[agent-test-driver]', err));
  }, 0);
};
exports.deactivate = function () {};
`,
  },
};
