import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import type { MessageKind } from '@shared/model';
import { decodeYoumiV2Row } from './decoder';
import type { YoumiV2Message } from './send';
import { closeTestbed, failureOf, startTestbed, type YoumiTestbed } from './test-kit';
import { YoumiV2Client } from './v2-client';

let bed: YoumiTestbed;
let client: YoumiV2Client;

beforeEach(async () => {
  bed = await startTestbed({ tenantId: 'tenant-42' });
  client = new YoumiV2Client(bed.clientOptions({ tenantId: 'tenant-42' }));
});

afterEach(() => closeTestbed(bed));


const fan = () => bed.sim.fans()[1]!;
const fanRows = (f = fan()) => bed.sim.rows().filter((r) => r.ad_wechat_id === f.wechatId && r.ad_chatting_talter === f.wxid);

describe('GetChat', () => {
  it('sends every body field, strings where the doc says string, with Bearer and TenantId', async () => {
    const f = fan();
    const page = await client.getChat({ fansKey: f.wxid, wechatId: f.wechatId, wechatKey: bed.sim.operators[1]!.wxNo, startTimestamp: 1, endTimestamp: 4_000_000_000, minChattingId: 0, pageSize: 500, pageIndex: 1 });
    const request = bed.sim.lastRequest('v2.getChat')!;
    expect(JSON.parse(request.body)).toEqual({ fansKey: f.wxid, wechatId: f.wechatId, wechatKey: bed.sim.operators[1]!.wxNo, startTimestamp: 1, endTimestamp: 4_000_000_000, minChattingId: 0, pageSize: '500', pageIndex: '1' });
    expect(request.headers.authorization).toBe(`Bearer ${bed.sim.token}`);
    expect(request.headers.tenantid).toBe('tenant-42');
    expect(page.messages.map((m) => m.vendorMsgId)).toEqual(fanRows().map((r) => String(r.ad_chatting_id)));
    expect(page.lastChattingId).toBe(fanRows().at(-1)?.ad_chatting_id);
    expect(page.messages.every((m) => m.conversationKey === `${f.wechatId}:${f.wxid}`)).toBe(true);
  });

  it('minChattingId returns only newer rows', async () => {
    const f = fan();
    const first = await client.getChat({ fansKey: f.wxid, wechatId: f.wechatId, pageSize: 500 });
    expect(first.rowCount).toBe(fanRows().length);
    const cursor = first.lastChattingId!;
    expect((await client.getChat({ fansKey: f.wxid, wechatId: f.wechatId, minChattingId: cursor })).rowCount).toBe(0);

    bed.sim.appendInbound({ wechatId: f.wechatId, fansKey: f.wxid, type: 1, content: '还在吗？我要两台iPhone 16' });
    bed.sim.appendInbound({ wechatId: f.wechatId, fansKey: f.wxid, type: 34, content: 'audio[k1]', resvred: { downloadKey: 'k1', type: -1, videoLen: 4 } });
    const next = await client.getChat({ fansKey: f.wxid, wechatId: f.wechatId, minChattingId: cursor });
    expect(next.messages.map((m) => m.content.kind)).toEqual(['text', 'voice']);
    expect(next.messages[0]?.text).toBe('还在吗？我要两台iPhone 16');
    expect(next.lastChattingId).toBeGreaterThan(cursor);
  });

  it('syncChat walks every page by cursor without gaps or repeats', async () => {
    const f = fan();
    const ids: string[] = [];
    let pages = 0;
    for await (const page of client.syncChat({ fansKey: f.wxid, wechatId: f.wechatId, pageSize: 3 })) {
      pages++;
      ids.push(...page.messages.map((m) => m.vendorMsgId));
    }
    expect(ids).toEqual(fanRows().map((r) => String(r.ad_chatting_id)));
    expect(pages).toBe(Math.floor(fanRows().length / 3) + 1);
  });

  it('filters by time and pages by index', async () => {
    const f = fan();
    const rows = fanRows();
    const mid = Number(rows[Math.floor(rows.length / 2)]!.ad_chatting_time);
    const later = await client.getChat({ fansKey: f.wxid, wechatId: f.wechatId, startTimestamp: mid, pageSize: 500 });
    expect(later.rowCount).toBe(rows.filter((r) => Number(r.ad_chatting_time) >= mid).length);
    const page2 = await client.getChat({ fansKey: f.wxid, wechatId: f.wechatId, pageSize: 2, pageIndex: 2 });
    expect(page2.messages.map((m) => m.vendorMsgId)).toEqual(rows.slice(2, 4).map((r) => String(r.ad_chatting_id)));
    expect((await client.getChat({ fansKey: f.wxid, wechatId: f.wechatId, wechatKey: 'wxid_someone_else' })).rowCount).toBe(0);
  });

  it('refuses a query without a fan before asking', async () => {
    expect((await failureOf(client.getChat({ fansKey: ' ', wechatId: 1906 }))).code).toBe('VALIDATION');
    expect(bed.sim.requestCount('v2.getChat')).toBe(0);
  });

  it('HTTP 401 is AUTH; a wrong tenant is VENDOR with its reason', async () => {
    const stale = new YoumiV2Client(bed.clientOptions({ getToken: async () => 'expired-token-abcdef' }));
    const auth = await failureOf(stale.getChat({ fansKey: fan().wxid, wechatId: fan().wechatId }));
    expect(auth).toMatchObject({ code: 'AUTH', details: { httpStatus: 401 } });
    expect(bed.sim.requestCount('v2.getChat')).toBe(1);
    const tenant = new YoumiV2Client(bed.clientOptions({ tenantId: 'tenant-7' }));
    const refused = await failureOf(tenant.getChat({ fansKey: fan().wxid, wechatId: fan().wechatId }));
    expect(refused.code).toBe('VENDOR');
    expect(refused.messageZh).toContain('TenantId无效');
  });

  it('is retried after 5xx and dropped connections; succeed:false and bad JSON are not', async () => {
    bed.sim.injectFault('v2.getChat', { kind: '5xx' });
    bed.sim.injectFault('v2.getChat', { kind: 'drop' });
    expect((await client.getChat({ fansKey: fan().wxid, wechatId: fan().wechatId })).rowCount).toBe(fanRows().length);
    expect(bed.sim.requestCount('v2.getChat')).toBe(3);
    bed.sim.injectFault('v2.getChat', { kind: 'succeedFalse' });
    expect(await failureOf(client.getChat({ fansKey: fan().wxid, wechatId: fan().wechatId }))).toMatchObject({ code: 'VENDOR', details: { errmsg: '10005', errdesc: '系统繁忙，请稍后再试' } });
    bed.sim.injectFault('v2.getChat', { kind: 'malformed' });
    expect((await failureOf(client.getChat({ fansKey: fan().wxid, wechatId: fan().wechatId }))).code).toBe('VENDOR');
    expect(bed.sim.requestCount('v2.getChat')).toBe(5);
  });

  it('times out', async () => {
    const slow = new YoumiV2Client(bed.clientOptions({ timeoutMs: 200, maxAttempts: 1 }));
    bed.sim.injectFault('v2.getChat', { kind: 'delay', delayMs: 1_500 });
    expect((await failureOf(slow.getChat({ fansKey: fan().wxid, wechatId: fan().wechatId }))).code).toBe('TIMEOUT');
  });
});

describe('doSendPublicMes', () => {
  const IMG = () => `${bed.sim.url}/media/p.jpg`;
  const cases: [string, () => YoumiV2Message, MessageKind[]][] = [
    ['text', () => ({ msgType: 'text', text: '您好，MacBook Air 到货了，电话13800138000' }), ['text']],
    ['image', () => ({ msgType: 'image', url: IMG() }), ['image']],
    ['video', () => ({ msgType: 'video', url: `${bed.sim.url}/media/v.mp4`, title: '开箱' }), ['video']],
    ['file', () => ({ msgType: 'file', url: `${bed.sim.url}/media/q.pdf`, fileName: '报价单.pdf' }), ['file']],
    ['link', () => ({ msgType: 'link', url: 'https://mp.weixin.qq.com/s/abc', title: '以旧换新' }), ['link']],
    ['card', () => ({ msgType: 'card', nickname: '李娜' }), ['card']],
    ['qvcard', () => ({ msgType: 'qvcard', nickname: '李娜', companyName: '友米科技' }), ['card']],
    ['mp', () => ({ msgType: 'mp', name: '京东购物' }), ['miniProgram']],
    ['gzh', () => ({ msgType: 'gzh', name: '友米科技服务号' }), ['card']],
    ['rebpacket', () => ({ msgType: 'rebpacket' }), ['redPacket']],
    ['returnmoney', () => ({ msgType: 'returnmoney' }), ['system']],
    ['forward', () => ({ msgType: 'forward', fromUserName: 'wxid_other', flags: [{ flag: 'flag:0000026', msgType: 'image', msgTime: 1647865582, msgIndex: 1 }] }), ['chatRecord']],
    [
      'batch',
      () => ({
        msgType: 'batch',
        items: [
          { msgType: 'text', text: '资料如下' },
          { msgType: 'image', url: IMG() },
          { msgType: 'video', url: `${bed.sim.url}/media/v.mp4`, msgId: '1604549523123' },
          { msgType: 'file', url: `${bed.sim.url}/media/q.pdf`, fileName: '合同.docx' },
          { msgType: 'link', url: 'https://mp.weixin.qq.com/s/x' },
        ],
      }),
      ['text', 'image', 'video', 'file', 'link'],
    ],
  ];

  it.each(cases)('sends %s and it comes back in GetChat as operator-sent', async (_name, message, kinds) => {
    const f = fan();
    const before = fanRows().at(-1)!.ad_chatting_id!;
    const result = await client.sendMessage({ address: { wechatId: f.wechatId, toUserName: f.wxid }, relationType: 0, message: message() });
    const [record] = bed.sim.v2Sends();
    expect(record?.taskId).toBe(result.taskId);
    expect(record?.body).toMatchObject({ WechatId: String(f.wechatId), ToUserName: f.wxid, RelationType: 0 });
    const page = await client.getChat({ fansKey: f.wxid, wechatId: f.wechatId, minChattingId: before });
    expect(page.messages.map((m) => m.content.kind)).toEqual(kinds);
    expect(page.messages.every((m) => m.direction === 'out')).toBe(true);
  });

  it('file names travel URL-encoded and come back readable', async () => {
    const f = fan();
    await client.sendMessage({ address: { wechatId: f.wechatId, toUserName: f.wxid }, relationType: 3, message: { msgType: 'file', url: `${bed.sim.url}/media/q.pdf`, fileName: '2026 报价单.pdf' } });
    expect(bed.sim.v2Sends()[0]?.body.Title).toBe('2026%20%E6%8A%A5%E4%BB%B7%E5%8D%95.pdf');
    expect(decodeYoumiV2Row(bed.sim.rows().at(-1)).content).toMatchObject({ kind: 'file', body: { name: '2026 报价单.pdf' } });
  });

  it('addresses a conversation by its takeover key', async () => {
    const takeover = bed.sim.rows().find((r) => r.ad_chatting_sate === 12001)!;
    const decoded = decodeYoumiV2Row(takeover);
    const key = decoded.content.kind === 'takeover' ? decoded.content.body.key : undefined;
    expect(key).toMatch(/^tk_/);
    await client.sendMessage({ address: { takeOverKey: key! }, relationType: 0, message: { msgType: 'text', text: '我是主管，退款马上处理' } });
    expect(bed.sim.v2Sends()[0]?.body).toEqual({ TakeOverKey: key, RelationType: 0, MsgType: 'text', Text: '我是主管，退款马上处理' });
    const last = bed.sim.rows().at(-1)!;
    expect([last.ad_wechat_id, last.ad_chatting_talter, last.ad_chatting_content]).toEqual([takeover.ad_wechat_id, takeover.ad_chatting_talter, '我是主管，退款马上处理']);
    const unknownKey = await failureOf(client.sendMessage({ address: { takeOverKey: 'tk_nope' }, relationType: 0, message: { msgType: 'text', text: 'x' } }));
    expect(unknownKey.messageZh).toContain('接管标识无效');
  });

  it('is never retried: a lost answer is reported as an unknown outcome, sent once', async () => {
    const f = fan();
    const send = () => client.sendMessage({ address: { wechatId: f.wechatId, toUserName: f.wxid }, relationType: 0, message: { msgType: 'text', text: '只发一次' } });
    bed.sim.injectFault('v2.send', { kind: '5xx', afterAction: true });
    const lost = await failureOf(send());
    expect(lost).toMatchObject({ retryable: false, details: { sendOutcome: 'unknown', httpStatus: 502 } });
    expect(lost.messageZh).toContain('请先查看聊天记录');
    expect(bed.sim.requestCount('v2.send')).toBe(1);
    expect(bed.sim.v2Sends()).toHaveLength(1);

    bed.sim.injectFault('v2.send', { kind: 'drop' });
    expect(await failureOf(send())).toMatchObject({ code: 'NETWORK', retryable: false, details: { sendOutcome: 'unknown' } });
    expect(bed.sim.requestCount('v2.send')).toBe(2);

    const slow = new YoumiV2Client(bed.clientOptions({ timeoutMs: 200 }));
    bed.sim.injectFault('v2.send', { kind: 'delay', delayMs: 1_000 });
    expect(await failureOf(slow.sendMessage({ address: { wechatId: f.wechatId, toUserName: f.wxid }, relationType: 0, message: { msgType: 'text', text: '慢' } }))).toMatchObject({ code: 'TIMEOUT', retryable: false });
    expect(bed.sim.requestCount('v2.send')).toBe(3);
  });

  it('says when the request goes out: a failure before that is an ordinary one, not an unknown outcome', async () => {
    const f = fan();
    const message = { msgType: 'text', text: '到货了' } as const;
    const seenAtDispatch: number[] = [];
    await client.sendMessage({ address: { wechatId: f.wechatId, toUserName: f.wxid }, relationType: 0, message }, { onDispatch: () => seenAtDispatch.push(bed.sim.requestCount('v2.send')) });
    // Called once, after the token was read and before Youmi saw anything.
    expect(seenAtDispatch).toEqual([0]);
    expect(bed.sim.v2Sends()).toHaveLength(1);

    // The keychain fails while the token is read: the request never left.
    const locked = new YoumiV2Client(
      bed.clientOptions({
        getToken: () => Promise.reject(new AppError({ code: 'KEYCHAIN', message: 'The keychain is locked', messageZh: '钥匙串已锁定', retryable: true })),
      }),
    );
    let dispatched = false;
    const failure = await failureOf(locked.sendMessage({ address: { wechatId: f.wechatId, toUserName: f.wxid }, relationType: 0, message }, { onDispatch: () => (dispatched = true) }));
    expect(dispatched).toBe(false);
    expect(failure).toMatchObject({ code: 'KEYCHAIN', retryable: true });
    expect(failure.details?.sendOutcome).toBeUndefined();
    expect(bed.sim.requestCount('v2.send')).toBe(1);
  });

  it('refusals and invalid messages', async () => {
    const f = fan();
    const refused = await failureOf(client.sendMessage({ address: { wechatId: f.wechatId, toUserName: 'wxid_stranger' }, relationType: 0, message: { msgType: 'text', text: '你好' } }));
    expect(refused).toMatchObject({ code: 'VENDOR', details: { errdesc: '好友不存在' } });
    const invalid = await failureOf(client.sendMessage({ address: { wechatId: f.wechatId, toUserName: f.wxid }, relationType: 3, message: { msgType: 'card', nickname: '李娜' } }));
    expect(invalid.code).toBe('VALIDATION');
    expect(bed.sim.requestCount('v2.send')).toBe(1);
  });
});
