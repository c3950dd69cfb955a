// The demo workspace over real HTTP: stable ports and data across restarts, media served, live
// traffic, and the token-guarded test hooks of the web host.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccountDraft } from '@shared/ipc/accounts';
import { MemorySecretStore } from '../secrets/secret-store';
import { openStore } from '../store';
import { MoorClient } from '../vendors/moor/client';
import { handleDemoControl } from './control';
import { demoStatePath } from './state';
import { startDemoSimulators, type DemoWorkspace } from './workspace';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.useRealTimers();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wp-demo-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string, options: { liveTraffic?: boolean; now?: () => number } = {}): Promise<DemoWorkspace> {
  const workspace = await startDemoSimulators({ dataDir, ...options });
  cleanups.push(() => workspace.close());
  return workspace;
}

async function get(url: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

describe('the demo workspace', () => {
  it('offers three valid demo accounts pointing at its simulators', async () => {
    const workspace = await start(tempDir());
    const drafts = workspace.demoAccountDrafts();
    expect(drafts.map((d) => d.label)).toEqual(['演示·七陌工作手机', '演示·友米企微/个微', '演示·诸葛雷达公众号']);
    for (const draft of drafts) expect(AccountDraft.safeParse(draft).success).toBe(true);
    expect(drafts.map((d) => d.baseUrl)).toEqual([workspace.urls.moor, workspace.urls.youmi, workspace.urls.zhuge]);
    // The 7moor draft signs in through the gateway.
    const secrets = new MemorySecretStore();
    const moorDraft = drafts[0]!;
    if (moorDraft.vendor !== 'moor') throw new Error('first draft is 7moor');
    await secrets.set('demo-moor', 'clientSecret', moorDraft.clientSecret);
    const client = new MoorClient({ accountId: 'demo-moor', clientId: moorDraft.settings.clientId, secrets, baseUrl: moorDraft.baseUrl });
    expect((await client.getAgents()).length).toBe(workspace.simulators.moor.dataset.agents.length);
  });

  it('serves the same tenants on the same ports after a restart, anchored where the folder says', async () => {
    const dir = tempDir();
    let clock = Date.UTC(2026, 0, 5, 3, 0, 0);
    const first = await start(dir, { now: () => clock });
    const anchor = first.anchorMs;
    const urls = first.urls;
    const messageIds = first.simulators.moor.dataset.messages.map((m) => m.id);
    const youmiRows = first.simulators.youmi.rows().map((r) => r.ad_chatting_id);
    const zhugeRows = first.simulators.zhuge.messages(first.zhugeCustomerId).map((m) => m.at);
    await first.close();
    clock += 3 * 86_400_000;
    const second = await start(dir, { now: () => clock });
    expect(second.anchorMs).toBe(anchor);
    expect(second.urls).toEqual(urls);
    expect(second.simulators.moor.dataset.messages.map((m) => m.id)).toEqual(messageIds);
    expect(second.simulators.youmi.rows().map((r) => r.ad_chatting_id)).toEqual(youmiRows);
    expect(second.simulators.zhuge.messages(second.zhugeCustomerId).map((m) => m.at)).toEqual(zhugeRows);
    expect(JSON.parse(readFileSync(demoStatePath(dir), 'utf8'))).toMatchObject({ version: 1, anchorMs: anchor });
  });

  it('serves a real picture and a real tone for the media the demo rows point at', async () => {
    const workspace = await start(tempDir());
    const image = workspace.simulators.moor.dataset.messages.find((m) => m.bigImgPath)!.bigImgPath!;
    expect(image.startsWith(`${workspace.urls.moor}/__media/moor/`)).toBe(true);
    const picture = await get(image);
    expect(picture).toMatchObject({ status: 200, type: 'image/png' });
    expect(picture.body.subarray(1, 4).toString('latin1')).toBe('PNG');
    const recording = workspace.simulators.moor.dataset.calls.find((c) => c.soundUrl?.startsWith('http'))!.soundUrl!;
    const tone = await get(recording);
    expect(tone).toMatchObject({ status: 200, type: 'audio/wav' });
    expect(tone.body.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(tone.body.subarray(8, 12).toString('latin1')).toBe('WAVE');
    // Zhuge's relative media paths resolve against the account's base URL.
    const voice = await get(`${workspace.urls.zhuge}/statics/zhugeleida/voice/gongzhonghao/customer_3_user_1_20240518_203011.mp3`);
    expect(voice.type).toBe('audio/wav');
    expect((await get(`${workspace.urls.zhuge}/statics/zhugeleida/video/chat/ro600-demo.mp4`)).status).toBe(404);
  });

  it('gives demo accounts their secrets and base URL back before sync', async () => {
    const dir = tempDir();
    const workspace = await start(dir);
    const store = openStore({ file: join(dir, 'cache.sqlite') });
    cleanups.push(() => store.close());
    store.accounts.upsert({ id: 'a-moor', vendor: 'moor', label: 'x', baseUrl: 'http://127.0.0.1:9', settings: { clientId: 'demo-client-id', demo: true } });
    store.accounts.upsert({ id: 'a-zhuge', vendor: 'zhuge', label: 'y', baseUrl: workspace.urls.zhuge, settings: { userId: '2', uId: '1' } });
    store.accounts.upsert({ id: 'mine', vendor: 'youmi', label: 'z', baseUrl: 'https://youmi.example.com', settings: { apiVersion: 'v2', wechatIds: ['1'] } });
    const secrets = new MemorySecretStore();
    expect(await workspace.repairDemoAccounts(store, secrets)).toBe(3);
    expect(store.accounts.get('a-moor')?.baseUrl).toBe(workspace.urls.moor);
    expect(await secrets.get('a-moor', 'clientSecret')).toBe(workspace.simulators.moor.credentials.clientSecret);
    expect(await secrets.get('a-zhuge', 'token')).toBe(workspace.simulators.zhuge.account(2).token);
    expect(await secrets.list('mine')).toEqual([]);
    expect(await workspace.repairDemoAccounts(store, secrets)).toBe(0);
  });

  it('appends customer messages, rotating vendors, and now and then a call or an SMS when live', async () => {
    const workspace = await start(tempDir(), { liveTraffic: false });
    const { moor, youmi, zhuge } = workspace.simulators;
    const before = { moor: moor.dataset.messages.length, youmi: youmi.rows().length, zhuge: zhuge.messages(2).length };
    expect(['moor', 'youmi', 'zhuge'].map(() => workspace.appendInbound().vendor)).toEqual(['moor', 'youmi', 'zhuge']);
    expect({ moor: moor.dataset.messages.length, youmi: youmi.rows().length, zhuge: zhuge.messages(2).length }).toEqual({
      moor: before.moor + 1,
      youmi: before.youmi + 1,
      zhuge: before.zhuge + 1,
    });
    expect(workspace.appendInbound({ vendor: 'zhuge', text: '你好' })).toEqual({ vendor: 'zhuge', kind: 'message', text: '你好' });
    expect(zhuge.messages(2).at(-1)).toMatchObject({ sendType: 2, content: { info_type: 1, msg: '你好' }, unread: true });

    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const live = await start(tempDir(), { liveTraffic: true });
    const counts = () => live.simulators.moor.dataset.messages.length + live.simulators.moor.dataset.calls.length + live.simulators.moor.dataset.sms.length + live.simulators.youmi.rows().length + live.simulators.zhuge.messages().length;
    const start0 = counts();
    vi.advanceTimersByTime(19_999);
    expect(counts()).toBe(start0);
    vi.advanceTimersByTime(10 * 40_000);
    expect(counts() - start0).toBeGreaterThanOrEqual(10);
  });
});

describe('the web host demo hooks', () => {
  async function hooks(workspace: DemoWorkspace): Promise<string> {
    const server: Server = createServer((req, res) => {
      if (!handleDemoControl(workspace, 'launch-token-123', req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('refuses without the launch token', async () => {
    const base = await hooks(await start(tempDir()));
    expect((await fetch(`${base}/__demo/requests`)).status).toBe(403);
    expect((await fetch(`${base}/__demo/requests?token=wrong`)).status).toBe(403);
    expect((await fetch(`${base}/__demo/inbound?token=launch-token-123-x`, { method: 'POST' })).status).toBe(403);
  });

  it('reports what the simulators received, without credentials', async () => {
    const workspace = await start(tempDir());
    const base = await hooks(workspace);
    const secrets = new MemorySecretStore();
    await secrets.set('m', 'clientSecret', workspace.simulators.moor.credentials.clientSecret);
    const client = new MoorClient({ accountId: 'm', clientId: workspace.simulators.moor.credentials.clientId, secrets, baseUrl: workspace.urls.moor });
    await client.callPhone({ callPhone: '13800138000', userPhone: workspace.simulators.moor.dataset.agents[0]!.phone });
    const response = await fetch(`${base}/__demo/requests?token=launch-token-123`);
    const text = await response.text();
    const records = JSON.parse(text) as { moor: { dials: { callPhone: string }[]; requests: { endpoint: string }[] } };
    expect(records.moor.dials).toEqual([expect.objectContaining({ callPhone: '13800138000' })]);
    expect(records.moor.requests.map((r) => r.endpoint)).toEqual(['oauth/token/getToken', 'api/crm/callPhone']);
    for (const secret of workspace.simulators.moor.secrets()) expect(text).not.toContain(secret);
  });

  it('injects a fault into a simulator endpoint, and appends an inbound message now', async () => {
    const workspace = await start(tempDir());
    const base = await hooks(workspace);
    const post = (path: string, body: unknown) => fetch(`${base}/__demo/${path}?token=launch-token-123`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('fault', { vendor: 'youmi', endpoint: 'v2.send', fault: { kind: '5xx' } })).status).toBe(200);
    const send = await fetch(`${workspace.urls.youmi}/v2/ChatMess/doSendPublicMes`, { method: 'POST', headers: { authorization: `Bearer ${workspace.simulators.youmi.token}` }, body: '{}' });
    expect(send.status).toBe(502);
    expect((await post('fault', { vendor: 'youmi', endpoint: 'nowhere', fault: { kind: '5xx' } })).status).toBe(400);
    const before = workspace.simulators.youmi.rows().length;
    const appended = await post('inbound', { vendor: 'youmi', text: '请问发货了吗' });
    expect(await appended.json()).toEqual({ appended: { vendor: 'youmi', kind: 'message', text: '请问发货了吗' } });
    expect(workspace.simulators.youmi.rows().length).toBe(before + 1);
    expect((await post('inbound', { vendor: 'nobody' })).status).toBe(400);
  });
});
