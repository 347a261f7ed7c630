/**
 * Turns a pasted, dropped or picked file into an image Gemini takes: a GIF is redrawn as PNG (the
 * API refuses image/gif), a large image is scaled down and re-encoded as JPEG, and a small
 * thumbnail is made for the input and the sent message. The limits come from src/shared.
 */
import { imageRefusal, MAX_IMAGE_BYTES, type ImageUpload } from '../src/shared/attachments';

/** Longest side kept for a large image: Gemini scales images down to tiles of 768 anyway. */
const MAX_SIDE = 3072;
const SHRINK_SIDE = 2048;
const THUMB_SIDE = 160;

export async function prepareImage(file: File, already: readonly ImageUpload[]): Promise<ImageUpload | string> {
  const early = imageRefusal(file.type, 0, already.map(bytesOf));
  if (early) return early;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return `${file.name || 'The image'} could not be read as an image.`;
  }
  try {
    let mimeType = file.type as ImageUpload['mimeType'] | 'image/gif';
    let data = await base64Of(file);
    const large = file.size > MAX_IMAGE_BYTES || Math.max(bitmap.width, bitmap.height) > MAX_SIDE;
    if (large) {
      mimeType = 'image/jpeg';
      data = stripPrefix(draw(bitmap, SHRINK_SIDE).toDataURL('image/jpeg', 0.85));
    } else if (mimeType === 'image/gif') {
      mimeType = 'image/png';
      data = stripPrefix(draw(bitmap, Math.max(bitmap.width, bitmap.height), false).toDataURL('image/png'));
    }
    const upload: ImageUpload = { mimeType: mimeType as ImageUpload['mimeType'], data, name: file.name || 'pasted image', thumb: draw(bitmap, THUMB_SIDE).toDataURL('image/jpeg', 0.7) };
    return imageRefusal(upload.mimeType, bytesOf(upload).bytes, already.map(bytesOf)) ?? upload;
  } finally {
    bitmap.close();
  }
}

export function bytesOf(u: { data: string }): { bytes: number } {
  const pad = u.data.endsWith('==') ? 2 : u.data.endsWith('=') ? 1 : 0;
  return { bytes: Math.floor((u.data.length * 3) / 4) - pad };
}

function draw(bitmap: ImageBitmap, maxSide: number, opaque = true): HTMLCanvasElement {
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d');
  if (ctx) {
    // JPEG has no transparency: a white ground, not black.
    if (opaque) {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
    }
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  }
  return canvas;
}

function stripPrefix(dataUrl: string): string {
  return dataUrl.slice(dataUrl.indexOf(',') + 1);
}

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(stripPrefix(String(reader.result)));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
