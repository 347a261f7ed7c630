/**
 * The chat panel's entry point. Messages from the extension are validated before they are acted
 * on; each message that changes the store is rendered at once (see `render`).
 */
import { type FromWebview, ToWebview } from '../src/shared/protocol';
import { Panel } from './panel';
import { ChatStore } from './store';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

interface SavedState {
  draft?: string;
}
const saved = (): SavedState => (vscode.getState() as SavedState | undefined) ?? {};

const store = new ChatStore();
const panel = new Panel(document.body, post, {
  get: () => saved().draft ?? '',
  set: (draft) => vscode.setState({ ...saved(), draft }),
});

/**
 * Renders as soon as a message has changed the store. Rendering is incremental (a chunk costs well
 * under a millisecond at any answer length, see the render-cost benchmark), so waiting for an
 * animation frame would only add up to 16 ms before a chunk is in the DOM; the browser still lays
 * out and paints once per frame.
 */
function render(): void {
  panel.render(store);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = ToWebview.safeParse(event.data);
  if (!parsed.success) {
    console.warn('Dropped an invalid message from the extension:', parsed.error.issues[0]?.message ?? 'unknown shape');
    return;
  }
  if (parsed.data.type === 'mentionSuggestions') panel.composer.showMentions(parsed.data.queryId, parsed.data.items);
  else if (store.receive(parsed.data)) render();
});

post({ type: 'ready' });
