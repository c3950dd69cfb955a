// "Copy image" and "Save as" from the message menu. The picture and the file live on the
// vendor's origin, which the page may draw but not read: main fetches them (media.* methods).
// The clipboard takes PNG only in Chromium, so any picture is redrawn as PNG first.
import type { Message } from '@shared/model';
import type { AppState } from '../state/app.svelte';
import { i18n } from '../i18n/i18n.svelte';
import { clickDownload } from '../ui/download';

function base64Bytes(data: string): Uint8Array<ArrayBuffer> {
  const text = atob(data);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

async function asPng(blob: Blob): Promise<Blob> {
  if (blob.type === 'image/png') return blob;
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas.convertToBlob({ type: 'image/png' });
}

export async function copyImage(app: AppState, url: string): Promise<void> {
  const s = i18n.strings.messageMenu;
  let png: Blob;
  try {
    const { contentType, data } = await app.client.invoke('media.fetchImage', { url });
    png = await asPng(new Blob([base64Bytes(data)], { type: contentType }));
  } catch (error) {
    app.notifyError(error);
    return;
  }
  try {
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
    app.notify('info', s.imageCopied);
  } catch {
    app.notify('error', s.copyFailed);
  }
}

/** The name the save dialog suggests: the file's own, else the address's last part, else a dated one. */
export function mediaFileName(message: Message, url: string): string {
  if (message.kind === 'file' && message.body.name?.trim()) return message.body.name.trim();
  let last: string;
  try {
    last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    last = '';
  }
  if (/\.[A-Za-z0-9]{1,8}$/.test(last)) return last;
  const stamp = new Date(message.sentAt).toISOString().slice(0, 10);
  const ext = message.kind === 'image' ? '.jpg' : message.kind === 'video' ? '.mp4' : '';
  return `${message.kind === 'image' ? '图片' : message.kind === 'video' ? '视频' : '文件'}-${stamp}${ext}`;
}

export async function saveMedia(app: AppState, message: Message, url: string): Promise<void> {
  const s = i18n.strings.messageMenu;
  try {
    const result = await app.client.invoke('media.saveAs', { url, name: mediaFileName(message, url) });
    if (result.outcome === 'saved') app.notify('info', s.saved);
    else if (result.outcome === 'download') {
      // Same origin, so the browser's own download flow takes the file (Content-Disposition names it).
      clickDownload(result.href);
    }
  } catch (error) {
    app.notifyError(error);
  }
}
