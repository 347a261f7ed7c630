/**
 * Bytes to text for the tools. Binary files are recognised by a NUL byte near the start, as git
 * does. Text that is not UTF-8 is shown as Latin-1 (every byte is a character there), and tools
 * refuse to change it: writing it back as UTF-8 would silently change the file's encoding.
 */

const SNIFF_BYTES = 8192;

export type DecodedText = { kind: 'text'; text: string; utf8: boolean } | { kind: 'binary' };

export function isBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (isBinary(bytes)) return { kind: 'binary' };
  try {
    // ignoreBOM keeps a BOM in the text, so an edit writes it back.
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), utf8: true };
  } catch {
    return { kind: 'text', text: new TextDecoder('latin1').decode(bytes), utf8: false };
  }
}

/** The current text of a file that a tool is about to change, or why it cannot change it. */
export type Editable = { ok: true; text: string | undefined } | { ok: false; error: string };

export function editableText(path: string, bytes: Uint8Array | undefined): Editable {
  if (bytes === undefined) return { ok: true, text: undefined };
  const decoded = decodeText(bytes);
  if (decoded.kind === 'binary') return { ok: false, error: `${path} is a binary file; the agent only changes text files.` };
  if (!decoded.utf8) return { ok: false, error: `${path} is not UTF-8 text; the agent leaves it alone so its encoding is not changed.` };
  return { ok: true, text: decoded.text };
}
