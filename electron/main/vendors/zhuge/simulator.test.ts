// The simulator against raw HTTP, so its answers are checked as the vendor sends them and not
// through our own client.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chinaLocalToEpochMs } from './decoder';
import { buildZhugeDemoData } from './demo-data';
import { zhugeRandStr } from './sign';
import { formatChinaLocal, startZhugeSimulator, type ZhugeSimulator } from './simulator';
import { ZHUGE_PATHS } from './wire';

let sim: ZhugeSimulator;
const NOW = Date.UTC(2024, 5, 1, 4, 0, 0);

beforeEach(async () => {
  sim = await startZhugeSimulator({ data: buildZhugeDemoData({ now: NOW, seed: 3 }), now: () => NOW });
});
afterEach(() => sim.close());

function signed(params: Record<string, string | number>, customerId = 1, timestamp = 1_537_514_281_502): URLSearchParams {
  const token = sim.account(customerId).token;
  return new URLSearchParams({
    user_id: String(customerId),
    timestamp: String(timestamp),
    rand_str: zhugeRandStr(timestamp, token),
    ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
  });
}

async function getJson(path: string, query: URLSearchParams): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}/${path}?${query}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Zhuge simulator', () => {
  it('answers a bad signature with HTTP 200 and code 400 "token异常", on every endpoint', async () => {
    for (const path of [ZHUGE_PATHS.latest, ZHUGE_PATHS.history, ZHUGE_PATHS.unreadCount]) {
      const query = signed({ u_id: 1 });
      query.set('rand_str', '0'.repeat(32));
      expect(await getJson(path, query)).toEqual({ status: 200, body: { code: 400, msg: 'token异常', data: {}, note: {} } });
    }
    const post = await fetch(`${sim.url}/${ZHUGE_PATHS.sendMessage}?user_id=1&timestamp=1&rand_str=x`, { method: 'POST', body: 'u_id=1' });
    expect(await post.json()).toMatchObject({ code: 400 });
  });

  it('does not check how old the timestamp is, like the vendor', async () => {
    const { body } = await getJson(ZHUGE_PATHS.unreadCount, signed({ u_id: 1 }, 1, 1_000));
    expect(body.code).toBe(200);
  });

  it('answers missing form fields as Django does: 402 on getmsg, history and send_msg, 302 on query_num', async () => {
    const missing = { u_id: [{ message: 'This field is required.', code: 'required' }] };
    expect((await getJson(ZHUGE_PATHS.latest, signed({}))).body).toMatchObject({ code: 402, msg: '请求异常', data: missing });
    expect((await getJson(ZHUGE_PATHS.history, signed({}))).body).toMatchObject({ code: 402, data: missing });
    expect((await getJson(ZHUGE_PATHS.history, signed({ u_id: 1, length: 'ten' }))).body).toMatchObject({
      code: 402,
      data: { length: [{ message: '页显示数量类型错误', code: 'invalid' }] },
    });
    expect((await getJson(ZHUGE_PATHS.unreadCount, signed({}))).body).toMatchObject({ code: 302, data: missing });
    const post = await fetch(`${sim.url}/${ZHUGE_PATHS.sendMessage}?${signed({})}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'u_id=1',
    });
    const body = (await post.json()) as { code: number; data: Record<string, unknown> };
    expect(body.code).toBe(402);
    expect(Object.keys(body.data).sort()).toEqual(['content', 'send_type']);
  });

  it('stores a customer message from send_msg, and content that is not JSON crashes the view (HTTP 500) as json.loads would', async () => {
    const post = (body: string) =>
      fetch(`${sim.url}/${ZHUGE_PATHS.sendMessage}?${signed({})}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const ok = await post(new URLSearchParams({ u_id: '1', send_type: '2', content: '{"info_type":1,"msg":"你好"}' }).toString());
    expect(await ok.json()).toEqual({ code: 200, msg: 'send msg successful', data: {}, note: {} });
    expect(sim.messages(1).at(-1)).toMatchObject({ sendType: 2, unread: true, content: { info_type: 1, msg: '你好' }, at: NOW });
    const broken = await post(new URLSearchParams({ u_id: '1', send_type: '2', content: 'not json' }).toString());
    expect(broken.status).toBe(500);
  });

  it('shapes rows like the doc: getmsg with user_avator, the history with user_avatar, from_user_name and is_first_info', async () => {
    const latest = await getJson(ZHUGE_PATHS.latest, signed({ u_id: 1 }));
    const latestRows = (latest.body.data as { ret_data: Record<string, unknown>[] }).ret_data;
    expect(latestRows[0]).toHaveProperty('user_avator');
    expect(latestRows[0]).toMatchObject({ customer_id: 1, user_id: 1, customer: '_zzz จุ๊บ', is_first_info: false });
    const history = await getJson(ZHUGE_PATHS.history, signed({ u_id: 1, current_page: 1, length: 0 }));
    const data = history.body.data as { ret_data: Record<string, unknown>[]; mingpian_phone: string; wechat: string };
    expect(data.ret_data[0]).toMatchObject({ is_first_info: true, from_user_name: '_zzz จุ๊บ' });
    expect(data.ret_data[0]).toHaveProperty('user_avatar');
    expect(data.ret_data.slice(1).every((r) => r.is_first_info === false)).toBe(true);
    expect(data.mingpian_phone).toBe('18932674288');
  });

  it('writes dateTime as China local time the way Django does, and the decoder reads it back', () => {
    expect(formatChinaLocal(1_537_514_281_548)).toBe('2018-09-21T15:18:01.548');
    expect(formatChinaLocal(Date.UTC(2018, 8, 21, 7, 18, 1))).toBe('2018-09-21T15:18:01');
    for (const m of sim.messages()) expect(chinaLocalToEpochMs(formatChinaLocal(m.at))).toBe(m.at);
  });

  it('getmsg returns only unread rows and clears them; the history clears the whole conversation', async () => {
    expect(sim.unreadCount(2)).toBe(2);
    const first = await getJson(ZHUGE_PATHS.latest, signed({ u_id: 1 }, 2));
    expect((first.body.data as { ret_data: unknown[] }).ret_data).toHaveLength(2);
    const second = await getJson(ZHUGE_PATHS.latest, signed({ u_id: 1 }, 2));
    expect(second.body).toMatchObject({ code: 200, msg: '没有得到实时聊天信息', data: { ret_data: [], data_count: 0 } });
    sim.appendInbound({ customerId: 2, content: { info_type: 1, msg: 'a' } });
    sim.appendAgentReply({ customerId: 2, content: { info_type: 1, msg: 'b' } });
    await getJson(ZHUGE_PATHS.history, signed({ u_id: 1, current_page: 1, length: 1 }, 2));
    expect(sim.unreadCount(2)).toBe(0);
  });

  it('applies faults once each unless told otherwise, then answers normally', async () => {
    sim.injectFault('query_num', { kind: '5xx', status: 503, times: 2 });
    sim.injectFault('query_num', { kind: 'code', code: 302 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${sim.url}/${ZHUGE_PATHS.unreadCount}?${signed({ u_id: 1 })}`)).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
    expect(sim.requests().map((r) => r.vendorCode)).toEqual([undefined, undefined, 302, 200]);
    await expect(
      (async () => {
        sim.injectFault('getmsg', { kind: 'drop' });
        await fetch(`${sim.url}/${ZHUGE_PATHS.latest}?${signed({ u_id: 1 })}`);
      })(),
    ).rejects.toThrow();
    expect(sim.unreadCount(1)).toBe(2);
  });

  it('answers an unknown path with 404 and an unknown chat operation with 402', async () => {
    expect((await fetch(`${sim.url}/zhugeleida/nothing?${signed({})}`)).status).toBe(404);
    expect((await getJson('zhugeleida/gongzhonghao/chat/other_op/0', signed({ u_id: 1 }))).body).toMatchObject({ code: 402 });
  });
});

describe('Zhuge demo data', () => {
  const data = buildZhugeDemoData({ now: NOW, seed: 11 });

  it('is the same for the same seed and now', () => {
    expect(buildZhugeDemoData({ now: NOW, seed: 11 })).toEqual(data);
    expect(buildZhugeDemoData({ now: NOW, seed: 12 })).not.toEqual(data);
  });

  it('has one radar user, customers with Thai and emoji names, and 30 days of chat ending before now', () => {
    expect(data.radarUsers).toHaveLength(1);
    expect(data.customers.map((c) => c.name)).toContain('_zzz จุ๊บ');
    expect(data.customers.some((c) => /\p{Extended_Pictographic}/u.test(c.name))).toBe(true);
    const times = data.messages.map((m) => m.at);
    expect(Math.max(...times)).toBeLessThan(NOW);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - 31 * 86_400_000);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(10 * 86_400_000);
  });

  it('uses every info_type, in both directions where the product allows it', () => {
    const seen = new Set(data.messages.map((m) => `${m.sendType}:${String(m.content.info_type)}`));
    for (const key of ['2:1', '1:1', '2:2', '1:3', '2:4', '1:4', '2:5', '1:5', '1:6', '3:1']) expect(seen).toContain(key);
  });

  it('leaves the last two rows of each chat unread', () => {
    for (const customer of data.customers) {
      const rows = data.messages.filter((m) => m.customerId === customer.id);
      expect(rows.slice(-2).every((m) => m.unread)).toBe(true);
      expect(rows.slice(0, -2).some((m) => m.unread)).toBe(false);
    }
  });

  it('scales to benchmark size from the same scripts', () => {
    const big = buildZhugeDemoData({ now: NOW, seed: 1, customerCount: 300, sessionsPerCustomer: 6 });
    expect(big.customers).toHaveLength(300);
    expect(big.messages.length).toBeGreaterThan(300 * 6 * 3);
  });
});
