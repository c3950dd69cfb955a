// The leak test: accounts whose secrets are unique markers, a full first sync of all three
// vendors' demo data and a few sends through the built web host, then a search for every marker
// (and every token the 7moor simulator issued) in the SQLite file with its WAL, every log line the
// host wrote (to stderr and to its log files), every IPC frame it sent or received, the
// diagnostics bundle a user would send, and the built renderer. Zero hits.
// The only place a secret may appear is the accounts.add request that carried it in.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppOutput } from '@shared/ipc/contract';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { startZhugeSimulator, type ZhugeSimulator } from '../../electron/main/vendors/zhuge/simulator';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';
import { connectToHost, waitUntil, type HostSocket } from '../helpers/host-socket';

const markers = {
  moor: `LEAKMARK-moor-${randomUUID()}`,
  youmi: `LEAKMARK-youmi-${randomUUID()}`,
  zhuge: `LEAKMARK-zhuge-${randomUUID()}`,
};

let moor: MoorSimulator;
let youmi: YoumiSimulator;
let zhuge: ZhugeSimulator;
let host: RunningHost;
let socket: HostSocket;
let framesFile: string;
const accountIds: string[] = [];

const invoke = <T>(method: string, input: unknown): Promise<T> => socket.invoke<T>(method, input);

/** Every secret the run handed out or issued: the three markers and every 7moor token. */
function secrets(): string[] {
  return [...new Set([...Object.values(markers), ...moor.secrets()])];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/** Which secrets a text holds; binary files are read byte for byte (the secrets are ASCII). */
function hits(text: string): string[] {
  return secrets().filter((s) => text.includes(s));
}

interface Frame {
  direction: 'in' | 'out';
  text: string;
}

function recordedFrames(): Frame[] {
  return readFileSync(framesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Frame);
}

function isAddRequest(frame: Frame): boolean {
  return frame.direction === 'in' && (JSON.parse(frame.text) as { method?: unknown }).method === 'accounts.add';
}

beforeAll(async () => {
  expect(existsSync(join(ROOT, 'out/renderer/index.html')), 'build first: npx electron-vite build').toBe(true);
  moor = await startMoorSimulator({ clientSecret: markers.moor, rateLimit: false });
  youmi = await startYoumiSimulator({ token: markers.youmi });
  zhuge = await startZhugeSimulator();
  zhuge.data.customers[0]!.token = markers.zhuge;

  framesFile = join(mkdtempSync(join(tmpdir(), 'wp-leak-frames-')), 'frames.jsonl');
  process.env.WORKPHONE_RECORD_FRAMES = framesFile;
  try {
    host = await startHostProcess(['--ephemeral-secrets', '--no-demo']);
  } finally {
    delete process.env.WORKPHONE_RECORD_FRAMES;
  }
  socket = await connectToHost(host);
});

afterAll(async () => {
  socket?.close();
  await host?.stop();
  await Promise.all([moor?.close(), youmi?.close(), zhuge?.close()]);
});

describe('no secret leaks', () => {
  it('configures the three accounts, syncs everything and sends, through the web host', { timeout: 240_000 }, async () => {
    const customer = zhuge.data.customers[0]!;
    const drafts = [
      { vendor: 'moor', label: '七陌', baseUrl: moor.url, settings: { clientId: moor.credentials.clientId }, clientSecret: markers.moor },
      { vendor: 'youmi', label: '友米', baseUrl: youmi.url, settings: { apiVersion: 'v2', wechatIds: youmi.operators.map((o) => String(o.wechatId)) }, token: markers.youmi },
      { vendor: 'zhuge', label: '诸葛', baseUrl: zhuge.url, settings: { userId: String(customer.id), uId: String(zhuge.data.radarUsers[0]!.id) }, token: markers.zhuge },
    ];
    for (const draft of drafts) {
      const added = await invoke<AppOutput<'accounts.add'>>('accounts.add', draft);
      accountIds.push(added.id);
      expect(await invoke<AppOutput<'accounts.test'>>('accounts.test', { id: added.id })).toMatchObject({ ok: true });
    }

    // The full first sync: every stream of every account has succeeded and left its backfill.
    await waitUntil(
      async () => {
        const status = await invoke<AppOutput<'sync.getStatus'>>('sync.getStatus', {});
        return (
          status.length === 3 &&
          status.every((a) => a.streams.length > 0 && a.streams.every((s) => s.lastSuccessAt !== undefined && s.phase !== 'backfill'))
        );
      },
      'the first sync of all three accounts',
      200_000,
    );

    for (const accountId of accountIds) {
      const page = await invoke<AppOutput<'inbox.listConversations'>>('inbox.listConversations', { accountId, limit: 5 });
      expect(page.items.length, `conversations of ${accountId}`).toBeGreaterThan(0);
    }

    // Sends: a Youmi reply, and a dial and a WeChat request through the agent's work phone.
    const conversations = await invoke<AppOutput<'inbox.listConversations'>>('inbox.listConversations', { accountId: accountIds[1], limit: 50 });
    const open = conversations.items.find((c) => !c.readOnly && c.capabilities.includes('text'));
    expect(open, 'a Youmi conversation that takes text').toBeDefined();
    await invoke('reply.send', { conversationId: open!.id, content: { kind: 'text', text: '您好，资料已发您，请查收' } });
    const agents = await invoke<AppOutput<'accounts.listAgents'>>('accounts.listAgents', { accountId: accountIds[0] });
    const me = agents.find((a) => a.phone && !moor.dataset.offlinePhones.includes(a.phone))!;
    await invoke('accounts.setMyWorkPhone', { accountId: accountIds[0], agentId: me.vendorId, phone: me.phone });
    await invoke('dial.call', { phone: '13912345678', source: 'manual' });
    await invoke('dial.addWeChat', { phone: '13912345678' });
    await waitUntil(async () => youmi.v2Sends().length > 0, 'the reply to reach Youmi', 30_000);
    expect(moor.dials).toHaveLength(1);
  });

  it('finds no secret in the diagnostics bundle, the database, its WAL, the logs, the IPC frames or the renderer bundle', async () => {
    expect(moor.secrets().length).toBeGreaterThanOrEqual(3);
    const diagnostics = await invoke<AppOutput<'app.exportDiagnostics'>>('app.exportDiagnostics', {});
    if (diagnostics.delivery !== 'download') throw new Error(`the web host delivered the diagnostics as ${diagnostics.delivery}`);
    expect(diagnostics.text).toContain('== Summary ==');
    expect(diagnostics.text).toContain('--- web-host.log ---');
    expect(diagnostics.text.match(/"hasSecret": true/g)).toHaveLength(3);
    expect(hits(diagnostics.text)).toEqual([]);

    const database = filesUnder(host.dataDir);
    expect(database.some((f) => f.endsWith('.sqlite-wal'))).toBe(true);
    expect(database.some((f) => f.endsWith('logs/web-host.log'))).toBe(true);
    for (const file of database) expect(hits(readFileSync(file).toString('latin1')), file).toEqual([]);

    expect(host.output()).toContain('WorkPhone Desk web:');
    expect(hits(host.output())).toEqual([]);

    const frames = recordedFrames();
    const adds = frames.filter(isAddRequest);
    // The recorder and the search work: the secrets are where the agent typed them in.
    expect(adds.map((f) => hits(f.text)).flat().sort()).toEqual(Object.values(markers).sort());
    const others = frames.filter((f) => !isAddRequest(f));
    expect(others.filter((f) => f.direction === 'out').length).toBeGreaterThan(20);
    expect(others.flatMap((f) => hits(f.text))).toEqual([]);

    const bundle = filesUnder(join(ROOT, 'out/renderer'));
    expect(bundle.length).toBeGreaterThan(0);
    for (const file of bundle) expect(hits(readFileSync(file).toString('latin1')), file).toEqual([]);
  });

  it('still finds none once the host has stopped and folded the WAL into the database', async () => {
    expect(await host.stop()).toBe(0);
    for (const file of filesUnder(host.dataDir)) expect(hits(readFileSync(file).toString('latin1')), file).toEqual([]);
    expect(hits(host.output())).toEqual([]);
  });
});
