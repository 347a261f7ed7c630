import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { agentApi, EXTENSION_ID, loadScenario, emulatorStatus } from '../helpers';
import { onePlan, textTurn } from '../scenarios';

describe('extension in a real VS Code host', () => {
  it('activates and registers its commands', async () => {
    await agentApi();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['geminiAgent.executeRequest', 'geminiAgent.setApiKey', 'geminiAgent.askAboutSelection']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('streams an answer from the emulator into the chat through the real SDK', async () => {
    const api = await agentApi();
    api.chat.newChat();
    await loadScenario({ name: 'host-hello', turns: [onePlan('Say hi', 'say hi'), textTurn(['Hi ', 'from ', 'the host'])] });
    await vscode.commands.executeCommand('geminiAgent.executeRequest', 'say hi');
    await api.chat.idle();
    const answer = api.chat.state.items.find((i) => i.kind === 'assistant');
    assert.equal(answer?.kind === 'assistant' && answer.text, 'Hi from the host');
    assert.equal((await emulatorStatus()).unconsumedTurns, 0);
  });
});
