import * as assert from 'node:assert/strict';
import { commandEnv } from '../../src/guards/commandEnv';
import { toModelError } from '../../src/model/errors';
import { redactSecrets } from '../../src/model/redact';

const KEY = 'AIzaSyA1234567890abcdefghijklmnopqrstu';

describe('redactSecrets', () => {
  it('changes nothing the second time, also in text written around a redacted part', () => {
    assert.equal(redactSecrets('Bad thing near key=[redacted].'), 'Bad thing near key=[redacted].');
    assert.equal(redactSecrets('x-goog-api-key: [redacted].'), 'x-goog-api-key: [redacted].');
  });

  it('replaces a key in a header, once and cleanly', () => {
    assert.equal(redactSecrets(`{"x-goog-api-key": "${KEY}"}`), '{"x-goog-api-key": "[redacted]"}');
    assert.equal(redactSecrets(`x-goog-api-key: ${KEY}`), 'x-goog-api-key: [redacted]');
  });

  it('replaces key= values in URLs and in plain text', () => {
    assert.equal(redactSecrets('GET /v1beta/models?key=abc123&alt=sse'), 'GET /v1beta/models?key=[redacted]&alt=sse');
    assert.equal(redactSecrets('bad key=s3cr3t-value given'), 'bad key=[redacted] given');
    assert.equal(redactSecrets('api_key=zzz'), 'api_key=[redacted]');
    assert.equal(redactSecrets('monkey=banana'), 'monkey=banana', 'only whole words');
  });

  it('replaces anything shaped like a Google API key, and the caller\'s own key whatever its shape', () => {
    assert.equal(redactSecrets(`API key not valid: ${KEY}.`), 'API key not valid: [redacted key].');
    assert.equal(redactSecrets('proxy said: token sk-proxy-0123456789 refused', ['sk-proxy-0123456789']), 'proxy said: token [redacted key] refused');
    assert.equal(redactSecrets('a short word', ['a']), 'a short word', 'too short to be a key');
  });
});

describe('toModelError keeps the key out of its message', () => {
  it('for a gateway that echoes a key of any shape in its error text', () => {
    const secret = 'gw-7f3c9a1e5b2d4c6e';
    const err = Object.assign(new Error(`[GoogleGenerativeAI Error]: Error fetching from http://gw/v1beta: [401 Unauthorized] token ${secret} is not valid`), { status: 401 });
    const message = toModelError(err, { baseUrl: 'http://gw', model: 'm', apiKey: secret }).message;
    assert.ok(!message.includes(secret), message);
  });

  it('for an error that is not an HTTP status', () => {
    const message = toModelError(new Error(`unexpected reply for key=${KEY}`), { baseUrl: 'http://gw', model: 'm', apiKey: KEY }).message;
    assert.match(message, /^Gemini request failed: unexpected reply for key=\[redacted\]$/);
  });
});

describe('commandEnv', () => {
  it('runs commands without the Gemini key, non-interactive and without colours', () => {
    const env = commandEnv({ PATH: '/usr/bin', GEMINI_API_KEY: KEY, HOME: '/home/u' });
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/home/u', CI: '1', FORCE_COLOR: '0' });
  });
});
