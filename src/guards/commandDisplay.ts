/**
 * How a command line is shown to the person deciding whether it runs: every character that
 * would be invisible, or would make the line look like something else, is made visible — a
 * newline is ⏎ (it starts a second command), a tab ⇥, other control characters their control
 * picture (␀, ␛, …), invisible or look-alike-space Unicode `<U+200B>` — and the commands the judge
 * split it into are listed, so `npm test⏎touch X` cannot pass for `npm test touch X`.
 */
import { INVISIBLE } from './plainLine';

/** Characters this module uses as pictures, escaped when the command itself contains them. */
const PICTURES = /[\u2400-\u243f\u23ce\u21e5]/u;

export function visibleCommand(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (c === '\n') out += '⏎';
    else if (c === '\t') out += '⇥';
    else if (code < 0x20) out += String.fromCodePoint(0x2400 + code);
    else if (code === 0x7f) out += '␡';
    else if (INVISIBLE.test(c) || PICTURES.test(c)) out += `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
    else out += c;
  }
  return out;
}

/** The notification text for a command waiting for approval. */
export function approvalMessage(request: { command: string; cwd: string; reason: string; parts?: string[] }): string {
  const where = request.cwd === '.' ? 'the workspace folder' : visibleCommand(request.cwd);
  const parts = request.parts ?? [];
  const split =
    parts.length > 1
      ? ` It is ${parts.length} commands: ${parts.map((p, i) => `(${i + 1}) ${visibleCommand(p)}`).join(' ')}.`
      : parts.length === 1 && parts[0] !== request.command.trim()
        ? ` The command the shell runs: ${visibleCommand(parts[0])}.`
        : '';
  return `The agent wants to run: ${visibleCommand(request.command)} — in ${where}.${split} ${request.reason}`;
}
