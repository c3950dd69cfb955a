import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeYoumiRow, decodeYoumiV2Row, YOUMI_MESSAGE_TYPES } from './decoder';
import { startYoumiSimulator, type YoumiSimulator } from './simulator';
import { DEMO_NOW } from './test-kit';
import { YoumiV1Client } from './v1-client';
import { YoumiV2Client } from './v2-client';

let sim: YoumiSimulator;

beforeEach(async () => {
  sim = await startYoumiSimulator({ nowMs: DEMO_NOW });
});

afterEach(async () => {
  await sim.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${sim.token}` }) =>
  fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('demo store', () => {
  it('has two operator accounts, 25+ fans and 30 days of chats of every type', () => {
    const rows = sim.rows();
    expect(sim.operators).toHaveLength(2);
    expect(sim.fans().length).toBeGreaterThanOrEqual(25);
    const times = rows.map((r) => Number(r.ad_chatting_time) * 1000);
    expect(Math.max(...times)).toBeLessThanOrEqual(DEMO_NOW);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(DEMO_NOW - 30 * 86_400_000);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(25 * 86_400_000);
    const seen = new Set(rows.map((r) => `${r.ad_chatting_sate}:${decodeYoumiV2Row(r).content.kind}`));
    expect(YOUMI_MESSAGE_TYPES.map((t) => `${t.type}:${t.kind}`).filter((k) => !seen.has(k))).toEqual([]);
    expect(rows.some((r) => r.ad_chatting_resvred?.startsWith('%7B'))).toBe(true);
    const ids = rows.map((r) => r.ad_chatting_id!);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(new Set(rows.map((r) => r.ad_wechat_id))).toEqual(new Set(sim.operators.map((o) => o.wechatId)));
  });

  it('is the same for the same seed', async () => {
    const twin = await startYoumiSimulator({ nowMs: DEMO_NOW });
    const other = await startYoumiSimulator({ nowMs: DEMO_NOW, seed: 7 });
    try {
      expect(twin.rows()).toEqual(sim.rows());
      expect(other.rows()).not.toEqual(sim.rows());
    } finally {
      await twin.close();
      await other.close();
    }
  });

  it('serves the same store through v1 and v2', async () => {
    const options = { baseUrl: sim.url, getToken: async () => sim.token };
    const v1 = new YoumiV1Client(options);
    const v2 = new YoumiV2Client(options);
    for (const fan of sim.fans().slice(0, 4)) {
      const viaV1 = await v1.listChatRecords({ friendWxId: fan.wxid, wechatId: fan.wechatId, pageSize: 500 });
      const viaV2 = await v2.getChat({ fansKey: fan.wxid, wechatId: fan.wechatId, pageSize: 500 });
      const byV1 = new Map(viaV1.messages.map((m) => [JSON.parse(m.raw).ad_sermsgid as string, m]));
      expect(byV1.size).toBe(viaV2.rowCount);
      for (const m of viaV2.messages) {
        const twin = byV1.get(JSON.parse(m.raw).ad_sermsgid as string)!;
        expect({ kind: twin.content.kind, sentAt: twin.sentAt, key: twin.conversationKey, dir: twin.direction }).toEqual({ kind: m.content.kind, sentAt: m.sentAt, key: m.conversationKey, dir: m.direction });
      }
    }
  });

  it('appends live inbound messages with growing ids, for known and new fans', () => {
    const last = sim.rows().at(-1)!.ad_chatting_id!;
    const a = sim.appendInbound({ wechatId: 1906, fansKey: sim.fans()[0]!.wxid, type: 1, content: '在吗' });
    const b = sim.appendInbound({ wechatId: 2107, fansKey: 'wxid_newcomer', fanName: '新客户', type: 48, content: 'a(https://map/x)', resvred: { title: '门店', desc: '南京', url: 'https://map/x' } });
    const c = sim.appendInbound({ wechatId: 1906, fansKey: 'wxid_newcomer2', type: 49, content: 'a(https://x)', resvred: '%7B%22title%22%3A%22T%22%7D' });
    expect([a.ad_chatting_id, b.ad_chatting_id, c.ad_chatting_id]).toEqual([last + 1, last + 2, last + 3]);
    expect(b).toMatchObject({ ad_chatting_issend: 0, ad_friend_name: '新客户' });
    expect(decodeYoumiV2Row(b).content).toMatchObject({ kind: 'location', body: { title: '门店' } });
    expect(decodeYoumiRow(c, 'v2').content).toMatchObject({ kind: 'link', body: { title: 'T', url: 'https://x' } });
    expect(sim.fans().some((f) => f.wxid === 'wxid_newcomer' && f.wechatId === 2107)).toBe(true);
  });
});

describe('wire behaviour', () => {
  it('answers with the documented envelopes', async () => {
    const v1 = (await (await fetch(`${sim.url}/ChatMess?pagesize=1`, { headers: { access_token: sim.token } })).json()) as Record<string, unknown>;
    expect(Object.keys(v1).sort()).toEqual(['MsgTime', 'errmsg', 'succeed', 'values']);
    expect(v1).toMatchObject({ errmsg: 10004, succeed: true });
    const fan = sim.fans()[0]!;
    const v2 = (await (await post('/v2/ChatMess/GetChat', { fansKey: fan.wxid, wechatId: fan.wechatId, pageSize: 1, pageIndex: '1' })).json()) as Record<string, unknown>;
    expect(Object.keys(v2).sort()).toEqual(['errdesc', 'errmsg', 'msgTime', 'requestId', 'succeed', 'values']);
    expect(v2).toMatchObject({ requestId: null, errmsg: 0, succeed: true, errdesc: null });
    const row = (v2.values as Record<string, unknown>[])[0]!;
    expect(Object.keys(row).sort()).toEqual(
      ['ad_chatting_id', 'ad_chatting_talter', 'ad_chatting_issend', 'ad_chatting_resvred', 'ad_wechat_id', 'merchantid', 'ad_chatting_updatetime', 'ad_chatting_sate', 'ad_sermsgid', 'ad_chatting_time', 'ad_chatting_content', 'ad_staff_code', 'ad_voice_txt', 'ad_friend_photo', 'ad_friend_name', 'ad_expand', 'ad_wechat_nober'].sort(),
    );
  });

  it('checks tokens: v1 succeed:false with a reason, v2 HTTP 401', async () => {
    const v1 = (await (await fetch(`${sim.url}/ChatMess`, { headers: { access_token: 'wrong' } })).json()) as Record<string, unknown>;
    expect(v1).toMatchObject({ succeed: false, errmsg: 10001, values: 'access_token无效或已过期' });
    expect((await post('/v2/ChatMess/GetChat', {}, {})).status).toBe(401);
    expect((await post('/v2/ChatMess/GetChat', {}, { authorization: 'Bearer nope' })).status).toBe(401);
    sim.setToken('rotated-token-000111');
    expect((await post('/v2/ChatMess/GetChat', {}, { authorization: 'Bearer rotated-token-000111' })).status).toBe(200);
  });

  it("v1's records cover only the token's scope while GetChat still reads every fan; ids can travel as text", async () => {
    const v1Rows = async () => ((await (await fetch(`${sim.url}/ChatMess?pagesize=500`, { headers: { access_token: sim.token } })).json()) as { values: { ad_wechat_id: unknown }[] }).values;
    sim.setV1Scope([2107]);
    expect(new Set((await v1Rows()).map((r) => r.ad_wechat_id))).toEqual(new Set([2107]));
    sim.setV1Scope([]);
    expect(await v1Rows()).toEqual([]);
    const fan = sim.fans().find((f) => f.wechatId === 1906)!;
    const v2 = (await (await post('/v2/ChatMess/GetChat', { fansKey: fan.wxid, wechatId: 1906, pageSize: '500', pageIndex: '1' })).json()) as { values: unknown[] };
    expect(v2.values.length).toBe(sim.rows().filter((r) => r.ad_wechat_id === 1906 && r.ad_chatting_talter === fan.wxid).length);
    sim.setV1Scope(undefined);
    expect((await v1Rows()).length).toBeGreaterThan(0);

    const textual = await startYoumiSimulator({ nowMs: DEMO_NOW, wechatIdsAsText: true });
    try {
      const rows = ((await (await fetch(`${textual.url}/ChatMess?pagesize=5`, { headers: { access_token: textual.token } })).json()) as { values: { ad_wechat_id: unknown }[] }).values;
      expect(rows.every((r) => typeof r.ad_wechat_id === 'string' && /^\d+$/.test(r.ad_wechat_id))).toBe(true);
    } finally {
      await textual.close();
    }
  });

  it('outbound rows name the colleague who sent them; our own API sends name the token’s staff', async () => {
    const outbound = sim.rows().filter((r) => r.ad_chatting_issend === 1);
    const team = new Map(sim.operators.map((o) => [o.wechatId, new Set(o.staffCodes)]));
    expect(outbound.every((r) => team.get(r.ad_wechat_id)!.has(r.ad_staff_code!))).toBe(true);
    expect(new Set(outbound.map((r) => r.ad_staff_code)).size).toBeGreaterThan(sim.operators.length);
    expect(sim.rows().filter((r) => r.ad_chatting_issend === 0).every((r) => r.ad_staff_code === null)).toBe(true);
    const fan = sim.fans()[0]!;
    const sent = (await (await post('/v2/ChatMess/doSendPublicMes', { WechatId: String(fan.wechatId), ToUserName: fan.wxid, RelationType: 0, MsgType: 'text', Text: '好的' })).json()) as { succeed: boolean };
    expect(sent.succeed).toBe(true);
    expect(sim.rows().at(-1)).toMatchObject({ ad_chatting_issend: 1, ad_staff_code: sim.operators.find((o) => o.wechatId === fan.wechatId)!.staffCode });
  });

  it('refuses GetChat without its required fields', async () => {
    const answer = async (body: unknown) => (await (await post('/v2/ChatMess/GetChat', body)).json()) as { succeed: boolean; errdesc: string };
    expect(await answer({ wechatId: 1906, pageSize: '1', pageIndex: '1' })).toMatchObject({ succeed: false, errdesc: 'fansKey不能为空' });
    expect(await answer({ fansKey: 'a', pageSize: '1', pageIndex: '1' })).toMatchObject({ succeed: false, errdesc: 'wechatId不能为空' });
    expect(await answer({ fansKey: 'a', wechatId: 1906, pageIndex: '1' })).toMatchObject({ succeed: false, errdesc: 'pageSize错误' });
    expect(await answer('not an object')).toMatchObject({ succeed: false });
  });

  it('serves sized dummy media for the size checks', async () => {
    const head = await fetch(sim.mediaUrl('a.jpg', 12345), { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('12345');
    const ranged = await fetch(sim.mediaUrl('a.jpg', 12345, 'noHead'), { headers: { range: 'bytes=0-0' } });
    expect([ranged.status, ranged.headers.get('content-range')]).toEqual([206, 'bytes 0-0/12345']);
    expect((await fetch(sim.mediaUrl('a.jpg', 1, 'noHead'), { method: 'HEAD' })).status).toBe(405);
    const full = await fetch(sim.mediaUrl('a.jpg', 200_000));
    expect((await full.arrayBuffer()).byteLength).toBe(200_000);
  });

  it('faults hit the given number of requests, then stop', async () => {
    sim.injectFault('v1.list', { kind: '5xx', times: 2, status: 500 });
    const get = () => fetch(`${sim.url}/ChatMess?pagesize=1`, { headers: { access_token: sim.token } });
    expect([(await get()).status, (await get()).status, (await get()).status]).toEqual([500, 500, 200]);
    sim.injectFault('v1.list', { kind: 'drop' });
    await expect(get()).rejects.toThrow();
    sim.injectFault('v1.list', { kind: 'malformed' });
    await expect((await get()).json()).rejects.toThrow();
    sim.injectFault('v1.list', { kind: 'succeedFalse' });
    sim.clearFaults();
    expect((await get()).status).toBe(200);
    expect(sim.requestCount('v1.list')).toBe(6);
  });
});
