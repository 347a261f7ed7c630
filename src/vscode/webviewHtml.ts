/**
 * The chat panel's HTML shell: a strict Content-Security-Policy with a fresh nonce, the bundled
 * script and the styles, all loaded from the extension (never from the network). Only types come
 * from `vscode`, so a unit test can render it with a fake webview.
 */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

type WebviewLike = Pick<vscode.Webview, 'asWebviewUri' | 'cspSource'>;

export function renderWebviewHtml(webview: WebviewLike, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (...segments: string[]) => webview.asWebviewUri(extensionUri.with({ path: [extensionUri.path.replace(/\/$/, ''), ...segments].join('/') })).toString();
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(asset('dist', 'codicons', 'codicon.css'))}">
<link rel="stylesheet" href="${attr(asset('media', 'panel.css'))}">
<title>Gemini Agent</title>
</head>
<body>
<script nonce="${nonce}" src="${attr(asset('dist', 'webview.js'))}"></script>
</body>
</html>`;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}
