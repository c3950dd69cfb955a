// What a message page carries over IPC when a customer sends megabytes: the hostile conversation
// (electron/main/vendors/youmi/hostile.ts) served by the real Youmi simulator, decoded by the real
// decoder into a real SQLite file, read back through the real router.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppOutput } from '@shared/ipc/contract';
import type { Result } from '@shared/ipc/define';
import type { Message } from '@shared/model';
import { createAppCore, type AppCore } from '../../electron/main/app/core';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { FIELD_BUDGET, messageForIpc, messageTextSlice, RAW_BUDGET, TEXT_BUDGET, URL_BUDGET } from '../../electron/main/services/message-budget';
import { HUGE_TEXT_LENGTH, seedHostileConversation, type HostileConversation } from '../../electron/main/vendors/youmi/hostile';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { cacheYoumiChats } from '../helpers/youmi-cache';

let core: AppCore;
let youmi: YoumiSimulator;
let hostile: HostileConversation;
/** The stored messages of the hostile conversation, in the simulator's order. */
let stored: Message[];
let page: AppOutput<'inbox.listMessages'>;

async function call<T = unknown>(method: string, input: unknown): Promise<T> {
  const result = (await core.router.invoke(method, input)) as Result<T>;
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value;
}

async function refused(method: string, input: unknown): Promise<string> {
  const result = (await core.router.invoke(method, input)) as Result<unknown>;
  expect(result.ok, `${method} ${JSON.stringify(input)} should be refused`).toBe(false);
  return result.ok ? '' : result.error.code;
}

/** Reads a whole text back the way the bubble does: slice after slice from where the last ended. */
async function readAll(id: number, part: 'text' | 'raw', limit: number): Promise<string> {
  let text = '';
  for (;;) {
    const slice = await call<AppOutput<'inbox.getMessageText'>>('inbox.getMessageText', { id, part, offset: text.length, limit });
    expect(slice.offset).toBe(text.length);
    text += slice.text;
    if (slice.text === '' || text.length >= slice.total) return text;
  }
}

/** No half of a surrogate pair without its other half. */
const wellFormed = (text: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

beforeAll(async () => {
  youmi = await startYoumiSimulator({ seed: 7, demo: false });
  hostile = seedHostileConversation(youmi, { call: '__ran' });
  core = await createAppCore({ host: 'web', dataDir: mkdtempSync(join(tmpdir(), 'wp-budget-')), secrets: new MemorySecretStore() });
  const { store } = core.context;
  cacheYoumiChats(store, youmi);
  const conversation = store.conversations.page({}, { limit: 10 }).items.find((c) => c.vendorConversationId.endsWith(hostile.fansKey))!;
  page = await call('inbox.listMessages', { conversationId: conversation.id, limit: 200 });
  stored = page.items.map((m) => store.messages.get(m.id)!);
}, 60_000);

afterAll(async () => {
  await core?.close();
  await youmi?.close();
});

const huge = () => stored[hostile.rows.findIndex((r) => r.label === 'text-huge')]!;

describe('a message page over IPC', () => {
  it('stores every hostile message whole, and carries none of them whole when it is over budget', () => {
    expect(page.items).toHaveLength(hostile.rows.length);
    expect(huge().text.length).toBe(HUGE_TEXT_LENGTH);
    // The 1 MB text, a 500,000-character title, a 100,000-character notice and their payloads: a few hundred kB in all.
    const stored_ = JSON.stringify(stored).length;
    const carried = JSON.stringify(page).length;
    console.info(`hostile conversation: ${page.items.length} messages, ${stored_} characters stored as JSON, ${carried} on the page`);
    expect(stored_).toBeGreaterThan(3_000_000);
    expect(carried).toBeLessThan(400_000);
    for (const m of page.items) {
      const body = m.body as Record<string, unknown>;
      expect(m.text.length, m.kind).toBeLessThanOrEqual(TEXT_BUDGET);
      expect(m.raw.length, m.kind).toBeLessThanOrEqual(RAW_BUDGET);
      for (const [key, value] of Object.entries(body)) {
        if (typeof value === 'string') expect(value.length, `${m.kind}.${key}`).toBeLessThanOrEqual(key === 'text' ? TEXT_BUDGET : /url$/i.test(key) ? URL_BUDGET : FIELD_BUDGET);
      }
    }
  });

  it('says what was cut, and leaves a message under budget exactly as stored', () => {
    const carried = page.items.find((m) => m.id === huge().id)!;
    expect(carried.truncated).toEqual({ textLength: HUGE_TEXT_LENGTH, rawLength: huge().raw.length });
    expect(huge().text.startsWith(carried.text)).toBe(true);
    const small = stored.filter((m) => JSON.stringify(m).length < 3 * FIELD_BUDGET);
    expect(small.length).toBeGreaterThan(5);
    for (const m of small) expect(page.items.find((c) => c.id === m.id)).toEqual(m);
  });

  it('hands out the rest of a text and of a raw payload slice by slice, equal to what is stored', async () => {
    expect(await readAll(huge().id, 'text', 100_000)).toBe(huge().text);
    expect(await readAll(huge().id, 'raw', 100_000)).toBe(huge().raw);
    const beyond = await call<AppOutput<'inbox.getMessageText'>>('inbox.getMessageText', { id: huge().id, offset: 5_000_000 });
    expect(beyond).toEqual({ text: '', offset: HUGE_TEXT_LENGTH, total: HUGE_TEXT_LENGTH });
  });

  it('never cuts between the two halves of an emoji, on the page or in a slice', async () => {
    const emoji = stored[hostile.rows.findIndex((r) => r.label === 'text-emoji')]!;
    expect(emoji.text.length).toBe(8000);
    const carried = page.items.find((m) => m.id === emoji.id)!;
    expect(carried.text.length % 2).toBe(0);
    expect(wellFormed(carried.text)).toBe(true);
    // Odd offsets and limits: each slice starts and ends on a whole emoji, and together they are the text.
    const odd = await call<AppOutput<'inbox.getMessageText'>>('inbox.getMessageText', { id: emoji.id, offset: 3, limit: 7 });
    expect(odd.offset).toBe(2);
    expect(odd.text).toBe('😀😀😀');
    expect(await readAll(emoji.id, 'text', 101)).toBe(emoji.text);
  });

  it('refuses an unknown message and bad slices, and changes nothing', async () => {
    expect(await refused('inbox.getMessageText', { id: 999_999 })).toBe('NOT_FOUND');
    for (const input of [{ id: huge().id, limit: 0 }, { id: huge().id, limit: 100_001 }, { id: huge().id, offset: -1 }, { id: huge().id, part: 'body' }, { id: 0 }, { id: huge().id, extra: 1 }]) {
      expect(await refused('inbox.getMessageText', input)).toBe('VALIDATION');
    }
    expect(core.context.store.messages.get(huge().id)).toEqual(huge());
  });
});

describe('messageForIpc', () => {
  it('drops a link longer than a browser would open instead of cutting it into another address', () => {
    const link = messageForIpc({ ...huge(), kind: 'link', body: { url: `https://shop.example/${'a'.repeat(URL_BUDGET)}`, title: '商品' }, text: '商品', raw: '{}' } as unknown as Message);
    expect(link.body).toEqual({ title: '商品' });
    expect(link.truncated).toBeUndefined();
  });

  it('cuts a long title with an ellipsis, on a whole character', () => {
    const title = `${'😀'.repeat(FIELD_BUDGET)}`;
    const link = messageForIpc({ ...huge(), kind: 'link', body: { url: 'https://shop.example/x', title }, text: '商品', raw: '{}' } as unknown as Message);
    const cut = (link.body as { title: string }).title;
    expect(cut.length).toBeLessThanOrEqual(FIELD_BUDGET);
    expect(cut.endsWith('…')).toBe(true);
    expect(wellFormed(cut)).toBe(true);
  });

  it('slices from a stored message without parting a pair at either end', () => {
    const m = { ...huge(), text: '😀a😀', body: { text: '😀a😀' } } as unknown as Message;
    expect(messageTextSlice(m, 'text', 1, 1)).toEqual({ text: '😀', offset: 0, total: 5 });
    expect(messageTextSlice(m, 'text', 2, 2)).toEqual({ text: 'a', offset: 2, total: 5 });
    expect(messageTextSlice(m, 'text', 3, 1)).toEqual({ text: '😀', offset: 3, total: 5 });
  });
});
