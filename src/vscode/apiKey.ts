/** The Gemini API key: in SecretStorage, or GEMINI_API_KEY in the environment. Never in settings. */
import * as vscode from 'vscode';

const SECRET = 'geminiAgent.apiKey';

export class ApiKeyStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly env: NodeJS.ProcessEnv) {
    secrets.onDidChange((e) => e.key === SECRET && this.changed.fire());
  }

  async get(): Promise<string | undefined> {
    return (await this.secrets.get(SECRET)) || this.env.GEMINI_API_KEY?.trim() || undefined;
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(SECRET, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET);
  }

  /** Asks for the key in a password box; `preset` lets scripts and tests pass it directly. */
  async prompt(preset?: unknown): Promise<boolean> {
    const key = typeof preset === 'string' ? preset : await vscode.window.showInputBox({
      title: 'Gemini API Key',
      prompt: 'Paste your Gemini API key (from Google AI Studio). It is kept in VS Code\'s secret storage.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length < 10 ? 'That does not look like an API key.' : undefined),
    });
    if (!key?.trim()) return false;
    await this.set(key);
    return true;
  }
}
