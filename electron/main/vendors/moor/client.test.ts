import { CallRecord, SmsRecord, WeChatAccount, WeChatContact, WeChatGroup, WeChatGroupMember, WeChatSession } from '@shared/model';
import { beforeEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../http/rate-limiter';
import { MOOR_STATUS_ADVICE } from './errors';
import { ACCOUNT, moorSuite, rejectionOf, type MoorRig } from './test-support';
import { chinaLocalToEpochMs } from './time';

const suite = moorSuite('accessToken=***');
let rig: MoorRig;
beforeEach(() => {
  rig = suite.rig;
});

describe('MoorClient: every endpoint against the simulator', () => {
  it('reads the CRM template in order with the vendor keys', async () => {
    const fields = await rig.client().getCustomerTemplate();
    expect(fields.map((f) => f.key)).toEqual(Object.keys(rig.sim.dataset.template));
    expect(fields).toContainEqual({ key: 'filed0', label: '意向产品' });
    expect(fields[0]).toEqual({ key: 'name', label: '姓名' });
  });

  it('adds, updates and deletes a customer; writes are sent once with the fields as text', async () => {
    const client = rig.client();
    const id = await client.addCustomer({ name: '钱多多', phone: '139 0000 1111', fields: { filed0: '净水器', remark: '展会认识' } });
    const added = rig.sim.dataset.customers.find((c) => c.id === id);
    expect(added).toMatchObject({ name: '钱多多', phone: '13900001111', filed0: '净水器', remark: '展会认识' });

    await client.updateCustomer(id, { remark: '已报价', job: '店长' });
    expect(rig.sim.dataset.customers.find((c) => c.id === id)).toMatchObject({ remark: '已报价', job: '店长', name: '钱多多' });
    expect(rig.sim.requestsTo('api/crm/uptCustomer')[0]?.body).toEqual({ remark: '已报价', job: '店长', id });

    await client.deleteCustomer(id);
    expect(rig.sim.dataset.customers.some((c) => c.id === id)).toBe(false);
    for (const path of ['api/crm/addCustomer', 'api/crm/uptCustomer', 'api/crm/delCustomer']) expect(rig.sim.requestsTo(path)).toHaveLength(1);
  });

  it('says clearly when a customer no longer exists', async () => {
    const error = await rejectionOf(rig.client().deleteCustomer('no-such-customer'));
    expect(error.code).toBe('VENDOR');
    expect(error.messageZh).toContain('客户不存在');
    expect(error.details).toMatchObject({ vendorCode: 0, vendorMsg: '客户不存在' });
  });

  it('dials: the agent work phone calls the customer, exactly once', async () => {
    const agent = rig.sim.dataset.agents[0]!;
    await rig.client().callPhone({ callPhone: '13912345678', userPhone: agent.phone });
    expect(rig.sim.dials).toEqual([{ callPhone: '13912345678', userPhone: agent.phone, at: rig.clock.now() }]);
    const [request] = rig.sim.requestsTo('api/crm/callPhone');
    expect(request?.body).toEqual({ callPhone: '13912345678', userPhone: agent.phone });
    expect(request?.query['timestamp']).toBe(String(rig.clock.now()));
    expect(request?.query['accessToken']).toMatch(/^[0-9A-F]{32}$/);
  });

  it('adds a customer on WeChat from a phone number', async () => {
    const agent = rig.sim.dataset.agents[1]!;
    await rig.client().autoAddWx({ phone: '13800138000', userPhone: agent.phone });
    expect(rig.sim.weChatAdds).toEqual([{ phone: '13800138000', userPhone: agent.phone, at: rig.clock.now() }]);
  });

  it('lists agents with their work-phone numbers (`_id` as the id)', async () => {
    const agents = await rig.client().getAgents();
    expect(agents).toHaveLength(rig.sim.dataset.agents.length);
    expect(agents[0]).toEqual({ vendorId: rig.sim.dataset.agents[0]!._id, name: rig.sim.dataset.agents[0]!.name, phone: rig.sim.dataset.agents[0]!.phone });
  });

  it('pages call records with the vendor total, filters and China-local times', async () => {
    const client = rig.client();
    const first = await client.listCalls({ page: 1, pageSize: 50 });
    expect(first.count).toBe(rig.sim.dataset.calls.length);
    expect(first.items).toHaveLength(50);
    for (const call of first.items) expect(CallRecord.safeParse(call).success).toBe(true);
    const states = new Set((await client.listCalls({ page: 1, pageSize: 500 })).items.map((c) => c.recordingState));
    expect([...states].sort()).toEqual(['available', 'copy_fail', 'multiple_call_lose', 'none', 'not_found']);

    const agent = rig.sim.dataset.agents[0]!;
    const start = rig.clock.now() - 7 * 86_400_000;
    const filtered = await client.listCalls({ page: 1, pageSize: 100, localTel: agent.phone, callType: 'out', start, end: rig.clock.now() });
    expect(filtered.items.every((c) => c.localPhone === agent.phone && c.direction === 'out' && (c.beganAt ?? 0) >= start - 1000)).toBe(true);
    const body = rig.sim.requestsTo('api/device/call').at(-1)?.body as Record<string, unknown>;
    expect(body).toMatchObject({ page: 1, pageSize: 100, localTel: agent.phone, callType: 'out' });
    expect(body['start']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(chinaLocalToEpochMs(body['start'])).toBe(Math.floor(start / 1000) * 1000);
  });

  it('passes the cfTs cursor through', async () => {
    const all = await rig.client().listCalls({ page: 1, pageSize: 500 });
    const cursor = all.items[9]!.beganAt!;
    const older = await rig.client().listCalls({ page: 1, pageSize: 500, cfTs: cursor });
    expect(rig.sim.requestsTo('api/device/call').at(-1)?.body).toMatchObject({ cfTs: cursor });
    expect(older.items.every((c) => (c.beganAt ?? 0) < cursor)).toBe(true);
  });

  it('pages SMS records (the vendor spells the time `snedTime`)', async () => {
    const page = await rig.client().listSms({ page: 1, pageSize: 20, smsType: 'in' });
    expect(page.count).toBe(rig.sim.dataset.sms.filter((s) => s.smsType === 'in').length);
    expect(page.items.every((s) => s.direction === 'in' && typeof s.sentAt === 'number')).toBe(true);
    for (const sms of page.items) expect(SmsRecord.safeParse(sms).success).toBe(true);
  });

  it('reads the call report and the call detail of an agent', async () => {
    const agent = rig.sim.dataset.agents[0]!;
    const client = rig.client();
    const report = await client.getCallReport(agent._id);
    const mine = rig.sim.dataset.calls.filter((c) => c.uid === agent._id);
    expect(report.late30).toBe(mine.length);
    expect(report.late7).toBeLessThanOrEqual(report.late30);

    const today = await client.getCallDetail(agent._id);
    expect(today.days).toEqual([]);
    const week = await client.getCallDetail(agent._id, 'late7');
    expect(week.days).toHaveLength(7);
    expect(week.in + week.out).toBe(report.late7);
    expect(week.days.reduce((n, d) => n + d.in + d.out, 0)).toBe(report.late7);
    expect(week.timeframe).toMatch(/^\d{4}-\d{2}-\d{2} ~ \d{4}-\d{2}-\d{2}$/);
  });

  it('reads WeChat accounts, contacts, groups, members and sessions', async () => {
    const client = rig.client();
    const accounts = await client.listWeChatAccounts({ page: 1, pageSize: 10 });
    expect(accounts.count).toBe(3);
    for (const a of accounts.items) expect(WeChatAccount.safeParse(a).success).toBe(true);

    const contacts = await client.listWeChatContacts({ page: 1, pageSize: 100 });
    expect(contacts.count).toBe(rig.sim.dataset.contacts.length);
    for (const c of contacts.items) expect(WeChatContact.safeParse(c).success).toBe(true);
    expect(contacts.items.some((c) => c.phones.length > 0)).toBe(true);

    const groups = await client.listWeChatGroups({ page: 1, pageSize: 100 });
    for (const g of groups.items) expect(WeChatGroup.safeParse(g).success).toBe(true);
    const group = groups.items[0]!;
    expect(group.memberWxNos).toHaveLength(group.memberCount!);

    const members = await client.listWeChatGroupMembers({ chatRoomId: group.vendorId, page: 1, pageSize: 100 });
    expect(members.count).toBe(group.memberCount);
    for (const m of members.items) expect(WeChatGroupMember.safeParse(m).success).toBe(true);
    expect(members.items.filter((m) => m.isAgent)).toHaveLength(1);

    const sessions = await client.listWeChatSessions({ page: 1, pageSize: 100 });
    expect(sessions.count).toBe(rig.sim.dataset.sessions.length);
    for (const s of sessions.items) expect(WeChatSession.safeParse(s).success).toBe(true);
    const imei = rig.sim.dataset.accounts[0]!.imei;
    const onPhone = await client.listWeChatSessions({ page: 1, pageSize: 100, imei, start: rig.clock.now() - 30 * 86_400_000, end: rig.clock.now() });
    expect(onPhone.items.every((s) => s.agentWxNo === rig.sim.dataset.accounts[0]!.wxNo)).toBe(true);
  });

  it('reads WeChat messages of a chat, decoded, with live traffic appearing', async () => {
    const client = rig.client();
    const session = rig.sim.dataset.sessions.find((s) => s.chatType === 'single')!;
    const kinds = new Map(rig.sim.dataset.sessions.map((s) => [s.id, s.chatType === 'group' ? ('group' as const) : ('direct' as const)]));
    const before = await client.listWeChatMessages({ chatId: session.id, page: 1, pageSize: 100 }, { conversationKindOf: (id) => kinds.get(id) });
    expect(before.items.every((m) => m.conversationKey === session.id && m.conversationKind === 'direct')).toBe(true);

    rig.clock.advance(60_000);
    const live = rig.sim.appendMessage({ chatId: session.id, msg: '在吗？想再订一批货' });
    const after = await client.listWeChatMessages({ chatId: session.id, page: 1, pageSize: 100, start: rig.clock.now() - 1000 });
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({ vendorMsgId: live.id, direction: 'in', text: '在吗？想再订一批货', sentAt: Math.floor(rig.clock.now() / 1000) * 1000 });
    expect(after.count).toBe(1);
  });

  it('sees appended calls and SMS', async () => {
    const client = rig.client();
    rig.clock.advance(5_000);
    const call = rig.sim.appendCall({ callType: 'in', durationSec: 33 });
    const sms = rig.sim.appendSms({ smsType: 'out' });
    const calls = await client.listCalls({ page: 1, pageSize: 1 });
    expect(calls.items[0]).toMatchObject({ vendorId: call._id, direction: 'in', durationSec: 33, recordingState: 'available' });
    const messages = await client.listSms({ page: 1, pageSize: 1 });
    expect(messages.items[0]).toMatchObject({ vendorId: sms.id, direction: 'out' });
  });
});

describe('MoorClient: input is checked before anything is sent', () => {
  it.each([
    ['WeChat page 0', (c: ReturnType<MoorRig['client']>) => c.listWeChatMessages({ page: 0, pageSize: 10 }), 'page'],
    ['WeChat page 501', (c: ReturnType<MoorRig['client']>) => c.listWeChatContacts({ page: 501, pageSize: 10 }), 'page'],
    ['WeChat pageSize 101', (c: ReturnType<MoorRig['client']>) => c.listWeChatGroups({ page: 1, pageSize: 101 }), 'pageSize'],
    ['calls pageSize 501', (c: ReturnType<MoorRig['client']>) => c.listCalls({ page: 1, pageSize: 501 }), 'pageSize'],
    ['SMS page 1.5', (c: ReturnType<MoorRig['client']>) => c.listSms({ page: 1.5, pageSize: 10 }), 'page'],
    ['end before start', (c: ReturnType<MoorRig['client']>) => c.listCalls({ page: 1, pageSize: 10, start: 2000, end: 1000 }), 'end'],
    ['customer without phone', (c: ReturnType<MoorRig['client']>) => c.addCustomer({ name: '张三', phone: ' ' }), 'phone'],
    ['dial a word', (c: ReturnType<MoorRig['client']>) => c.callPhone({ callPhone: 'call me', userPhone: '13800000000' }), 'callPhone'],
    ['members without group', (c: ReturnType<MoorRig['client']>) => c.listWeChatGroupMembers({ chatRoomId: '', page: 1, pageSize: 10 }), 'chatRoomId'],
  ])('%s → VALIDATION', async (_name, call, field) => {
    const error = await rejectionOf(call(rig.client()));
    expect(error.code).toBe('VALIDATION');
    expect(error.details).toEqual({ field });
    expect(error.messageZh).not.toBe('');
    expect(rig.sim.requests.filter((r) => r.endpoint.startsWith('api/'))).toHaveLength(0);
  });
});

describe('MoorClient: vendor failures in the agent words', () => {
  it.each(Object.keys(MOOR_STATUS_ADVICE).map(Number))('statusCode %i → VENDOR with its own advice', async (statusCode) => {
    rig.sim.injectFault('api/device/call', { kind: 'statusCode', statusCode, msg: `原因${statusCode}` });
    const error = await rejectionOf(rig.client().listCalls({ page: 1, pageSize: 10 }));
    expect(error.code).toBe('VENDOR');
    expect(error.details).toMatchObject({ endpoint: 'moor.device.call', vendorCode: 0, statusCode, vendorMsg: `原因${statusCode}` });
    expect(error.messageZh).toContain(MOOR_STATUS_ADVICE[statusCode]!.zh);
    expect(error.message).toContain(MOOR_STATUS_ADVICE[statusCode]!.en);
    // A business refusal is not repeated.
    expect(rig.sim.requestsTo('api/device/call')).toHaveLength(1);
  });

  it('4001 when the work phone is offline, from the simulator itself', async () => {
    const phone = rig.sim.dataset.offlinePhones[0]!;
    const error = await rejectionOf(rig.client().callPhone({ callPhone: '13912345678', userPhone: phone }));
    expect(error.details).toMatchObject({ statusCode: 4001 });
    expect(error.messageZh).toContain('工作手机不在线');
    expect(rig.sim.dials).toHaveLength(0);
    rig.sim.setPhoneOnline(phone, true);
    await rig.client().callPhone({ callPhone: '13912345678', userPhone: phone });
    expect(rig.sim.dials).toHaveLength(1);
  });

  it('4004 for a work-phone number 7moor does not know', async () => {
    const error = await rejectionOf(rig.client().autoAddWx({ phone: '13912345678', userPhone: '13000000000' }));
    expect(error.details).toMatchObject({ statusCode: 4004 });
  });

  it('4008 and 4009 tenant modes stop sign-in with the admin advice, not a relogin', async () => {
    rig.sim.setMode('ipNotWhitelisted');
    const client = rig.client();
    const whitelist = await rejectionOf(client.getAgents());
    expect(whitelist.details).toMatchObject({ statusCode: 4008 });
    expect(whitelist.messageZh).toContain('白名单');
    expect(client.auth.state).not.toBe('reloginNeeded');
    rig.sim.setMode('notConfigured');
    expect((await rejectionOf(client.getAgents())).details).toMatchObject({ statusCode: 4009 });
  });

  it('4018 from the simulator for a span over a month', async () => {
    const client = rig.client();
    const long = await rejectionOf(client.listCalls({ page: 1, pageSize: 10, start: rig.clock.now() - 40 * 86_400_000, end: rig.clock.now() }));
    expect(long.details).toMatchObject({ statusCode: 4018 });
    expect(long.messageZh).toContain('一个月以内');
  });

  it('a malformed answer is a clear VENDOR error', async () => {
    rig.sim.injectFault('api/wechat/getWeChatRoomByPage', { kind: 'malformed' });
    const error = await rejectionOf(rig.client().listWeChatGroups({ page: 1, pageSize: 10 }));
    expect(error.code).toBe('VENDOR');
    expect(error.message).toContain('not valid JSON');
  });
});

describe('MoorClient: retries only where repeating is safe', () => {
  it('a 5xx on callPhone is not retried: the customer must not be dialled twice', async () => {
    const agent = rig.sim.dataset.agents[0]!;
    rig.sim.injectFault('api/crm/callPhone', { kind: '5xx', status: 503 });
    const error = await rejectionOf(rig.client().callPhone({ callPhone: '13912345678', userPhone: agent.phone }));
    expect(error.code).toBe('VENDOR');
    expect(error.details).toMatchObject({ httpStatus: 503 });
    expect(rig.sim.requestsTo('api/crm/callPhone')).toHaveLength(1);
  });

  it.each(['addCustomer', 'autoAddWx'] as const)('a dropped connection on %s is not retried', async (name) => {
    rig.sim.injectFault(`api/crm/${name}`, { kind: 'drop' });
    const client = rig.client();
    const agent = rig.sim.dataset.agents[0]!;
    const call = name === 'addCustomer' ? client.addCustomer({ name: '孙七', phone: '13700000000' }) : client.autoAddWx({ phone: '13700000000', userPhone: agent.phone });
    expect((await rejectionOf(call)).code).toBe('NETWORK');
    expect(rig.sim.requestsTo(`api/crm/${name}`)).toHaveLength(1);
  });

  it('a 5xx and a dropped connection on listCalls are retried, with a fresh timestamp', async () => {
    rig.sim.injectFault('api/device/call', { kind: '5xx', times: 1 });
    rig.sim.injectFault('api/device/call', { kind: 'drop', times: 1 });
    const page = await rig.client().listCalls({ page: 1, pageSize: 10 });
    expect(page.items).toHaveLength(10);
    const attempts = rig.sim.requestsTo('api/device/call');
    expect(attempts.map((r) => r.outcome)).toEqual(['fault', 'fault', 'ok']);
    expect(new Set(attempts.map((r) => r.query['timestamp'])).size).toBeGreaterThan(1);
  });

  it('a slow answer times out as TIMEOUT', async () => {
    rig.sim.injectFault('api/crm/getUsers', { kind: 'delay', ms: 400, times: 5 });
    const error = await rejectionOf(rig.client({ timeoutMs: 100, maxAttempts: 2 }).getAgents());
    expect(error.code).toBe('TIMEOUT');
  });
});

describe('MoorClient: rate budget', () => {
  it('never sends more than 20 list calls a minute per endpoint and uses the budget fully', async () => {
    const client = rig.client();
    for (let i = 0; i < 45; i++) await client.listWeChatMessages({ page: 1, pageSize: 10 });
    const times = rig.sim.requestsTo('api/wechat/getWeMessageByPage').map((r) => r.at);
    expect(times).toHaveLength(45);
    expect(rig.sim.requests.some((r) => r.outcome === 'rateLimited')).toBe(false);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(20);
    // The first 20 go at once: a backfill with work to do does not idle.
    expect(times.slice(0, 20).every((t) => t === times[0])).toBe(true);
  });

  it('budgets are per endpoint, injectable, and shared by clients given the same limiter', async () => {
    const limiter = new RateLimiter(() => ({ limit: 3, intervalMs: 10_000 }), rig.clock);
    const a = rig.client({ limiter });
    const b = rig.client({ limiter });
    for (let i = 0; i < 4; i++) {
      await a.listSms({ page: 1, pageSize: 1 });
      await b.listSms({ page: 1, pageSize: 1 });
    }
    const times = rig.sim.requestsTo('api/device/sms').map((r) => r.at);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 10_000).length).toBeLessThanOrEqual(3);
  });

  it('a vendor 429 is waited out (Retry-After) and the read succeeds', async () => {
    rig = await suite.restart({ rateLimit: { limit: 2, intervalMs: 60_000 } });
    const client = rig.client({ rateBudget: { limit: 100, intervalMs: 60_000 } });
    for (let i = 0; i < 3; i++) await client.getAgents();
    const outcomes = rig.sim.requestsTo('api/crm/getUsers').map((r) => r.outcome);
    expect(outcomes).toEqual(['ok', 'ok', 'rateLimited', 'ok']);
  });
});

describe('MoorClient: secrets stay out of logs and errors', () => {
  it('errors carry no token and the stored token is never returned', async () => {
    const client = rig.client();
    rig.sim.injectFault('api/device/sms', { kind: '5xx', times: 10 });
    const error = await rejectionOf(client.listSms({ page: 1, pageSize: 1 }));
    const token = await rig.secrets.get(ACCOUNT, 'accessToken');
    expect(token).toBeTruthy();
    expect(JSON.stringify(error.toJSON())).not.toContain(token!);
    expect(error.message).not.toContain(token!);
  });
});
