import * as assert from 'node:assert/strict';
import { renderWebviewHtml } from '../../src/vscode/webviewHtml';

type Webview = Parameters<typeof renderWebviewHtml>[0];
type Uri = Parameters<typeof renderWebviewHtml>[1];

class FakeUri {
  constructor(readonly path: string) {}
  with(change: { path?: string }): FakeUri {
    return new FakeUri(change.path ?? this.path);
  }
  toString(): string {
    return `file://${this.path}`;
  }
}

const CSP_SOURCE = 'https://*.vscode-cdn.net';
const webview = {
  cspSource: CSP_SOURCE,
  asWebviewUri: (uri: FakeUri) => ({ toString: () => `https://file%2B.vscode-resource.vscode-cdn.net${uri.path}` }),
} as unknown as Webview;
const extensionUri = new FakeUri('/ext/gemini') as unknown as Uri;

function csp(html: string): string {
  return /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
}

describe('webview: HTML shell', () => {
  it('allows only the nonce-tagged script and resources from the extension', () => {
    const html = renderWebviewHtml(webview, extensionUri);
    const policy = csp(html);
    const nonce = /script-src 'nonce-([^']+)'/.exec(policy)?.[1];
    assert.ok(nonce, policy);
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, new RegExp(`style-src ${CSP_SOURCE.replace(/[.*+]/g, '\\$&')}(;|$)`));
    assert.match(policy, /img-src \S+ data:/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], new RegExp(`nonce="${nonce.replace(/[+/]/g, '\\$&')}"`));
  });

  it('loads the bundle, the panel css and the codicons through the webview', () => {
    const html = renderWebviewHtml(webview, extensionUri);
    for (const path of ['/ext/gemini/dist/webview.js', '/ext/gemini/media/panel.css', '/ext/gemini/dist/codicons/codicon.css']) {
      assert.ok(html.includes(`https://file%2B.vscode-resource.vscode-cdn.net${path}`), path);
    }
    const rest = html.split('https://file%2B.vscode-resource.vscode-cdn.net').join('').split(CSP_SOURCE).join('');
    assert.doesNotMatch(rest, /https?:\/\//);
  });

  it('uses a fresh nonce each time', () => {
    const nonce = (html: string) => /nonce-([^']+)'/.exec(csp(html))?.[1];
    assert.notEqual(nonce(renderWebviewHtml(webview, extensionUri)), nonce(renderWebviewHtml(webview, extensionUri)));
  });
});
