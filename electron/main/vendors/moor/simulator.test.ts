// The simulator as 7moor: raw HTTP against it, for the behaviour the client never provokes
// because it checks its input first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMoorDemoDataset, tsMs } from './demo-data';
import { decodeMoorMessage } from './message-decoder';
import { SAMPLE_MESSAGE_TYPES } from './samples';
import { T0, startRig, type MoorRig } from './test-support';

let rig: MoorRig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

interface Reply {
  status: number;
  headers: Headers;
  json: { code: number; msg: string; statusCode?: number; data: Record<string, unknown> | null };
}

async function post(path: string, body: unknown = {}, query: Record<string, string> = {}): Promise<Reply> {
  const url = new URL(path, rig.sim.url);
  url.searchParams.set('timestamp', String(rig.clock.now()));
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Reply['json'] };
}

async function signIn(): Promise<{ accessToken: string; refreshToken: string }> {
  const reply = await post('/oauth/token/getToken', rig.sim.credentials);
  return reply.json.data as { accessToken: string; refreshToken: string };
}

async function api(path: string, body: unknown = {}): Promise<Reply> {
  const { accessToken } = await signIn();
  return post(path, body, { accessToken });
}

describe('simulator: tokens', () => {
  it('refuses wrong credentials, issues a pair for right ones', async () => {
    expect((await post('/oauth/token/getToken', { clientId: 'x', clientSecret: 'y' })).json).toEqual({ code: 0, msg: 'clientId或clientSecret错误', data: null });
    const tokens = await signIn();
    expect(tokens.accessToken).toMatch(/^[0-9A-F]{32}$/);
    expect(tokens.refreshToken).toMatch(/^[0-9A-F]{32}$/);
  });

  it('reToken: the same token before expiry, a new one after, refused after 30 days', async () => {
    const { accessToken, refreshToken } = await signIn();
    rig.clock.advance(3_600_000);
    expect((await post('/oauth/token/reToken', {}, { refreshToken })).json.data).toEqual({ accessToken });
    rig.clock.advance(2 * 3_600_000 + 1);
    expect((await post('/api/crm/getUsers', {}, { accessToken })).json).toEqual({ code: 0, msg: 'accessToken已失效', data: null });
    const renewed = (await post('/oauth/token/reToken', {}, { refreshToken })).json.data?.['accessToken'];
    expect(renewed).not.toBe(accessToken);
    expect((await post('/api/crm/getUsers', {}, { accessToken: String(renewed) })).json.code).toBe(1);
    rig.clock.advance(30 * 86_400_000);
    expect((await post('/oauth/token/reToken', {}, { refreshToken })).json.msg).toBe('refreshToken已失效，请重新获取token');
  });

  it('missing or unknown tokens, and a missing timestamp', async () => {
    expect((await post('/api/crm/getUsers')).json.msg).toBe('accessToken不能为空');
    expect((await post('/api/crm/getUsers', {}, { accessToken: 'NOPE' })).json.msg).toBe('accessToken无效');
    const response = await fetch(new URL('/api/crm/getUsers', rig.sim.url), { method: 'POST', body: '{}' });
    expect(await response.json()).toMatchObject({ code: 0, statusCode: 4005 });
  });

  it('expireTokensNow ends every access token', async () => {
    const { accessToken } = await signIn();
    rig.sim.expireTokensNow();
    expect((await post('/api/crm/getUsers', {}, { accessToken })).json.msg).toBe('accessToken已失效');
  });
});

describe('simulator: paging, times and limits', () => {
  it.each([
    ['/api/wechat/getWeMessageByPage', { page: 0, pageSize: 10 }],
    ['/api/wechat/getWeMessageByPage', { page: 501, pageSize: 10 }],
    ['/api/wechat/getWeContactByPage', { page: 1, pageSize: 101 }],
    ['/api/wechat/queryWeChatUserByPage', { page: 1 }],
    ['/api/device/call', { page: 1, pageSize: 501 }],
    ['/api/wechat/getWeChatRoomMemberByPage', { page: 1, pageSize: 10 }],
    ['/api/report/callDetail', { agentId: 'x', timeSet: 'late99' }],
    ['/api/crm/addCustomer', { name: '张三' }],
  ])('%s %j → 4005', async (path, body) => {
    const reply = await api(path, path.endsWith('callDetail') ? { ...body, agentId: rig.sim.dataset.agents[0]!._id } : body);
    expect(reply.json).toMatchObject({ code: 0, statusCode: 4005, data: null });
  });

  it('pages take numbers as strings, the doc example way', async () => {
    const reply = await api('/api/device/call', { page: '1', pageSize: '10' });
    expect(reply.json.code).toBe(1);
    expect((reply.json.data?.['list'] as unknown[]).length).toBe(10);
  });

  it('bad time format → 4017, span over a month → 4018, deep paging → 4019', async () => {
    expect((await api('/api/device/sms', { page: 1, pageSize: 10, start: '2024/06/01' })).json.statusCode).toBe(4017);
    expect((await api('/api/device/sms', { page: 1, pageSize: 10, start: '2024-05-01 00:00:00', end: '2024-06-20 00:00:00' })).json.statusCode).toBe(4018);
    expect((await api('/api/device/call', { page: 101, pageSize: 500 })).json.statusCode).toBe(4019);
  });

  it('lists come newest first; cfTs pages past a cursor', async () => {
    const { accessToken } = await signIn();
    const first = (await post('/api/wechat/getWeMessageByPage', { page: 1, pageSize: 100 }, { accessToken })).json.data?.['list'] as { ts: number }[];
    const times = first.map((m) => tsMs(m.ts));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const cursor = times[49]!;
    const next = (await post('/api/wechat/getWeMessageByPage', { page: 1, pageSize: 100, cfTs: cursor }, { accessToken })).json.data?.['list'] as { ts: number }[];
    expect(next.every((m) => tsMs(m.ts) < cursor)).toBe(true);
  });

  it('answers 429 with Retry-After over 20 calls a minute per endpoint, other endpoints unaffected', async () => {
    const { accessToken } = await signIn();
    for (let i = 0; i < 20; i++) expect((await post('/api/device/call', { page: 1, pageSize: 1 }, { accessToken })).status).toBe(200);
    const limited = await post('/api/device/call', { page: 1, pageSize: 1 }, { accessToken });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.json).toEqual({ code: 0, msg: '请求过于频繁，请稍后再试', data: null });
    expect((await post('/api/device/sms', { page: 1, pageSize: 1 }, { accessToken })).status).toBe(200);
    rig.clock.advance(60_000);
    expect((await post('/api/device/call', { page: 1, pageSize: 1 }, { accessToken })).status).toBe(200);
  });

  it('tenant modes: 4008 IP not whitelisted, 4009 not configured, for sign-in too', async () => {
    rig.sim.setMode('ipNotWhitelisted');
    expect((await post('/oauth/token/getToken', rig.sim.credentials)).json.statusCode).toBe(4008);
    rig.sim.setMode('notConfigured');
    expect((await post('/api/crm/getUsers')).json.statusCode).toBe(4009);
  });

  it('an unknown path is a 404', async () => {
    expect((await post('/api/crm/nothing')).status).toBe(404);
  });
});

describe('simulator: faults', () => {
  it('5xx, malformed, statusCode, drop, delay, each for `times` requests', async () => {
    const { accessToken } = await signIn();
    const url = new URL('/api/crm/getUsers', rig.sim.url);
    url.searchParams.set('timestamp', String(T0));
    url.searchParams.set('accessToken', accessToken);
    const send = () => fetch(url, { method: 'POST', body: '{}' });

    rig.sim.injectFault('api/crm/getUsers', { kind: '5xx', status: 503, times: 2 });
    expect((await send()).status).toBe(503);
    expect((await send()).status).toBe(503);
    expect((await send()).status).toBe(200);

    rig.sim.injectFault('/api/crm/getUsers', { kind: 'malformed' });
    await expect((await send()).json()).rejects.toThrow();

    rig.sim.injectFault('api/crm/getUsers', { kind: 'statusCode', statusCode: 4019 });
    expect(await (await send()).json()).toMatchObject({ code: 0, statusCode: 4019 });

    rig.sim.injectFault('api/crm/getUsers', { kind: 'drop' });
    await expect(send()).rejects.toThrow();

    rig.sim.injectFault('api/crm/getUsers', { kind: 'delay', ms: 30 });
    expect((await (await send()).json()) as { code: number }).toMatchObject({ code: 1 });
    expect(rig.sim.requestsTo('api/crm/getUsers').map((r) => r.outcome)).toEqual(['fault', 'fault', 'ok', 'fault', 'fault', 'fault', 'ok']);
  });
});

describe('simulator: CRM writes and dialing', () => {
  it('callPhone records the dial and the phone uploads a call; autoAddWx records the request', async () => {
    const { accessToken } = await signIn();
    const agent = rig.sim.dataset.agents[0]!;
    const calls = rig.sim.dataset.calls.length;
    expect((await post('/api/crm/callPhone', { callPhone: '13912345678', userPhone: agent.phone }, { accessToken })).json).toEqual({ code: 1, msg: '', data: {} });
    expect(rig.sim.dials).toEqual([{ callPhone: '13912345678', userPhone: agent.phone, at: T0 }]);
    expect(rig.sim.dataset.calls).toHaveLength(calls + 1);
    expect(rig.sim.dataset.calls.at(-1)).toMatchObject({ callType: 'out', contactTel: '13912345678', localTel: agent.phone });
    expect((await post('/api/crm/autoAddWx', { phone: '13912345678', userPhone: agent.phone }, { accessToken })).json.code).toBe(1);
    expect(rig.sim.weChatAdds).toHaveLength(1);
  });

  it('reports count the agent calls of today, 7 and 30 days', async () => {
    const agent = rig.sim.dataset.agents[2]!;
    const reply = await api('/api/report/callReport', { agentId: agent._id });
    expect(reply.json.data?.['late30']).toBe(rig.sim.dataset.calls.filter((c) => c.uid === agent._id).length);
    expect((await api('/api/report/callReport', { agentId: 'nobody' })).json.statusCode).toBe(4004);
  });
});

describe('demo data', () => {
  it('is deterministic for a seed and a now', () => {
    expect(buildMoorDemoDataset({ seed: 3, now: T0 })).toEqual(buildMoorDemoDataset({ seed: 3, now: T0 }));
    expect(buildMoorDemoDataset({ seed: 4, now: T0 }).customers[0]).not.toEqual(buildMoorDemoDataset({ seed: 3, now: T0 }).customers[0]);
  });

  it('has the team, customers, WeChat accounts, every message type, calls with every recording form, SMS', () => {
    const data = rig.sim.dataset;
    expect(data.agents.length).toBeGreaterThanOrEqual(5);
    expect(new Set(data.agents.map((a) => a.phone)).size).toBe(data.agents.length);
    expect(data.customers.length).toBeGreaterThanOrEqual(40);
    expect(data.customers.every((c) => /^1\d{10}$/.test(c.phone))).toBe(true);
    expect(data.accounts.length).toBeGreaterThanOrEqual(2);
    expect(data.contacts.some((c) => /1\d{10}/.test(c.nick))).toBe(true);
    expect(data.groups.length).toBeGreaterThan(0);
    expect(data.members.length).toBeGreaterThan(data.groups.length);

    const types = new Set(data.messages.map((m) => m.msgType));
    for (const type of SAMPLE_MESSAGE_TYPES) expect(types.has(type)).toBe(true);
    const times = data.messages.map((m) => tsMs(m.ts));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(T0 - 30 * 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(T0);
    expect(data.messages.some((m) => m.ts > 1e11) && data.messages.some((m) => m.ts < 1e11)).toBe(true);
    // The demo speaks only what the decoder understands.
    expect(data.messages.map((m) => decodeMoorMessage(m).content.kind)).not.toContain('unknown');

    const sounds = data.calls.map((c) => c.soundUrl);
    for (const sentinel of ['not_found', 'copy_fail', 'multiple_call_lose', '', undefined]) expect(sounds).toContain(sentinel);
    expect(sounds.some((s) => s?.startsWith('cf-workphone.'))).toBe(true);
    expect(sounds.some((s) => s?.startsWith('https://'))).toBe(true);
    expect(data.calls.some((c) => typeof c.duration === 'string')).toBe(true);
    expect(data.sms.length).toBeGreaterThan(0);
    expect(data.sms.every((s) => 'snedTime' in s)).toBe(true);
  });
});
