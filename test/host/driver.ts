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
      // It must also run in the Restricted Mode pass.
      capabilities: { untrustedWorkspaces: { supported: true } },
      main: './extension.js',
      contributes: {
        commands: [
          { command: 'agentTest.lightTheme', title: 'Agent Test: Light Theme' },
          { command: 'agentTest.darkTheme', title: 'Agent Test: Dark Theme' },
          { command: 'agentTest.hideKey', title: 'Agent Test: Hide Environment Key' },
          { command: 'agentTest.restoreKey', title: 'Agent Test: Restore Environment Key' },
          { command: 'agentTest.unreachableUrl', title: 'Agent Test: Unreachable Base URL' },
          { command: 'agentTest.emulatorUrl', title: 'Agent Test: Emulator Base URL' },
          { command: 'agentTest.nextStepsOn', title: 'Agent Test: Next Steps On' },
          { command: 'agentTest.nextStepsOff', title: 'Agent Test: Next Steps Off' },
          { command: 'agentTest.completeOn', title: 'Agent Test: Autocomplete On' },
          { command: 'agentTest.completeOff', title: 'Agent Test: Autocomplete Off' },
        ],
      },
    }),
    'extension.js': `
exports.activate = function (context) {
  // Workbench suites switch themes through these, the way a setting change would.
  const vscode = require('vscode');
  // The palette does not wait for a command: a notice tells the test the setting is in place.
  const baseUrl = async (url) => {
    await vscode.workspace.getConfiguration('geminiAgent').update('apiBaseUrl', url, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage('Agent Test: base URL is ' + url);
  };
  const setting = (section, key, value) => async () => {
    await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage('Agent Test: ' + section + '.' + key + ' is ' + value);
  };
  const theme = (id) => () => vscode.workspace.getConfiguration('workbench').update('colorTheme', id, vscode.ConfigurationTarget.Global);
  context.subscriptions.push(
    vscode.commands.registerCommand('agentTest.lightTheme', theme('Default Light Modern')),
    vscode.commands.registerCommand('agentTest.darkTheme', theme('Default Dark Modern')),
    // The extension host is one process: the agent reads the same environment.
    vscode.commands.registerCommand('agentTest.hideKey', () => { delete process.env.GEMINI_API_KEY; }),
    vscode.commands.registerCommand('agentTest.restoreKey', () => { process.env.GEMINI_API_KEY = 'test-key'; }),
    vscode.commands.registerCommand('agentTest.unreachableUrl', () => baseUrl('http://127.0.0.1:9')),
    vscode.commands.registerCommand('agentTest.emulatorUrl', () => baseUrl(process.env.AGENT_EMULATOR_URL)),
    vscode.commands.registerCommand('agentTest.nextStepsOn', setting('geminiAgent.nextSteps', 'enabled', true)),
    vscode.commands.registerCommand('agentTest.nextStepsOff', setting('geminiAgent.nextSteps', 'enabled', false)),
    vscode.commands.registerCommand('agentTest.completeOn', setting('geminiAgent.complete', 'enabled', true)),
    vscode.commands.registerCommand('agentTest.completeOff', setting('geminiAgent.complete', 'enabled', false)),
  );
  const entry = process.env.AGENT_TEST_ENTRY;
  // A window reload restarts the extension host: the suites ran once already.
  const results = process.env.AGENT_TEST_RESULTS;
  if (!entry || (results && require('fs').existsSync(results))) return;
  setTimeout(() => {
    Promise.resolve().then(() => require(entry).run()).catch((err) => console.error('[agent-test-driver]', err));
  }, 0);
};
exports.deactivate = function () {};
`,
  },
};
