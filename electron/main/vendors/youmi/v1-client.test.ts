import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../secrets/secret-store';
import { decodeYoumiV1Row } from './decoder';
import { newYoumiTaskId, type YoumiV1Task } from './send';
import { DEMO_NOW, closeTestbed, failureOf, startTestbed, steppingClock, type YoumiTestbed } from './test-kit';
import { youmiTokenFromStore } from './transport';
import { YoumiV1Client } from './v1-client';

let bed: YoumiTestbed;
let client: YoumiV1Client;

beforeEach(async () => {
  bed = await startTestbed();
  client = new YoumiV1Client(bed.clientOptions());
});

afterEach(() => closeTestbed(bed));


const DAY = 86_400_000;
const fanOf = (t: YoumiTestbed) => t.sim.fans()[0]!;

function textTask(overrides: Partial<YoumiV1Task> = {}): YoumiV1Task {
  const fan = fanOf(bed);
  return {
    taskId: newYoumiTaskId(),
    friendId: fan.friendId,
    operatorOriginalWxId: bed.sim.operators[0]!.wxNo,
    friendOriginalWxId: fan.wxid,
    type: 'text',
    content: '您好，iPhone 16 今天到货了[玫瑰]',
    ...overrides,
  };
}

describe('ChatMess GET', () => {
  it('lists every friend newest first, decoded, with the v1 ids', async () => {
    const page = await client.listChatRecords({ pageSize: 50 });
    expect(page.rowCount).toBe(50);
    expect(page.messages).toHaveLength(50);
    const times = page.messages.map((m) => m.sentAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const newest = [...bed.sim.rows()].sort((a, b) => Number(b.ad_chatting_time) - Number(a.ad_chatting_time))[0]!;
    expect(page.messages[0]?.vendorMsgId).toBe(newest.ad_sermsgid);
    expect(page.vendorTime).toMatch(/^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}:\d{2}$/);
    expect(bed.sim.lastRequest('v1.list')?.headers.access_token).toBe(bed.sim.token);
  });

  it('filters by friend, operator account and dates, and pages', async () => {
    const fan = fanOf(bed);
    const expected = bed.sim
      .rows()
      .filter((r) => r.ad_chatting_talter === fan.wxid && r.ad_wechat_id === fan.wechatId)
      .sort((a, b) => Number(b.ad_chatting_time) - Number(a.ad_chatting_time) || b.ad_chatting_id! - a.ad_chatting_id!);
    const query = { friendWxId: fan.wxid, wechatId: fan.wechatId, pageSize: 4 };
    const first = await client.listChatRecords({ ...query, page: 1 });
    const second = await client.listChatRecords({ ...query, page: 2 });
    expect([...first.messages, ...second.messages].map((m) => m.vendorMsgId)).toEqual(expected.slice(0, 8).map((r) => r.ad_sermsgid));
    expect(new Set(first.messages.map((m) => m.conversationKey))).toEqual(new Set([`${fan.wechatId}:${fan.wxid}`]));

    const from = DEMO_NOW - 10 * DAY;
    const recent = await client.listChatRecords({ startDate: from, endDate: DEMO_NOW, pageSize: 500 });
    expect(recent.rowCount).toBe(bed.sim.rows().filter((r) => Number(r.ad_chatting_time) * 1000 >= from).length);
    expect(recent.messages.every((m) => m.sentAt >= from)).toBe(true);

    const asText = await client.listChatRecords({ startDate: '2026-01-14', endDate: '2026-01-15 12:00:00', pageSize: 500 });
    expect(asText.messages.every((m) => m.sentAt >= Date.UTC(2026, 0, 13, 16))).toBe(true);
  });

  it('sends the doc query names, dates in China time', async () => {
    await client.listChatRecords({ friendWxId: 'wxid_a', wechatId: 1906, startDate: Date.UTC(2026, 0, 1, 0, 0, 0), endDate: '2026-01-15', page: 2, pageSize: 7 });
    const query = new URL(bed.sim.lastRequest('v1.list')!.url, bed.sim.url).searchParams;
    expect(Object.fromEntries(query)).toEqual({
      ad_friend_wenober: 'wxid_a',
      ad_wechat_id: '1906',
      startDate: '2026-01-01 08:00:00',
      endDate: '2026-01-15',
      page: '2',
      pagesize: '7',
    });
  });

  it('reads links in the v1 form a(url)[title]', async () => {
    const link = bed.sim.rows().find((r) => r.ad_chatting_sate === 49)!;
    const page = await client.listChatRecords({ friendWxId: link.ad_chatting_talter, wechatId: link.ad_wechat_id, pageSize: 500 });
    const message = page.messages.find((m) => m.vendorMsgId === link.ad_sermsgid)!;
    expect(JSON.parse(message.raw).ad_chatting_content).toMatch(/^a\(https:\/\/.+\)\[.+\]$/);
    expect(message.content.kind).toBe('link');
    expect(message.content.body).toMatchObject({ title: expect.stringContaining('参数配置') });
  });

  it('accepts values wrapped in an object, as the doc prints it', async () => {
    await bed.sim.close();
    bed = await startTestbed({ v1ValuesWrapped: true });
    client = new YoumiV1Client(bed.clientOptions());
    const page = await client.listChatRecords({ pageSize: 5 });
    expect(page.rowCount).toBe(5);
  });
});

describe('ChatMess failures', () => {
  it('a refused token is AUTH and is not retried', async () => {
    client = new YoumiV1Client(bed.clientOptions({ getToken: async () => 'an-old-token-123456' }));
    const error = await failureOf(client.listChatRecords());
    expect(error.code).toBe('AUTH');
    expect(error.messageZh).toContain('token');
    expect(error.details).toMatchObject({ errmsg: '10001', values: 'access_token无效或已过期' });
    expect(JSON.stringify(error.toJSON())).not.toContain('an-old-token-123456');
    expect(bed.sim.requestCount('v1.list')).toBe(1);
  });

  it('a missing token in the keychain is AUTH before any request', async () => {
    const store = new MemorySecretStore();
    client = new YoumiV1Client(bed.clientOptions({ getToken: youmiTokenFromStore(store, 'acc-1') }));
    expect((await failureOf(client.listChatRecords())).code).toBe('AUTH');
    expect(bed.sim.requestCount('v1.list')).toBe(0);
    await store.set('acc-1', 'token', bed.sim.token);
    expect((await client.listChatRecords({ pageSize: 1 })).rowCount).toBe(1);
  });

  it('succeed:false is VENDOR with the reason in both languages and in details', async () => {
    bed.sim.injectFault('v1.list', { kind: 'succeedFalse' });
    const error = await failureOf(client.listChatRecords());
    expect(error).toMatchObject({ code: 'VENDOR', retryable: false, details: { errmsg: '10005', values: '系统繁忙，请稍后再试' } });
    expect(error.messageZh).toContain('系统繁忙');
    expect(error.message).toContain('Youmi refused');
  });

  it('a broken JSON answer is a clear VENDOR error', async () => {
    bed.sim.injectFault('v1.list', { kind: 'malformed' });
    const error = await failureOf(client.listChatRecords());
    expect(error.code).toBe('VENDOR');
    expect(error.messageZh).toContain('无法解析');
  });

  it('reads are retried after a 5xx and a dropped connection', async () => {
    bed.sim.injectFault('v1.list', { kind: '5xx', status: 503 });
    bed.sim.injectFault('v1.list', { kind: 'drop' });
    const page = await client.listChatRecords({ pageSize: 3 });
    expect(page.rowCount).toBe(3);
    expect(bed.sim.requestCount('v1.list')).toBe(3);
    // The no-token check after each test is only worth something if requests were logged.
    expect(bed.logLines.filter((l) => l.includes('retrying') || l.includes('network error') || l.includes('response')).length).toBeGreaterThanOrEqual(3);
  });

  it('a vendor that does not answer in time is TIMEOUT', async () => {
    client = new YoumiV1Client(bed.clientOptions({ timeoutMs: 200, maxAttempts: 2 }));
    bed.sim.injectFault('v1.list', { kind: 'delay', delayMs: 1_500, times: 2 });
    const error = await failureOf(client.listChatRecords());
    expect(error.code).toBe('TIMEOUT');
    expect(bed.sim.requestCount('v1.list')).toBe(2);
  });

  it('keeps each endpoint inside its budget, and the budget is configurable', async () => {
    const clock = steppingClock();
    client = new YoumiV1Client(bed.clientOptions({ clock, rateLimit: { limit: 2, intervalMs: 60_000 } }));
    for (let i = 0; i < 5; i++) await client.listChatRecords({ pageSize: 1 });
    expect(bed.sim.requestCount('v1.list')).toBe(5);
    // 5 calls at 2 a minute: the limiter must have waited out two full windows.
    expect(clock.elapsed()).toBeGreaterThanOrEqual(120_000);
  });
});

describe('ChatMess POST (send task)', () => {
  it('sends a text task with the doc body and the message comes back as operator-sent', async () => {
    const task = textTask();
    const result = await client.sendTask(task);
    expect(result).toEqual({ taskId: task.taskId, answer: '提交成功' });
    const [record] = bed.sim.v1Tasks();
    expect(record?.body).toEqual({
      taskId: task.taskId,
      ad_friend_id: task.friendId,
      ad_original_nober: task.operatorOriginalWxId,
      originalWeChatId: task.friendOriginalWxId,
      taskType: 0,
      taskContent: task.content,
    });
    expect(bed.sim.lastRequest('v1.send')?.headers['content-type']).toBe('text/json');
    const page = await client.listChatRecords({ friendWxId: task.friendOriginalWxId, pageSize: 1, startDate: DEMO_NOW });
    expect(page.messages[0]).toMatchObject({ direction: 'out', content: { kind: 'text', body: { text: task.content } } });
  });

  it('is retried with the same taskId after a lost answer, and only one message is made', async () => {
    const before = bed.sim.rows().length;
    bed.sim.injectFault('v1.send', { kind: '5xx', afterAction: true });
    bed.sim.injectFault('v1.send', { kind: 'drop', afterAction: true });
    const task = textTask();
    await client.sendTask(task);
    expect(bed.sim.requestCount('v1.send')).toBe(3);
    expect(bed.sim.v1Tasks()).toHaveLength(1);
    expect(bed.sim.v1Tasks()[0]).toMatchObject({ taskId: task.taskId, submissions: 3 });
    expect(bed.sim.rows().length).toBe(before + 1);

    // The outbox resending after a restart carries the same id: still one message.
    await client.sendTask(task);
    expect(bed.sim.rows().length).toBe(before + 1);
  });

  it('checks media sizes before sending: image 5 MB, file 10 MB, video 30 MB', async () => {
    const MB = 1024 * 1024;
    const ok = await client.sendTask(textTask({ type: 'image', content: bed.sim.mediaUrl('a.jpg', 4 * MB) }));
    expect(ok.media).toEqual({ sizeBytes: 4 * MB });
    for (const [type, size] of [
      ['image', 5 * MB + 1],
      ['file', 10 * MB + 1],
      ['video', 31 * MB],
    ] as const) {
      const error = await failureOf(client.sendTask(textTask({ type, content: bed.sim.mediaUrl(`big.${type}`, size), fileName: 'x' })));
      expect(error.code).toBe('VALIDATION');
      expect(error.messageZh).toContain('太大');
    }
    expect((await client.sendTask(textTask({ type: 'video', content: bed.sim.mediaUrl('v.mp4', 29 * MB) }))).media?.sizeBytes).toBe(29 * MB);
    expect((await client.sendTask(textTask({ type: 'file', content: bed.sim.mediaUrl('f.pdf', 10 * MB), fileName: '报价单.pdf' }))).media?.sizeBytes).toBe(10 * MB);
    expect(bed.sim.v1Tasks()).toHaveLength(3);
  });

  it('falls back to a ranged GET when HEAD is refused, and sends when the size is unknown', async () => {
    const MB = 1024 * 1024;
    const error = await failureOf(client.sendTask(textTask({ type: 'image', content: bed.sim.mediaUrl('a.jpg', 6 * MB, 'noHead') })));
    expect(error.code).toBe('VALIDATION');
    const sent = await client.sendTask(textTask({ type: 'image', content: bed.sim.mediaUrl('b.jpg', 6 * MB, 'noLength') }));
    expect(sent.media?.sizeBytes).toBeUndefined();
    expect(sent.media?.note).toBeTruthy();
    expect(bed.logLines.some((l) => l.includes('media size unknown'))).toBe(true);
    const missing = await failureOf(client.sendTask(textTask({ type: 'file', content: bed.sim.mediaUrl('gone.pdf', 10, 'missing') })));
    expect(missing).toMatchObject({ code: 'VALIDATION' });
    expect(missing.messageZh).toContain('打不开');
  });

  it('a file task carries its name and comes back as a file message', async () => {
    const task = textTask({ type: 'file', content: bed.sim.mediaUrl('q.pdf', 2048), fileName: '报价单.pdf' });
    await client.sendTask(task);
    expect(bed.sim.v1Tasks()[0]?.body).toMatchObject({ taskType: 2, taskRemark: '报价单.pdf', taskContent: task.content });
    const row = bed.sim.rows()[bed.sim.rows().length - 1]!;
    expect(decodeYoumiV1Row(row).content).toMatchObject({ kind: 'file', body: { name: '报价单.pdf' } });
  });

  it('refuses bad tasks before anything is sent', async () => {
    const cases: Partial<YoumiV1Task>[] = [
      { content: '   ' },
      { content: 'x'.repeat(5001) },
      { type: 'image', content: 'ftp://files.example.com/a.jpg' },
      { type: 'video', content: 'not a url' },
      { taskId: '' },
      { friendId: 0 },
      { friendOriginalWxId: '' },
    ];
    for (const overrides of cases) {
      expect((await failureOf(client.sendTask(textTask(overrides)))).code).toBe('VALIDATION');
    }
    expect(bed.sim.requestCount('v1.send')).toBe(0);
  });

  it('a refusal by the vendor is VENDOR with its reason', async () => {
    const error = await failureOf(client.sendTask(textTask({ friendOriginalWxId: 'wxid_nobody' })));
    expect(error.code).toBe('VENDOR');
    expect(error.messageZh).toContain('好友不存在');
  });
});
