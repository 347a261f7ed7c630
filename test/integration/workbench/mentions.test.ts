import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { chatFrame, runCommand, workbench } from '../../host/workbench';
import { planTurn, textTurn } from '../scenarios';

/** Pastes a PNG drawn in the panel (a red square), the way a screenshot is pasted from the clipboard. */
async function pasteImage(frame: FrameLocator): Promise<void> {
  await frame.locator('[data-testid="input"]').evaluate(async (input) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.fillStyle = '#d33';
    ctx.fillRect(0, 0, 64, 48);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b as Blob), 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([blob], 'red-square.png', { type: 'image/png' }));
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
}

/** The generate requests' inline parts and user texts since the last load. */
function sent(): { images: string[]; text: string } {
  const { emulator } = workbench();
  const bodies = emulator.requests.filter((r) => r.path.includes('enerateContent')).map((r) => JSON.stringify(r.body));
  const images = emulator.requests.flatMap((r) => ((r.body as { contents?: Array<{ parts: Array<{ inlineData?: { mimeType: string; data: string } }> }> })?.contents ?? []).flatMap((c) => c.parts.flatMap((p) => (p.inlineData ? [`${p.inlineData.mimeType}:${p.inlineData.data.length > 100 ? 'bytes' : p.inlineData.data}`] : []))));
  return { images, text: bodies.join('\n') };
}

async function newChat(page: Page): Promise<FrameLocator> {
  await runCommand(page, 'Agent: New Chat');
  const frame = chatFrame(page);
  await frame.locator('[data-testid="input"]').click();
  return frame;
}

describe('mentions and images in the chat panel', function () {
  this.timeout(150_000);

  it('typing @ opens a list that filters as you type and closes on Escape; a picked file is sent with the request', async () => {
    const { page, emulator } = workbench();
    const frame = await newChat(page);
    const input = frame.locator('[data-testid="input"]');
    const list = frame.locator('[data-testid="mention-list"]');
    const items = frame.locator('[data-testid="mention-item"]');

    await input.pressSequentially('@');
    await list.waitFor({ state: 'visible', timeout: 15_000 });
    await items.filter({ hasText: 'math.ts' }).first().waitFor();
    assert.equal(await items.first().innerText(), '@problems\nCurrent problems (diagnostics)');
    await input.pressSequentially('pro');
    await frame.locator('[data-testid="mention-item"][data-kind="problems"]').waitFor();
    await items.filter({ hasText: 'math.ts' }).first().waitFor({ state: 'detached' });
    assert.equal(await items.count(), 1, 'only @problems matches "pro"');
    await input.press('Escape');
    await list.waitFor({ state: 'hidden' });

    // Keyboard: the best match comes first, Enter picks it (and does not send).
    await input.fill('');
    await input.pressSequentially('Explain @math');
    await frame.locator('[data-testid="mention-item"].active', { hasText: 'math.ts' }).waitFor({ timeout: 15_000 });
    await input.press('Enter');
    await list.waitFor({ state: 'hidden' });
    assert.equal(await input.inputValue(), 'Explain @src/math.ts ');
    // Mouse: a click on a row picks it.
    await input.pressSequentially('and @prob');
    await frame.locator('[data-testid="mention-item"][data-kind="problems"]').click();
    assert.equal(await input.inputValue(), 'Explain @src/math.ts and @problems ');

    await pasteImage(frame);
    await frame.locator('[data-testid="attachment"] img').waitFor({ timeout: 15_000 });

    emulator.load({ name: 'mentions', turns: [planTurn([{ id: '1', description: 'Explain math.ts' }], 'return values.reduce((sum, v) => sum + v, 0)'), textTurn(['`add` sums two numbers; the image is a red square.'])] });
    await input.press('Enter');
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'red square' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(emulator.unconsumedTurns(), 0);

    // The file's content and the image reached the emulator in the user message.
    const { images, text } = sent();
    assert.match(text, /Mentioned by the user[^"]*@src\/math\.ts \(file, 8 lines\)/);
    assert.match(text, /@problems/);
    assert.ok(images.length >= 1 && images.every((i) => i === 'image/png:bytes'), images.join(', '));

    // The sent message shows a chip per mention and the image's thumbnail; the input is empty again.
    const user = frame.locator('.item-user').last();
    const chip = user.locator('[data-testid="mention-chip"][data-kind="file"]');
    assert.match(await chip.innerText(), /math\.ts\s*8 lines, \d+ B/);
    await user.locator('[data-testid="mention-chip"][data-kind="problems"]').waitFor();
    const thumb = user.locator('[data-testid="message-image"]');
    await thumb.waitFor();
    assert.ok(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the thumbnail is drawn');
    assert.equal(await input.inputValue(), '');
    assert.equal(await frame.locator('[data-testid="attachment"]').count(), 0);
    await workbench().screenshot('mentions-and-image');

    // Clicking the file chip opens the file.
    await chip.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'math.ts' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'View: Close All Editors');
  });

  it('keeps the image after a window reload, and sends it again with the next request of that chat', async () => {
    const wb = workbench();
    await wb.reload();
    const frame = chatFrame(wb.page);
    const thumb = frame.locator('.item-user [data-testid="message-image"]').last();
    await thumb.waitFor({ timeout: 60_000 });
    assert.ok(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0));
    await frame.locator('.item-user [data-testid="mention-chip"][data-kind="file"]').last().waitFor();
    wb.emulator.load({ name: 'after-reload-image', turns: [planTurn([{ id: '1', description: 'Answer' }]), textTurn(['Still a red square.'])] });
    const input = frame.locator('[data-testid="input"]');
    await input.click();
    await input.fill('what colour was it?');
    await input.press('Enter');
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'Still a red square.' }).waitFor({ timeout: 30_000 });
    const { images } = sent();
    assert.ok(images.length >= 1 && images.every((i) => i === 'image/png:bytes'), `the stored bytes went out again: ${images.join(', ')}`);
  });

  it('refuses a file that is not an image Gemini reads, plainly', async () => {
    const { page } = workbench();
    const frame = await newChat(page);
    await frame.locator('[data-testid="input"]').evaluate((input) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array([66, 77, 0, 0])], 'old.bmp', { type: 'image/bmp' }));
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    const note = frame.locator('[data-testid="composer-note"]');
    await note.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await note.innerText(), /old\.bmp: image\/bmp is not an image Gemini reads: use PNG, JPEG, WebP or GIF\./);
    assert.equal(await frame.locator('[data-testid="attachment"]').count(), 0);
  });
});
