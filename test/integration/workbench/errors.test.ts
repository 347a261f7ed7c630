import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chatFrame, newChat, runCommand, sendRequest, workbench } from '../../host/workbench';
import { onePlan, textTurn } from '../scenarios';

const ACTIVATION = 'https://console.developers.google.com/apis/api/generativelanguage.googleapis.com/overview?project=123456789';

/** SSE bytes as the real API sends them, for endings the scenario format has no field for. */
const sse = (...events: object[]) => events.map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`).join('');
const textChunk = (text: string) => ({ candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }] });
const errorInfo = (reason: string, metadata: Record<string, string> = {}) => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com', ...metadata } });

/** Points the agent at another base URL and waits until the setting is in place. */
async function setBaseUrl(page: Page, command: string, url: string): Promise<void> {
  await runCommand(page, command);
  await page.locator('.notification-toast', { hasText: `Agent Test: base URL is ${url}` }).waitFor({ timeout: 15_000 });
}

async function ask(page: Page, text: string): Promise<void> {
  await newChat(page);
  await sendRequest(page, text);
}

/** The error notice of the run, once the run has ended as failed. */
async function failure(page: Page): Promise<string> {
  const frame = chatFrame(page);
  await frame.locator('[data-testid="run-end"][data-status="failed"]').waitFor({ timeout: 60_000 });
  return frame.locator('[data-testid="notice"][data-level="error"]').last().innerText();
}

/** The end-of-run line, once the run has ended as failed. */
async function failedEnd(page: Page): Promise<string> {
  const end = chatFrame(page).locator('[data-testid="run-end"][data-status="failed"]').last();
  await end.waitFor({ timeout: 60_000 });
  return end.innerText();
}

/** The panel still works: a normal request gets its answer. */
async function answersNext(page: Page): Promise<void> {
  const { emulator } = workbench();
  emulator.load({ name: 'next', turns: [onePlan('Answer'), textTurn(['Back to normal.'])] });
  await ask(page, 'still there?');
  await chatFrame(page).locator('[data-testid="assistant-text"]', { hasText: 'Back to normal.' }).waitFor({ timeout: 30_000 });
}

describe('errors in the chat panel', function () {
  this.timeout(120_000);

  it('says plainly that no API key is set, and offers to set one', async () => {
    const { page } = workbench();
    await runCommand(page, 'Agent Test: Hide Environment Key');
    try {
      await ask(page, 'hello');
      assert.match(await failure(page), /No Gemini API key is set/);
      const frame = chatFrame(page);
      await frame.locator('.banner [data-testid="set-key"]').waitFor({ timeout: 10_000 });
      // A new chat shows the onboarding page, whose button runs the set-key command.
      await frame.locator('[data-testid="new-chat"]').click();
      await frame.locator('.welcome', { hasText: 'Connect to Gemini' }).waitFor({ timeout: 10_000 });
      await frame.locator('.welcome [data-testid="set-key"]').click();
      const keyBox = page.locator('.quick-input-widget', { hasText: 'Gemini API Key' });
      await keyBox.waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Escape');
      await keyBox.waitFor({ state: 'hidden', timeout: 10_000 });
    } finally {
      await runCommand(page, 'Agent Test: Restore Environment Key');
    }
    await answersNext(page);
  });

  it('names the base URL it could not reach', async () => {
    const { page } = workbench();
    await setBaseUrl(page, 'Agent Test: Unreachable Base URL', 'http://127.0.0.1:9');
    try {
      await ask(page, 'hello');
      const frame = chatFrame(page);
      const retry = frame.locator('[data-testid="notice"][data-level="retry"]').last();
      await retry.waitFor({ timeout: 30_000 });
      assert.match(await retry.innerText(), /Could not reach the Gemini API at http:\/\/127\.0\.0\.1:9/);
      await frame.locator('[data-testid="stop"]').click();
      await frame.locator('[data-testid="run-end"][data-status="cancelled"]').waitFor({ timeout: 15_000 });
    } finally {
      await setBaseUrl(page, 'Agent Test: Emulator Base URL', workbench().emulator.baseUrl);
    }
    await answersNext(page);
  });

  it('shows the server\'s words for an HTTP 400', async () => {
    const { page, emulator } = workbench();
    emulator.load({ name: '400', turns: [{ error: { httpStatus: 400, status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.' } }] });
    await ask(page, 'hello');
    assert.match(await failure(page), /invalid argument/i);
    await answersNext(page);
  });

  it('gives up on repeated HTTP 500s with a clear message, and Retry sends the request again', async () => {
    const { page, emulator } = workbench();
    const outage = { error: { httpStatus: 500, status: 'INTERNAL', message: 'An internal error has occurred.', retryDelay: '0.2s' } };
    emulator.load({ name: '500', turns: [outage, outage, outage, outage, outage] });
    await ask(page, 'hello after an outage');
    assert.match(await failure(page), /server error \(HTTP 500\)/i);
    const frame = chatFrame(page);
    assert.equal(await frame.locator('[data-testid="notice"][data-level="retry"]').count(), 4);
    const retry = frame.locator('[data-testid="retry"]:visible');
    assert.equal(await retry.count(), 1);
    // The plan turn expects the failed request's text: the emulator answers 400 to anything else.
    emulator.load({ name: 'retried', turns: [onePlan('Answer', 'hello after an outage'), textTurn(['Second time lucky.'])] });
    await retry.click();
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'Second time lucky.' }).waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid="run-end"][data-status="completed"]').waitFor({ timeout: 30_000 });
    // The failed run's Retry is gone: it would now resend the newer request, not the one that failed.
    assert.equal(await frame.locator('[data-testid="retry"]:visible').count(), 0);
    await answersNext(page);
  });

  it('retries a stream cut mid-way and shows the whole answer once', async () => {
    const { page, emulator } = workbench();
    emulator.load({ name: 'cut', turns: [onePlan('Answer'), { chunks: [{ text: 'Half of it' }, { text: ' and more' }], dropConnectionAfterChunks: 1 }, textTurn(['The whole answer.'])] });
    await ask(page, 'hello');
    const frame = chatFrame(page);
    const retry = frame.locator('[data-testid="notice"][data-level="retry"]');
    await retry.waitFor({ timeout: 30_000 });
    assert.match(await retry.innerText(), /broke off.*retrying in/i);
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'The whole answer.' }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('[data-testid="assistant-text"]', { hasText: 'Half of it' }).count(), 0);
  });

  it('shows text Gemini blocked as withdrawn, struck through, and says why in plain words', async () => {
    const { page, emulator } = workbench();
    emulator.load({ name: 'blocked', turns: [onePlan('Answer'), { chunks: [{ text: 'The lyrics go like this: ' }, { text: 'first line, second line' }], finishReason: 'RECITATION' }] });
    await ask(page, 'sing me the song');
    assert.match(await failedEnd(page), /Gemini blocked its answer because it repeated existing material too closely \(RECITATION\)/);
    const frame = chatFrame(page);
    const withdrawn = frame.locator('[data-testid="withdrawn"]').last();
    assert.match(await withdrawn.innerText(), /Withdrawn: Gemini blocked this answer \(RECITATION\)/);
    const struck = withdrawn.locator('[data-testid="withdrawn-text"]');
    assert.equal(await struck.innerText(), 'The lyrics go like this: first line, second line');
    assert.match(await struck.evaluate((el) => getComputedStyle(el).textDecorationLine), /line-through/);
    assert.equal(await frame.locator('[data-testid="assistant-text"]', { hasText: 'The lyrics' }).count(), 0, 'the blocked text is not shown as the answer');
    await workbench().screenshot('response-withdrawn');
    await answersNext(page);
  });

  it('says the Gemini API is disabled for the key\'s project (HTTP 403 SERVICE_DISABLED), with Google\'s activation link', async () => {
    const { page, emulator } = workbench();
    const message = `Generative Language API has not been used in project 123456789 before or it is disabled. Enable it by visiting ${ACTIVATION} then retry.`;
    const details = [errorInfo('SERVICE_DISABLED', { activationUrl: ACTIVATION, consumer: 'projects/123456789' }), { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Google developers console API activation', url: ACTIVATION }] }];
    emulator.load({ name: '403-disabled', turns: [{ error: { httpStatus: 403, status: 'PERMISSION_DENIED', message, details } }] });
    await ask(page, 'hello');
    const text = await failure(page);
    assert.match(text, /The Generative Language API \(Gemini\) is disabled for the Google Cloud project of this API key\. Enable it on Google's activation page \(link below\)/);
    assert.doesNotMatch(text, /rejected the API key/);
    const link = chatFrame(page).locator('[data-testid="notice-link"]').last();
    assert.equal(await link.getAttribute('href'), ACTIVATION);
    assert.equal(await link.innerText(), "Open Google's activation page");
    assert.equal(await chatFrame(page).locator('[data-testid="retry"]:visible').count(), 0, 'trying again cannot help');
    await workbench().screenshot('response-403-disabled');
    await answersNext(page);
  });

  const plainErrors: Array<{ what: string; error: Record<string, unknown>; shows: RegExp }> = [
    { what: 'HTTP 403 API_KEY_SERVICE_BLOCKED', error: { httpStatus: 403, status: 'PERMISSION_DENIED', message: 'Requests to this API generativelanguage.googleapis.com are blocked.', details: [errorInfo('API_KEY_SERVICE_BLOCKED')] }, shows: /This API key is not allowed to call the Gemini API \(API_KEY_SERVICE_BLOCKED\)/ },
    { what: 'another HTTP 403', error: { httpStatus: 403, status: 'PERMISSION_DENIED', message: 'The caller does not have permission.' }, shows: /Gemini denied permission \(HTTP 403\): The caller does not have permission\./ },
    { what: 'HTTP 401', error: { httpStatus: 401, status: 'UNAUTHENTICATED', message: 'Request had invalid authentication credentials.' }, shows: /Gemini did not accept the credentials \(HTTP 401\)/ },
    { what: 'HTTP 400 FAILED_PRECONDITION', error: { httpStatus: 400, status: 'FAILED_PRECONDITION', message: 'User location is not supported for the API use.' }, shows: /Gemini cannot serve this request \(FAILED_PRECONDITION\): User location is not supported for the API use\./ },
    { what: 'HTTP 429 for a spent daily quota', error: { httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'You exceeded your current quota.', quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', retryDelay: '20s' }, shows: /daily Gemini quota for this key is used up \(free tier: requests per day/ },
  ];
  for (const { what, error, shows } of plainErrors) {
    it(`names ${what} in plain words, without retrying`, async () => {
      const { page, emulator } = workbench();
      emulator.load({ name: what, turns: [{ error } as never] });
      await ask(page, 'hello');
      assert.match(await failure(page), shows);
      assert.equal(await chatFrame(page).locator('[data-testid="notice"][data-level="retry"]').count(), 0);
    });
  }

  it('counts down a rate limit\'s wait in the notice, naming the quota, then answers', async () => {
    const { page, emulator } = workbench();
    const limited = { error: { httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'You exceeded your current quota.', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', retryDelay: '4s' } };
    emulator.load({ name: '429-minute', turns: [limited, onePlan('Answer', 'count me down'), textTurn(['After the wait.'])] });
    await ask(page, 'count me down');
    const frame = chatFrame(page);
    const notice = frame.locator('[data-testid="notice"][data-level="retry"]').last();
    await notice.waitFor({ timeout: 30_000 });
    assert.match(await notice.innerText(), /Gemini is rate limiting this key \(free tier: requests per minute .*\), retrying in [1-4] s \(retry 1 of 4\)/);
    // The number goes down while the wait lasts: it reaches 1 s before the request is sent again.
    await frame.locator('[data-testid="notice"][data-countdown="1"]', { hasText: 'retrying in 1 s' }).waitFor({ timeout: 10_000 });
    await workbench().screenshot('response-429-countdown');
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'After the wait.' }).waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid="notice"][data-countdown="0"]').waitFor({ timeout: 10_000 });
  });

  it('retries an answer that ends with a transient error object (503), saying so, and shows the whole answer once', async () => {
    const { page, emulator } = workbench();
    const broken = { raw: sse(textChunk('Half an '), { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } }) };
    emulator.load({ name: 'stream-503', turns: [onePlan('Answer'), broken, textTurn(['A whole answer.'])] });
    await ask(page, 'hello');
    const frame = chatFrame(page);
    const retry = frame.locator('[data-testid="notice"][data-level="retry"]').last();
    await retry.waitFor({ timeout: 30_000 });
    assert.match(await retry.innerText(), /Gemini stopped the answer with an error \(HTTP 503 UNAVAILABLE\): The model is overloaded\. Please try again later, retrying in/);
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'A whole answer.' }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('[data-testid="assistant-text"]', { hasText: 'Half an' }).count(), 0);
  });

  it('shows the status and message of an error object that ends a stream, and does not retry a 400', async () => {
    const { page, emulator } = workbench();
    const broken = { raw: sse(textChunk('Half an '), { error: { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' } }) };
    emulator.load({ name: 'stream-400', turns: [onePlan('Answer'), broken] });
    await ask(page, 'hello');
    assert.match(await failure(page), /Gemini stopped the answer with an error \(HTTP 400 INVALID_ARGUMENT\): Request contains an invalid argument\./);
    const frame = chatFrame(page);
    assert.equal(await frame.locator('[data-testid="notice"][data-level="retry"]').count(), 0);
    assert.match(await frame.locator('[data-testid="withdrawn"]').last().innerText(), /Withdrawn: the answer broke off with an error\s+Half an/);
  });

  it('shows the finishMessage of an answer that ended early (OTHER), and the task is not done', async () => {
    const { page, emulator } = workbench();
    const early = { raw: sse(textChunk('Working on it'), { candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'OTHER', finishMessage: 'The response was stopped for an internal reason.', index: 0 }] }) };
    emulator.load({ name: 'other', turns: [onePlan('Answer'), early] });
    await ask(page, 'hello');
    assert.match(await failedEnd(page), /task 1 \("Answer"\) failed — Gemini ended its answer early \(OTHER\): The response was stopped for an internal reason\./);
    const frame = chatFrame(page);
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'Gemini ended its answer early (OTHER): The response was stopped for an internal reason.' }).waitFor({ timeout: 10_000 });
    assert.equal(await frame.locator('[data-testid="plan-task"][data-status="failed"]').count(), 1);
  });

  it('asks again once after a malformed function call, then stops with a plain message', async () => {
    const { page, emulator } = workbench();
    const malformed = { raw: sse({ candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'Malformed function call: read_file(path=', index: 0 }] }) };
    emulator.load({ name: 'malformed', turns: [onePlan('Answer'), malformed, { ...malformed, expect: { textIncludes: 'could not be read (malformed arguments)' } }] });
    await ask(page, 'hello');
    assert.match(await failedEnd(page), /Gemini sent a function call that could not be read twice in a row \(MALFORMED_FUNCTION_CALL\), even after a hint\. Gemini said: "Malformed function call: read_file\(path="/);
    assert.match(await chatFrame(page).locator('[data-testid="notice"][data-level="retry"]').last().innerText(), /could not be read; asking again/);
    await answersNext(page);
  });
});
