import { AppError } from '@shared/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../log/logger';
import { MemorySecretStore } from '../../secrets/secret-store';
import type { Clock } from '../http/clock';
import { RateLimiter } from '../http/rate-limiter';
import { tokenFromSecretStore, ZhugeClient, type ZhugeClientOptions } from './client';
import { zhugeRandStr } from './sign';
import { startZhugeSimulator, type ZhugeSimulator } from './simulator';
import type { ZhugeCustomerContent } from './wire';

// Every log line of the suite, at debug level, checked for secrets in the last test.
const logLines: LogRecord[] = [];
const logger = createLogger((r) => logLines.push(r), 'test', 'debug');
const secretsSeen = new Set<string>();

let sim: ZhugeSimulator;

beforeEach(async () => {
  sim = await startZhugeSimulator({ seed: 7 });
  for (const c of sim.data.customers) secretsSeen.add(c.token);
});

afterEach(async () => {
  for (const r of sim.requests()) if (r.query.rand_str) secretsSeen.add(r.query.rand_str);
  await sim.close();
});

function clientFor(customerId = 1, extra: Partial<ZhugeClientOptions> = {}): ZhugeClient {
  const account = sim.account(customerId);
  const store = new MemorySecretStore();
  void store.set(`zhuge-${customerId}`, 'token', account.token);
  return new ZhugeClient({
    baseUrl: account.baseUrl,
    customerId: account.customerId,
    radarUserId: account.radarUserId,
    getToken: tokenFromSecretStore(store, `zhuge-${customerId}`),
    logger,
    backoff: { baseMs: 1, capMs: 5 },
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

/** Time that moves only when asked: each now() is one millisecond later, sleeps pass at once. */
function steppingClock(start = 1_700_000_000_000): Clock & { t: number } {
  const clock = {
    t: start,
    now: () => clock.t++,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

describe('signing', () => {
  it('signs every request with rand_str = md5(timestamp + token) and the customer as user_id', async () => {
    await clientFor(2).countRepliesUnreadByCustomer();
    const [request] = sim.requests();
    expect(request?.signatureOk).toBe(true);
    expect(request?.query.user_id).toBe('2');
    expect(request?.query.u_id).toBe('1');
    expect(request?.query.rand_str).toBe(zhugeRandStr(request?.query.timestamp ?? '', sim.account(2).token));
    expect(Number(request?.query.timestamp)).toBeGreaterThan(1e12);
  });

  it('a wrong token is refused with HTTP 200 {"code":400,"msg":"token异常"} and becomes an AUTH error', async () => {
    const account = sim.account(1);
    const client = new ZhugeClient({ ...account, getToken: async () => 'not-the-token-0000', logger });
    const error = await failure(client.countRepliesUnreadByCustomer());
    expect(error.code).toBe('AUTH');
    expect(error.details).toMatchObject({ vendorCode: 400, vendorMsg: 'token异常' });
    expect(error.messageZh).toContain('令牌');
    expect(sim.requests()[0]).toMatchObject({ httpStatus: 200, vendorCode: 400, signatureOk: false });
  });

  it('a customer id the server does not know is refused the same way', async () => {
    const account = sim.account(1);
    const error = await failure(new ZhugeClient({ ...account, customerId: 999, getToken: async () => account.token }).fetchLatest());
    expect(error.code).toBe('AUTH');
  });

  it('a fresh timestamp and signature on every attempt of a retried read', async () => {
    sim.injectFault('chat', { kind: '5xx', times: 2 });
    const page = await clientFor(1, { clock: steppingClock() }).fetchHistoryPage();
    expect(page.rowCount).toBeGreaterThan(0);
    const attempts = sim.requests();
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((r) => r.query.timestamp)).size).toBe(3);
    expect(attempts[2]?.signatureOk).toBe(true);
  });

  it('no saved token is an AUTH error before anything is sent', async () => {
    const account = sim.account(1);
    const client = new ZhugeClient({ ...account, getToken: tokenFromSecretStore(new MemorySecretStore(), 'empty'), logger });
    const error = await failure(client.fetchLatest());
    expect(error.code).toBe('AUTH');
    expect(sim.requests()).toHaveLength(0);
  });
});

describe('getmsg: latest messages, a destructive read', () => {
  it('returns the unread rows oldest first, and a second call returns nothing', async () => {
    const client = clientFor(1);
    const unreadBefore = sim.messages(1).filter((m) => m.unread);
    expect(unreadBefore.length).toBe(2);
    const first = await client.fetchLatest();
    expect(first.messages).toHaveLength(2);
    expect(first.messages.map((m) => m.sentAt)).toEqual(unreadBefore.map((m) => m.at));
    expect(first.messages.every((m) => m.conversationKey === '1:1')).toBe(true);
    expect(sim.unreadCount(1)).toBe(0);
    expect((await client.fetchLatest()).messages).toEqual([]);
  });

  it('sees live traffic in both directions', async () => {
    const client = clientFor(3);
    await client.fetchLatest();
    sim.appendInbound({ customerId: 3, content: { info_type: 1, msg: '今天能送货吗？' } });
    sim.appendAgentReply({ customerId: 3, content: { info_type: 1, msg: '可以，下午三点前到' } });
    const { messages } = await client.fetchLatest();
    expect(messages.map((m) => [m.direction, m.text])).toEqual([
      ['in', '今天能送货吗？'],
      ['out', '可以，下午三点前到'],
    ]);
    expect(messages[0]?.senderName).toBe(sim.data.customers[2]?.name);
  });

  it('is never retried: one 5xx is one request and a retryable error for the sync to handle', async () => {
    sim.appendInbound({ customerId: 1, content: { info_type: 1, msg: '在吗' } });
    sim.injectFault('getmsg', { kind: '5xx' });
    const error = await failure(clientFor(1).fetchLatest());
    expect(error.code).toBe('VENDOR');
    expect(error.retryable).toBe(true);
    expect(sim.requests()).toHaveLength(1);
  });

  it('an answer lost after the server marked rows read is recovered from the paged history', async () => {
    const client = clientFor(1);
    await client.fetchLatest();
    sim.appendInbound({ customerId: 1, content: { info_type: 1, msg: '我要两台' } });
    sim.injectFault('getmsg', { kind: 'drop', afterHandling: true });
    const error = await failure(client.fetchLatest());
    expect(error.code).toBe('NETWORK');
    expect(sim.requests()).toHaveLength(2);
    // The server already cleared the flag: getmsg alone would lose the message.
    expect((await client.fetchLatest()).messages).toEqual([]);
    const page = await client.fetchHistoryPage({ length: 5 });
    expect(page.messages.at(-1)?.text).toBe('我要两台');
  });

  it('a timeout is a TIMEOUT error, not retried', async () => {
    sim.injectFault('getmsg', { kind: 'delay', delayMs: 400 });
    const error = await failure(clientFor(1, { timeoutMs: 100 }).fetchLatest());
    expect(error.code).toBe('TIMEOUT');
    expect(sim.requests()).toHaveLength(1);
  });

  it('a cut-off body is a clear VENDOR error, not a crash', async () => {
    sim.injectFault('getmsg', { kind: 'malformed' });
    const error = await failure(clientFor(1).fetchLatest());
    expect(error.code).toBe('VENDOR');
    expect(error.details).toMatchObject({ problem: 'not JSON', httpStatus: 200 });
    expect(error.messageZh).toContain('诸葛雷达');
  });
});

describe('paged history', () => {
  it('page 1 holds the newest rows oldest first, with the agent\'s card', async () => {
    const all = sim.messages(1);
    const page = await clientFor(1).fetchHistoryPage({ page: 1, length: 5 });
    expect(page.rowCount).toBe(5);
    expect(page.hasMore).toBe(true);
    expect(page.messages.map((m) => m.sentAt)).toEqual(all.slice(-5).map((m) => m.at));
    expect(page.agentCard).toEqual({ phone: '18932674288', wechat: '18866554433' });
    expect(page.dataCount).toBe(5);
  });

  it('a walk reaches every stored row exactly once, whichever meaning data_count has', async () => {
    for (const historyDataCount of ['page', 'total'] as const) {
      await sim.close();
      sim = await startZhugeSimulator({ seed: 7, historyDataCount });
      const ids = new Set<string>();
      let rows = 0;
      for await (const page of clientFor(2).walkHistory({ length: 4 })) {
        rows += page.rowCount;
        for (const m of page.messages) ids.add(m.vendorMsgId);
      }
      expect(rows).toBe(sim.messages(2).length);
      expect(ids.size).toBe(sim.messages(2).length);
    }
  });

  it('length 0 returns the whole conversation in one page', async () => {
    const page = await clientFor(4).fetchHistoryPage({ length: 0 });
    expect(page.rowCount).toBe(sim.messages(4).length);
    expect(page.hasMore).toBe(false);
  });

  it('marks the whole conversation read, though its rows stay readable', async () => {
    const client = clientFor(1);
    await client.fetchHistoryPage({ length: 1 });
    expect(sim.unreadCount(1)).toBe(0);
    expect((await client.fetchLatest()).messages).toEqual([]);
    expect((await client.fetchHistoryPage({ length: 1 })).rowCount).toBe(1);
  });

  it('is retried after a 5xx or a dropped connection (repeating it is harmless)', async () => {
    sim.injectFault('chat', { kind: 'drop' });
    sim.injectFault('chat', { kind: '5xx' });
    const page = await clientFor(1).fetchHistoryPage({ length: 3 });
    expect(page.rowCount).toBe(3);
    expect(sim.requests()).toHaveLength(3);
  });

  it('accepts the old server\'s untouched answer (code 0, empty data) as an empty page', async () => {
    sim.injectFault('chat', { kind: 'code', code: 0, msg: '', data: {} });
    const page = await clientFor(1).fetchHistoryPage({ page: 40 });
    expect(page).toMatchObject({ rowCount: 0, hasMore: false, messages: [] });
  });

  it('a radar user the server does not know is its 402 form error, with the field named', async () => {
    const error = await failure(clientFor(1, { radarUserId: 99 }).fetchHistoryPage());
    expect(error.code).toBe('VENDOR');
    expect(error.details).toMatchObject({ vendorCode: 402, fields: { u_id: ['用户名不存在'] } });
    expect(error.messageZh).toContain('u_id');
    expect(error.message).toContain('radar user ID');
  });

  it('rejects a bad page request before sending it', async () => {
    const error = await failure(clientFor(1).fetchHistoryPage({ page: 0 }));
    expect(error.code).toBe('VALIDATION');
    expect(sim.requests()).toHaveLength(0);
  });
});

describe('query_num', () => {
  it('counts the agent\'s replies the customer has not read, and changes nothing', async () => {
    const client = clientFor(5);
    await client.fetchLatest();
    sim.appendAgentReply({ customerId: 5, content: { info_type: 1, msg: '您好' } });
    sim.appendAgentReply({ customerId: 5, content: { info_type: 4, url: 'statics/a.png' } });
    sim.appendInbound({ customerId: 5, content: { info_type: 1, msg: '嗯' } });
    expect(await client.countRepliesUnreadByCustomer()).toBe(2);
    expect(await client.countRepliesUnreadByCustomer()).toBe(2);
    expect(sim.unreadCount(5)).toBe(3);
  });

  it('its form error is code 302, mapped like 402', async () => {
    sim.injectFault('query_num', { kind: 'code', code: 302, data: { u_id: [{ message: 'This field is required.', code: 'required' }] } });
    const error = await failure(clientFor(1).countRepliesUnreadByCustomer());
    expect(error.code).toBe('VENDOR');
    expect(error.details).toMatchObject({ vendorCode: 302, fields: { u_id: ['This field is required.'] } });
  });
});

describe('send_msg: a message from the customer (simulator and demo only)', () => {
  const contents: ZhugeCustomerContent[] = [
    { info_type: 1, msg: '这个信息是文字\\表情 😊' },
    { info_type: 2, product_cover_url: 'statics/zhugeleida/imgs/chat/2d49ecd2.png', product_name: '产品名字', product_price: '产品价格' },
    { info_type: 3, msg: '您好,请问能否告诉我您的手机号?' },
    { info_type: 4, url: 'statics/zhugeleida/imgs/chat/shot.png' },
    { info_type: 5, url: 'statics/zhugeleida/video/chat/clip.mp4' },
  ];

  it('posts the form fields the backend reads and every info_type comes back decoded', async () => {
    const client = clientFor(4);
    await client.fetchLatest();
    for (const content of contents) await client.postCustomerMessage(content);
    const posts = sim.requests().filter((r) => r.endpoint === 'send_msg');
    expect(posts).toHaveLength(5);
    expect(posts[0]?.form).toEqual({ u_id: '1', customer_id: '4', send_type: '2', content: JSON.stringify(contents[0]) });
    const { messages } = await client.fetchLatest();
    expect(messages.map((m) => [m.direction, m.content.kind])).toEqual([
      ['in', 'text'],
      ['in', 'link'],
      ['in', 'system'],
      ['in', 'image'],
      ['in', 'video'],
    ]);
    expect(messages[0]?.text).toBe('这个信息是文字\\表情 😊');
    expect(messages[1]?.content).toMatchObject({ body: { title: '产品名字', price: '产品价格', thumbUrl: `${sim.url}/statics/zhugeleida/imgs/chat/2d49ecd2.png` } });
    expect(messages[3]?.content).toMatchObject({ body: { url: `${sim.url}/statics/zhugeleida/imgs/chat/shot.png` } });
  });

  it('is never retried (no idempotency key): a 5xx leaves one request', async () => {
    sim.injectFault('send_msg', { kind: '5xx' });
    await failure(clientFor(1).postCustomerMessage({ info_type: 1, msg: 'x' }));
    expect(sim.requests()).toHaveLength(1);
  });

  it('incomplete content is refused before sending', async () => {
    const bad = { info_type: 2, product_name: '' } as unknown as ZhugeCustomerContent;
    const error = await failure(clientFor(1).postCustomerMessage(bad));
    expect(error.code).toBe('VALIDATION');
    expect(sim.requests()).toHaveLength(0);
  });

  it('301 (not delivered as a customer-service message) gets its own explanation', async () => {
    sim.injectFault('send_msg', { kind: 'code', code: 301, msg: '企业用户发送客服消息成功失败' });
    const error = await failure(clientFor(1).postCustomerMessage({ info_type: 1, msg: 'x' }));
    expect(error.code).toBe('VENDOR');
    expect(error.details).toMatchObject({ vendorCode: 301 });
    expect(error.messageZh).toContain('48小时');
  });

  it('an unknown code keeps the vendor\'s code and words', async () => {
    sim.injectFault('send_msg', { kind: 'code', code: 500, msg: '服务器繁忙' });
    const error = await failure(clientFor(1).postCustomerMessage({ info_type: 1, msg: 'x' }));
    expect(error.code).toBe('VENDOR');
    expect(error.messageZh).toContain('服务器繁忙');
    expect(error.details).toMatchObject({ vendorCode: 500 });
  });
});

describe('transport', () => {
  it('a base URL that answers HTML 404 is a VENDOR error naming the status', async () => {
    const account = sim.account(1);
    const error = await failure(new ZhugeClient({ ...account, baseUrl: `${sim.url}/wrong-prefix`, getToken: async () => account.token }).fetchLatest());
    expect(error.code).toBe('VENDOR');
    expect(error.details).toMatchObject({ httpStatus: 404 });
  });

  it('keeps every endpoint inside its rate budget', async () => {
    const clock = steppingClock();
    const limiter = new RateLimiter(() => ({ limit: 2, intervalMs: 60_000 }), clock);
    const client = clientFor(1, { clock, limiter });
    for (let i = 0; i < 5; i++) await client.countRepliesUnreadByCustomer();
    const times = sim.requests().map((r) => Number(r.query.timestamp));
    expect(times).toHaveLength(5);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(2);
  });

  it('refuses account settings that are not positive ids', () => {
    expect(() => new ZhugeClient({ baseUrl: sim.url, customerId: 0, radarUserId: 1, getToken: async () => 'x' })).toThrow(AppError);
  });
});

describe('secrets', () => {
  it('no token or rand_str appears in any log line captured during this suite', () => {
    expect(logLines.length).toBeGreaterThan(20);
    expect(secretsSeen.size).toBeGreaterThan(20);
    for (const line of logLines) {
      for (const secret of secretsSeen) expect(line.message).not.toContain(secret);
    }
  });
});
