// Small node:http helpers shared by the model endpoints and the control API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

const maxBodyBytes = 64 * 1024 * 1024;

/** Reads the whole request body as UTF-8. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBodyBytes) req.destroy(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a body as JSON; the text itself when it is not JSON, undefined when empty. */
export function parseJson(text: string): { json: true; value: unknown } | { json: false; value: string | undefined } {
  if (text.trim() === '') return { json: false, value: undefined };
  try {
    return { json: true, value: JSON.parse(text) };
  } catch {
    return { json: false, value: text };
  }
}

/** Sends a JSON body with the content type the real API uses. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Waits `ms`; resolves false instead of throwing when `signal` aborts (the emulator is closing). */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return !signal.aborted;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Writes and waits for the socket to take the data, so chunks leave one by one. */
export function write(res: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    // A socket closed by the client may never call back: 'close' ends the wait too.
    const done = () => {
      res.off('close', done);
      resolve();
    };
    res.once('close', done);
    res.write(data, () => done());
  });
}
