// The lead's services through the real router, a real SQLite file and the real vendor simulators
// over HTTP: reply with the outbox, dial, add on WeChat, CRM, records and CSV, inbox paging, search.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '@shared/ipc/define';
import { createAppCore, type AppCore } from '../../electron/main/app/core';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { MY_WORK_PHONE_KEY } from '../../electron/main/services/work-phone';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { decodeYoumiV2Row } from '../../electron/main/vendors/youmi/decoder';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { RAW_PAYLOAD_LIMIT } from '@shared/raw-payload';
import { cacheYoumiChats } from '../helpers/youmi-cache';

let core: AppCore;
let moor: MoorSimulator;
let youmi: YoumiSimulator;
const secrets = new MemorySecretStore();

async function call<T = unknown>(method: string, input: unknown): Promise<T> {
  const result = (await core.router.invoke(method, input)) as Result<T>;
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value;
}

async function fail(method: string, input: unknown) {
  const result = await core.router.invoke(method, input);
  expect(result.ok, `${method} should fail`).toBe(false);
  return (result as { error: { code: string; message: string; messageZh: string; details?: Record<string, unknown> } }).error;
}

beforeAll(async () => {
  moor = await startMoorSimulator({ rateLimit: false });
  youmi = await startYoumiSimulator();
  core = await createAppCore({ host: 'web', dataDir: mkdtempSync(join(tmpdir(), 'wp-services-')), secrets });
  const { store } = core.context;
  store.accounts.upsert({ id: 'moor-1', vendor: 'moor', label: '七陌', baseUrl: moor.url, settings: { clientId: moor.credentials.clientId } });
  await secrets.set('moor-1', 'clientSecret', moor.credentials.clientSecret);
  cacheYoumiChats(store, youmi);
  await secrets.set('youmi-1', 'token', youmi.token);
});

afterAll(async () => {
  await core?.close();
  await moor?.close();
  await youmi?.close();
});

describe('inbox', () => {
  it('pages conversations newest first and messages by keyset in both directions', async () => {
    const first = await call<{ items: { id: number; lastMessageAt?: number }[]; nextCursor?: string }>('inbox.listConversations', { limit: 5 });
    expect(first.items).toHaveLength(5);
    const times = first.items.map((c) => c.lastMessageAt ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const second = await call<{ items: { id: number }[] }>('inbox.listConversations', { limit: 5, cursor: first.nextCursor });
    expect(second.items.map((c) => c.id)).not.toContain(first.items[0]!.id);

    const conversationId = first.items[0]!.id;
    const latest = await call<{ items: { id: number; sentAt: number }[]; olderCursor?: string }>('inbox.listMessages', { conversationId, limit: 3 });
    expect(latest.items.length).toBeGreaterThan(0);
    if (latest.olderCursor) {
      const older = await call<{ items: { id: number }[]; newerCursor?: string }>('inbox.listMessages', { conversationId, limit: 3, before: latest.olderCursor });
      expect(Math.max(...older.items.map((m) => m.id))).toBeLessThan(latest.items[0]!.id);
      expect(older.newerCursor).toBeDefined();
    }
    const around = await call<{ items: { id: number }[] }>('inbox.listMessages', { conversationId, around: latest.items[0]!.id, limit: 5 });
    expect(around.items.map((m) => m.id)).toContain(latest.items[0]!.id);
  });

  it('refuses a forged cursor and an unknown conversation with typed errors', async () => {
    expect((await fail('inbox.listConversations', { cursor: 'not-a-cursor' })).code).toBe('VALIDATION');
    expect((await fail('inbox.listMessages', { conversationId: 999_999 })).code).toBe('NOT_FOUND');
  });
});

describe('reply through the outbox', () => {
  const replyTo = async () => (await call<{ items: { id: number; vendorConversationId: string }[] }>('inbox.listConversations', { accountId: 'youmi-1', limit: 1 })).items[0]!;

  it('answers pending at once, then the simulator receives it once and the message turns sent', async () => {
    const conversation = await replyTo();
    const sendsBefore = youmi.v2Sends().length;
    const pending = await call<{ id: number; status: string }>('reply.send', { conversationId: conversation.id, content: { kind: 'text', text: '您好，报价单已发您邮箱' } });
    expect(pending.status).toBe('pending');
    await expect.poll(() => core.context.store.messages.get(pending.id)?.status, { timeout: 10_000 }).toBe('sent');
    const sends = youmi.v2Sends().slice(sendsBefore);
    expect(sends).toHaveLength(1);
    const [wechatId, fansKey] = conversation.vendorConversationId.split(':');
    expect(sends[0]!.body).toMatchObject({ MsgType: 'text', Text: '您好，报价单已发您邮箱', WechatId: wechatId, ToUserName: fansKey, RelationType: 0 });
  });

  it('shows a failing send as failed, with the reason, and sends it on retry', async () => {
    const conversation = await replyTo();
    youmi.injectFault('v2.send', { kind: 'succeedFalse' });
    const pending = await call<{ id: number }>('reply.send', { conversationId: conversation.id, content: { kind: 'link', url: 'https://example.com/p', title: '产品介绍' } });
    await expect.poll(() => core.context.store.messages.get(pending.id)?.status, { timeout: 10_000 }).toBe('failed');
    expect(core.context.store.messages.get(pending.id)?.failureReason).toBeTruthy();
    const before = youmi.v2Sends().length;
    await call('reply.retry', { messageId: pending.id });
    await expect.poll(() => core.context.store.messages.get(pending.id)?.status, { timeout: 10_000 }).toBe('sent');
    expect(youmi.v2Sends().length).toBe(before + 1);
  });

  it('never repeats a v2 send whose answer was lost: failed with "check the chat"', async () => {
    const conversation = await replyTo();
    youmi.injectFault('v2.send', { kind: '5xx', afterAction: true });
    const before = youmi.v2Sends().length;
    const pending = await call<{ id: number }>('reply.send', { conversationId: conversation.id, content: { kind: 'text', text: '收到请回复' } });
    await expect.poll(() => core.context.store.messages.get(pending.id)?.status, { timeout: 10_000 }).toBe('failed');
    expect(core.context.store.messages.get(pending.id)?.failureReason).toContain('check the chat');
    expect(youmi.v2Sends().length).toBe(before + 1);
  });

  it('refuses kinds the conversation cannot send, and read-only conversations', async () => {
    const conversation = await replyTo();
    const bad = await fail('reply.send', { conversationId: conversation.id, content: { kind: 'text', text: '   ' } });
    expect(bad.code).toBe('VALIDATION');
    const hostile = await fail('reply.send', { conversationId: conversation.id, content: { kind: 'image', url: 'javascript:alert(1)' } });
    expect(hostile.code).toBe('VALIDATION');
  });

  it('keeps drafts and quick replies', async () => {
    const conversation = await replyTo();
    await call('reply.saveDraft', { conversationId: conversation.id, text: '草稿：明天下午三点' });
    expect(await call('reply.getDraft', { conversationId: conversation.id })).toEqual({ text: '草稿：明天下午三点' });
    const saved = await call<{ id: number }>('quickReplies.save', { title: '问候', content: { kind: 'text', text: '您好，我是您的专属顾问' } });
    const found = await call<{ id: number }[]>('quickReplies.list', { query: '顾问' });
    expect(found.map((q) => q.id)).toContain(saved.id);
    await call('quickReplies.remove', { id: saved.id });
    expect(await call<unknown[]>('quickReplies.list', { query: '顾问' })).toEqual([]);
  });
});

describe('click-to-dial and add on WeChat', () => {
  it('explains what to set when the work-phone number is missing', async () => {
    const error = await fail('dial.call', { phone: '13800138000' });
    expect(error.code).toBe('VALIDATION');
    expect(error.details).toMatchObject({ field: 'workPhone' });
    expect(error.messageZh).toContain('我的工作手机');
  });

  it('asks 7moor to ring the agent first and records the attempt', async () => {
    const agent = moor.dataset.agents[0]!;
    core.context.store.settings.set(MY_WORK_PHONE_KEY, { accountId: 'moor-1', agentId: agent._id, agentName: agent.name, phone: agent.phone });
    const attempt = await call<{ state: string; phone: string; workPhone: string }>('dial.call', { phone: '+86 139-0013-9000', source: 'message' });
    expect(attempt).toMatchObject({ state: 'calling', phone: '13900139000', workPhone: agent.phone });
    expect(moor.dials.at(-1)).toMatchObject({ callPhone: '13900139000', userPhone: agent.phone });
    const history = await call<{ phone: string }[]>('dial.listAttempts', {});
    expect(history[0]?.phone).toBe('13900139000');
  });

  it('reports a work phone that is offline (4001) and logs the failed attempt', async () => {
    const offline = moor.dataset.agents.at(-1)!;
    core.context.store.settings.set(MY_WORK_PHONE_KEY, { accountId: 'moor-1', agentId: offline._id, phone: offline.phone });
    moor.setPhoneOnline(offline.phone, false);
    const error = await fail('dial.call', { phone: '13900139001' });
    expect(error.code).toBe('VENDOR');
    expect(JSON.stringify(error.details)).toContain('4001');
    const history = await call<{ state: string }[]>('dial.listAttempts', {});
    expect(history[0]?.state).toBe('failed');
  });

  it('refuses hostile numbers before calling anyone', async () => {
    const agent = moor.dataset.agents[0]!;
    core.context.store.settings.set(MY_WORK_PHONE_KEY, { accountId: 'moor-1', agentId: agent._id, phone: agent.phone });
    const dialsBefore = moor.dials.length;
    for (const phone of ['1380013800012345678', '+1 (555) 010-9999', '１３８-abc']) {
      const result = await core.router.invoke('dial.call', { phone });
      expect(result.ok).toBe(false);
    }
    expect(moor.dials.length).toBe(dialsBefore);
  });

  it('sends the WeChat friend request from the work phone', async () => {
    const agent = moor.dataset.agents[0]!;
    const request = await call<{ phone: string }>('dial.addWeChat', { phone: '13700137000' });
    expect(request.phone).toBe('13700137000');
    expect(moor.weChatAdds.at(-1)).toMatchObject({ phone: '13700137000', userPhone: agent.phone });
    expect(await call('dial.checkWeChatAdded', { phone: '13700137000', since: Date.now() })).toEqual({ found: false });
  });
});

describe('CRM', () => {
  it('creates, edits and deletes a customer through 7moor and keeps the local list in step', async () => {
    const template = await call<{ key: string; label: string }[]>('crm.getTemplate', { accountId: 'moor-1' });
    expect(template.map((f) => f.key)).toContain('name');
    const extraKey = template.find((f) => !['name', 'phone'].includes(f.key))!.key;
    const created = await call<{ vendorId: string; phone: string }>('crm.createCustomer', { accountId: 'moor-1', name: '王小姐', phone: '138-0013-8111', fields: { [extraKey]: '展会' } });
    expect(created.phone).toBe('13800138111');
    const listed = await call<{ items: { vendorId: string; name: string }[] }>('crm.listCustomers', { query: '王小' });
    expect(listed.items.map((c) => c.vendorId)).toContain(created.vendorId);

    const updated = await call<{ name: string; fields: Record<string, string> }>('crm.updateCustomer', { accountId: 'moor-1', vendorId: created.vendorId, name: '王女士', fields: { [extraKey]: '老客户' } });
    expect(updated).toMatchObject({ name: '王女士', fields: { [extraKey]: '老客户' } });
    expect(moor.requestsTo('api/crm/uptCustomer').at(-1)?.body).toMatchObject({ id: created.vendorId, name: '王女士', [extraKey]: '老客户' });
    expect(await call('crm.getCustomerByPhone', { phone: '13800138111' })).toMatchObject({ name: '王女士' });

    await call('crm.deleteCustomer', { accountId: 'moor-1', vendorId: created.vendorId });
    expect(await call('crm.getCustomerByPhone', { phone: '13800138111' })).toBeNull();
  });

  it("shows the customer's WeChat ids from the contacts that carry the same number", async () => {
    core.context.store.applyContactPage({ accountId: 'moor-1', items: [{ vendorContactId: 'c-wx-1', name: '赵先生', phones: ['13800138333'], wxNo: 'wxid_zhao333' }] });
    await call('crm.createCustomer', { accountId: 'moor-1', name: '赵先生', phone: '13800138333' });
    const listed = await call<{ items: { phone: string; wechatIds?: string[] }[] }>('crm.listCustomers', { query: '赵先生' });
    expect(listed.items.find((c) => c.phone === '13800138333')?.wechatIds).toEqual(['wxid_zhao333']);
  });

  it('refuses fields outside the template and a missing name', async () => {
    expect((await fail('crm.createCustomer', { accountId: 'moor-1', name: '李', phone: '13800138222', fields: { injected: 'x' } })).code).toBe('VALIDATION');
    expect((await fail('crm.createCustomer', { accountId: 'moor-1', name: ' ', phone: '13800138222' })).code).toBe('VALIDATION');
    expect(moor.requestsTo('api/crm/addCustomer').filter((r) => JSON.stringify(r.body).includes('13800138222'))).toHaveLength(0);
  });
});

describe('records and search', () => {
  beforeAll(async () => {
    const client = core.context.vendors.moor('moor-1');
    const calls = await client.listCalls({ page: 1, pageSize: 500 });
    core.context.store.applyCallPage({ accountId: 'moor-1', items: calls.items });
  });

  it('filters calls and exports them as CSV safe for Excel', async () => {
    const all = await call<{ items: { direction: string; connected: boolean }[] }>('records.listCalls', { limit: 500 });
    expect(all.items.length).toBeGreaterThan(0);
    const inbound = await call<{ items: { direction: string }[] }>('records.listCalls', { filters: { direction: 'in' }, limit: 500 });
    expect(inbound.items.every((c) => c.direction === 'in')).toBe(true);
    const csv = await call<{ filename: string; csv: string }>('records.exportCallsCsv', { filters: {} });
    expect(csv.csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.csv.split('\r\n').length).toBeGreaterThan(all.items.length);
    expect(csv.filename).toMatch(/\.csv$/);
  });

  it("calls, SMS and the timeline carry 7moor's row as received; a payload over the cap is cut and says its length", async () => {
    const { store } = core.context;
    const client = core.context.vendors.moor('moor-1');
    store.applySmsPage({ accountId: 'moor-1', items: (await client.listSms({ page: 1, pageSize: 500 })).items });
    const calls = await call<{ items: { vendorId: string; contactPhone: string; raw: string; rawLength?: number }[] }>('records.listCalls', { limit: 500 });
    const sms = await call<{ items: { vendorId: string; raw: string; rawLength?: number }[] }>('records.listSms', { limit: 500 });
    expect(sms.items.length).toBeGreaterThan(0);
    for (const item of [...calls.items, ...sms.items]) {
      const row = JSON.parse(item.raw) as { _id?: string; id?: string };
      expect(row._id ?? row.id).toBe(item.vendorId);
      expect(item.rawLength).toBeUndefined();
    }

    // A row far beyond any the docs show: the cache keeps it whole, IPC carries the first 8,192 units.
    const sample = store.calls.page({}, { limit: 1 }).items[0]!;
    const huge = JSON.stringify({ _id: 'call-huge', remark: `备注${'很长的说明'.repeat(3000)}😀` });
    const { id: _id, accountId: _account, ...record } = sample;
    store.applyCallPage({ accountId: 'moor-1', items: [{ ...record, vendorId: 'call-huge', contactPhone: '13911112222', raw: huge }] });
    const cut = (await call<{ items: { vendorId: string; raw: string; rawLength?: number }[] }>('records.listCalls', { filters: { number: '13911112222' } })).items[0]!;
    expect(cut).toMatchObject({ vendorId: 'call-huge', rawLength: huge.length });
    expect(cut.raw.length).toBe(RAW_PAYLOAD_LIMIT);
    expect(huge.startsWith(cut.raw)).toBe(true);
    expect(store.calls.page({ number: '13911112222' }).items[0]!.raw).toBe(huge);

    const timeline = await call<{ type: string; call?: { raw: string; rawLength?: number }; sms?: { raw: string } }[]>('records.timeline', { phone: '13911112222' });
    expect(timeline.find((t) => t.type === 'call')?.call).toMatchObject({ rawLength: huge.length });
    const smsPhone = sms.items[0]! as unknown as { contactPhone: string; raw: string };
    const smsTimeline = await call<{ type: string; sms?: { raw: string } }[]>('records.timeline', { phone: smsPhone.contactPhone });
    expect(smsTimeline.find((t) => t.type === 'sms')?.sms?.raw).toMatch(/^\{/);
  });

  it('messages carry their vendor row; a huge one is cut for IPC and says how long it is', async () => {
    const { store } = core.context;
    const conversationId = (await call<{ items: { id: number }[] }>('inbox.listConversations', { accountId: 'youmi-1', limit: 1 })).items[0]!.id;
    const conversation = store.conversations.get(conversationId)!;
    const row = { ...youmi.rows()[0]!, ad_chatting_id: 99_999_999, ad_chatting_content: `长消息${'很长的内容'.repeat(4000)}`, ad_wechat_id: Number(conversation.vendorConversationId.split(':')[0]), ad_chatting_talter: conversation.vendorConversationId.split(':')[1]! };
    const decoded = decodeYoumiV2Row(row);
    store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [decoded], countsAsUnread: false });
    const page = await call<{ items: { id: number; vendorMsgId: string; raw: string; truncated?: { rawLength?: number } }[] }>('inbox.listMessages', { conversationId, limit: 200 });
    const huge = page.items.find((m) => m.vendorMsgId === '99999999')!;
    expect(huge.truncated?.rawLength).toBe(decoded.raw.length);
    expect(decoded.raw.startsWith(huge.raw)).toBe(true);
    // The cache keeps the payload whole: the rest is there for the agent who asks.
    const rest = await call<{ text: string; total: number }>('inbox.getMessageText', { id: huge.id, part: 'raw', offset: huge.raw.length, limit: 100_000 });
    expect(huge.raw + rest.text).toBe(decoded.raw);
    // (Our own replies sent by the tests above have no vendor row yet.)
    expect(page.items.filter((m) => m.vendorMsgId !== '99999999' && m.raw !== '').every((m) => m.truncated === undefined && JSON.parse(m.raw) !== null)).toBe(true);
  });

  it('finds messages by two Chinese characters with highlight ranges', async () => {
    const sample = core.context.store.messages.page((await call<{ items: { id: number }[] }>('inbox.listConversations', { accountId: 'youmi-1', limit: 1 })).items[0]!.id).items.find((m) => /[\u4e00-\u9fff]{2}/.test(m.text))!;
    const term = /[\u4e00-\u9fff]{2}/.exec(sample.text)![0];
    const result = await call<{ messages: { snippet: { text: string; highlights: [number, number][] } }[] }>('search.query', { query: term });
    expect(result.messages.length).toBeGreaterThan(0);
    const [start, end] = result.messages[0]!.snippet.highlights[0]!;
    expect(result.messages[0]!.snippet.text.slice(start, end)).toBe(term);
  });
});
