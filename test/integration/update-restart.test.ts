// "Restart to update" never cuts a send short and never loses a reply or a draft: the real app
// core (router, SQLite file, outbox, Youmi simulator over HTTP) with the update service checking
// a real feed server; only the download and the install are the web host's rehearsal, as
// electron-updater cannot run here.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '@shared/ipc/define';
import type { UpdateStatus } from '@shared/ipc/update';
import { createAppCore, type AppCore } from '../../electron/main/app/core';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { createUpdateRehearsal } from '../../electron/main/update/rehearsal';
import { decodeYoumiV2Row } from '../../electron/main/vendors/youmi/decoder';
import { youmiV2ReplyKinds } from '../../electron/main/vendors/youmi/send';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { latestYml, startUpdateFeedServer, type UpdateFeedServer } from '../helpers/update-feed-server';

let core: AppCore;
let youmi: YoumiSimulator;
let feed: UpdateFeedServer;
const secrets = new MemorySecretStore();
const dataDir = mkdtempSync(join(tmpdir(), 'wp-update-'));
const rehearsal = createUpdateRehearsal();
const events: UpdateStatus[] = [];

async function call<T = unknown>(method: string, input: unknown): Promise<T> {
  const result = (await core.router.invoke(method, input)) as Result<T>;
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value;
}

const status = () => call<UpdateStatus>('update.getStatus', {});

beforeAll(async () => {
  youmi = await startYoumiSimulator();
  feed = await startUpdateFeedServer();
  feed.put('latest-linux.yml', latestYml('9.1.0', ["releaseNotes: '更快的同步'"]));
  core = await createAppCore({ host: 'web', dataDir, secrets });
  core.bus.on('update.onDidChangeStatus', (s) => events.push(s));
  const { store } = core.context;
  store.accounts.upsert({ id: 'youmi-1', vendor: 'youmi', label: '友米', baseUrl: youmi.url, settings: { apiVersion: 'v2', wechatIds: youmi.operators.map((o) => String(o.wechatId)) } });
  await secrets.set('youmi-1', 'token', youmi.token);
  const messages = youmi.rows().map(decodeYoumiV2Row);
  store.applyMessagePage({
    accountId: 'youmi-1',
    vendor: 'youmi',
    messages,
    conversations: [...new Set(messages.map((m) => m.conversationKey))].map((conversationKey) => ({ conversationKey, kind: 'direct' as const, capabilities: youmiV2ReplyKinds(0) })),
    countsAsUnread: false,
  });
  core.updates.attach({ engine: rehearsal.engine, fetch, builtFeed: { url: feed.url, channel: 'latest' }, platform: 'linux', arch: 'x64', osRelease: '6.1.0', stagingId: '00000000-0000-4000-8000-000000000001' });
});

afterAll(async () => {
  await core?.close();
  await youmi?.close();
  await feed?.close();
});

describe('restart to update', () => {
  it('is not applicable in a core the Electron entry did not attach', async () => {
    const web = await createAppCore({ host: 'web', dataDir: mkdtempSync(join(tmpdir(), 'wp-update-web-')), secrets: new MemorySecretStore() });
    const result = (await web.router.invoke('update.getStatus', {})) as Result<UpdateStatus>;
    expect(result).toMatchObject({ ok: true, value: { phase: 'notApplicable', reason: 'web' } });
    const refused = (await web.router.invoke('update.checkNow', {})) as Result<unknown>;
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect(await web.router.invoke('desktop.getHealth', {})).toEqual({ ok: true, value: { applicable: false } });
    await web.close();
  });

  it('refuses a bad update address through IPC and keeps the one it had', async () => {
    const refused = (await core.router.invoke('update.setFeedUrl', { url: 'javascript:alert(1)' })) as Result<unknown>;
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const plain = (await core.router.invoke('update.setFeedUrl', { url: 'http://updates.example.com/' })) as Result<unknown>;
    expect(plain).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { reason: 'notHttps' } } });
    expect((await status()).feed).toMatchObject({ source: 'build', url: feed.url });
  });

  it('checks now, downloads, and offers the restart over IPC with events', async () => {
    await call('update.checkNow', {});
    await expect.poll(async () => (await status()).phase, { timeout: 10_000 }).toBe('ready');
    expect(await status()).toMatchObject({ phase: 'ready', release: { version: '9.1.0', notes: '更快的同步' } });
    expect(events.map((e) => e.phase)).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']));
  });

  it('waits for the reply on its way, holds the next one in the outbox, saves drafts, and only then installs', async () => {
    const conversation = (await call<{ items: { id: number }[] }>('inbox.listConversations', { accountId: 'youmi-1', limit: 1 })).items[0]!;
    const sendsBefore = youmi.v2Sends().length;
    const requestsBefore = youmi.requestCount('v2.send');
    youmi.injectFault('v2.send', { kind: 'delay', delayMs: 1500 });
    const first = await call<{ id: number }>('reply.send', { conversationId: conversation.id, content: { kind: 'text', text: '合同稍后发您' } });
    await expect.poll(() => youmi.requestCount('v2.send')).toBe(requestsBefore + 1);

    const installing = await call<UpdateStatus>('update.restartToUpdate', {});
    expect(installing).toMatchObject({ phase: 'installing', step: 'waitingForSends', sending: 1 });
    const second = await call<{ id: number }>('reply.send', { conversationId: conversation.id, content: { kind: 'text', text: '重启期间发的' } });
    await call('reply.saveDraft', { conversationId: conversation.id, text: '还没写完的话' });

    await expect.poll(async () => {
      const s = await status();
      return s.phase === 'installing' ? s.step : s.phase;
    }, { timeout: 10_000 }).toBe('savingDrafts');
    expect(core.context.store.messages.get(first.id)?.status).toBe('sent');
    await call('update.confirmDraftsSaved', {});
    await expect.poll(async () => {
      const s = await status();
      return s.phase === 'installing' ? s.step : s.phase;
    }, { timeout: 10_000 }).toBe('restarting');

    // The reply written during the restart was held: the vendor got the first one only.
    expect(youmi.v2Sends().length).toBe(sendsBefore + 1);
    expect(core.context.store.messages.get(second.id)?.status).toBe('pending');
    const record = await installs();
    expect(record).toBe(1);

    // The restart: a new process on the same files sends the held reply, and the draft is there.
    await core.close();
    core = await createAppCore({ host: 'web', dataDir, secrets });
    await expect.poll(() => core.context.store.messages.get(second.id)?.status, { timeout: 10_000 }).toBe('sent');
    expect(youmi.v2Sends().length).toBe(sendsBefore + 2);
    expect(await call('reply.getDraft', { conversationId: conversation.id })).toEqual({ text: '还没写完的话' });
  });
});

/** How many installs the rehearsal recorded, read the way the e2e test reads it. */
async function installs(): Promise<number> {
  const server = createServer((req, res) => {
    if (!rehearsal.handle('token-1', req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const refused = await fetch(`http://127.0.0.1:${port}/__test/update/record?token=wrong`);
  expect(refused.status).toBe(403);
  const answer = (await (await fetch(`http://127.0.0.1:${port}/__test/update/record?token=token-1`)).json()) as { installs: number };
  await new Promise((resolve) => server.close(resolve));
  return answer.installs;
}
