// What each vendor client does with what its decoder cannot fully read, against the real
// simulators over HTTP: kept records carry their gaps, everything else is reported with a scrubbed
// sample, and nothing that arrived is dropped unseen.
import { afterEach, describe, expect, it } from 'vitest';
import type { UndecodedObservation } from '@shared/model';
import { MemorySecretStore } from '../secrets/secret-store';
import { MOOR_DECODER_VERSION } from './moor/message-decoder';
import { startRig, type MoorRig } from './moor/test-support';
import { CallRow } from './moor/wire';
import { readRow, unreadFields, unreadFieldsOf, type RowReader } from './undecoded';
import { YOUMI_DECODER_VERSION } from './youmi/decoder';
import { failureOf, startTestbed, type YoumiTestbed } from './youmi/test-kit';
import { YoumiV1Client } from './youmi/v1-client';
import { YoumiV2Client } from './youmi/v2-client';
import { tokenFromSecretStore, ZhugeClient } from './zhuge/client';
import { ZHUGE_DECODER_VERSION } from './zhuge/decoder';
import { startZhugeSimulator, type ZhugeSimulator } from './zhuge/simulator';

describe('unread fields', () => {
  it('are the fields sent with a value the reader could not use; absent, null and empty ones are not', () => {
    expect(unreadFields({ a: { x: 1 }, b: 'ok', c: null, d: '', e: [1] }, { b: 'ok' }, ['a', 'b', 'c', 'd', 'e', 'f'])).toEqual([
      { field: 'a', type: 'object' },
      { field: 'e', type: 'array' },
    ]);
  });

  it('follow the lenient wire schemas: documented alternatives are read, a wrong type is not', () => {
    expect(unreadFieldsOf(CallRow, { _id: 'c1', duration: '35', contactTel: 13812345678 })).toEqual([]);
    expect(unreadFieldsOf(CallRow, { _id: 'c1', duration: 'half a minute', contactTel: { n: 1 } })).toEqual([
      { field: 'contactTel', type: 'object' },
      { field: 'duration', type: 'string' },
    ]);
  });
});

describe('readRow', () => {
  const reader = (recordType: 'call' | 'contact'): RowReader<{ id: string }> => ({
    recordType,
    decode: (row) => (row && typeof row === 'object' ? { id: String((row as { id?: unknown }).id) } : undefined),
    unread: (row) => unreadFields(row, {}, ['bad']),
    key: (item) => item.id,
  });

  it('lets a kept record carry its gaps into the store', () => {
    expect(readRow(reader('call'), 'x.calls', 3, { id: 'c1', bad: {} })).toEqual({
      item: { id: 'c1', gaps: { endpoint: 'x.calls', decoder: 3, unread: [{ field: 'bad', type: 'object' }] } },
    });
    expect(readRow(reader('call'), 'x.calls', 3, { id: 'c2' })).toEqual({ item: { id: 'c2' } });
  });

  it('reports a record the cache does not keep, with its payload', () => {
    const { item, observation } = readRow(reader('contact'), 'x.contacts', 3, { id: 'k1', bad: [1] });
    expect(item).toEqual({ id: 'k1' });
    expect(observation).toMatchObject({ kind: 'partlyRead', recordType: 'contact', recordKey: 'k1', detail: { fields: [{ field: 'bad', type: 'array' }] }, decoder: 3 });
    expect(JSON.parse(observation!.sample!)).toEqual({ id: 'k1', bad: [1] });
  });

  it('reports a row that cannot become a record, under a fingerprint of the row', () => {
    const first = readRow(reader('call'), 'x.calls', 3, 'not a row');
    expect(first.item).toBeUndefined();
    expect(first.observation).toMatchObject({ kind: 'unreadableRow', recordType: 'call', sample: 'not a row', detail: { reason: 'a string where a record belongs' } });
    expect(readRow(reader('call'), 'x.calls', 3, 'not a row').observation?.recordKey).toBe(first.observation?.recordKey);
    expect(readRow(reader('call'), 'x.calls', 3, 42).observation?.recordKey).not.toBe(first.observation?.recordKey);
  });
});

describe('7moor client', () => {
  let rig: MoorRig;
  afterEach(() => rig?.close());

  async function moor() {
    rig = await startRig({ rateLimit: false });
    const seen: UndecodedObservation[] = [];
    return { client: rig.client({ onUndecoded: (o) => seen.push(...o) }), seen };
  }

  it('marks a message of an unknown type and a call with an unreadable field, and keeps both', async () => {
    const { client, seen } = await moor();
    const chatId = rig.sim.dataset.messages[0]!.chatId;
    rig.sim.dataset.messages.push({ id: 'm-999', chatId, msgType: '999', msg: '{"x":1}', date: '2024-06-20 09:59:00', ts: 1718848740, msgId: '1', isSend: '0' });
    const messages = await client.listWeChatMessages({ page: 1, pageSize: 100, start: rig.clock.now() - 3_600_000, end: rig.clock.now() });
    const unknown = messages.items.find((m) => m.vendorMsgId === 'm-999');
    expect(unknown).toMatchObject({ content: { kind: 'unknown', body: { vendorType: '999' } }, gaps: { endpoint: 'moor.wechat.getWeMessageByPage', decoder: MOOR_DECODER_VERSION, unread: [] } });
    expect(messages.items.filter((m) => m.vendorMsgId !== 'm-999' && m.gaps)).toEqual([]);

    const call = { ...rig.sim.dataset.calls[0]!, _id: 'odd-call', duration: { seconds: 35 } as unknown as number, beginTime: 'gestern' };
    rig.sim.dataset.calls.push(call);
    const calls = await client.listCalls({ page: 1, pageSize: 500 });
    expect(calls.items.find((c) => c.vendorId === 'odd-call')?.gaps?.unread).toEqual([
      { field: 'duration', type: 'object' },
      { field: 'beginTime', type: 'string' },
    ]);
    expect(seen).toEqual([]);
  });

  it('reports directory rows it could only partly read, and rows that are no record at all', async () => {
    const { client, seen } = await moor();
    const contacts = rig.sim.dataset.contacts;
    contacts.unshift({ ...contacts[0]!, _id: 'odd-friend', nick: { name: '王姐 13912345678' } } as unknown as (typeof contacts)[number]);
    contacts.unshift('just text' as unknown as (typeof contacts)[number]);
    const page = await client.listWeChatContacts({ page: 1, pageSize: 100 });
    expect(page.items.some((c) => c.vendorId === 'odd-friend')).toBe(true);
    const byKind = Object.fromEntries(seen.map((o) => [o.kind, o]));
    expect(seen.map((o) => [o.kind, o.recordType, o.endpoint]).sort()).toEqual([
      ['partlyRead', 'contact', 'moor.wechat.getWeContactByPage'],
      ['unreadableRow', 'contact', 'moor.wechat.getWeContactByPage'],
    ]);
    expect(byKind.unreadableRow!.sample).toBe('just text');
    expect(byKind.partlyRead).toMatchObject({ recordKey: 'odd-friend', detail: { fields: [{ field: 'nick', type: 'object' }] } });
  });

  it('keeps an answer that is not JSON before failing, and never a token or the client secret', async () => {
    const { client, seen } = await moor();
    rig.sim.injectFault('api/crm/getUsers', { kind: 'malformed' });
    await expect(client.getAgents()).rejects.toMatchObject({ code: 'VENDOR' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'unreadableAnswer', recordType: 'answer', endpoint: 'moor.crm.getUsers', detail: { reason: 'not JSON', httpStatus: 200 } });
    expect(seen[0]!.sample).toContain('"list":[{"id":');
    for (const secret of rig.sim.secrets()) expect(JSON.stringify(seen)).not.toContain(secret);
  });
});

describe('Youmi clients', () => {
  let bed: YoumiTestbed;
  afterEach(() => bed?.sim.close());

  it('mark rows of an unknown type or with fields they could not read, v1 and v2 alike', async () => {
    bed = await startTestbed();
    const seen: UndecodedObservation[] = [];
    const options = bed.clientOptions({ onUndecoded: (o) => seen.push(...o) });
    const fan = bed.sim.fans()[0]!;
    const row = bed.sim.appendInbound({ wechatId: fan.wechatId, fansKey: fan.wxid, type: 9999, content: '新消息类型' });
    const odd = bed.sim.appendInbound({ wechatId: fan.wechatId, fansKey: fan.wxid, type: 1, content: '你好' });
    (odd as unknown as Record<string, unknown>).ad_friend_name = { nick: '张三' };
    (odd as unknown as Record<string, unknown>).ad_chatting_resvred = '%E4%ZZ not json';

    const v2 = await new YoumiV2Client(options).getChat({ fansKey: fan.wxid, wechatId: fan.wechatId, minChattingId: row.ad_chatting_id! - 1 });
    expect(v2.messages.map((m) => m.gaps)).toEqual([
      { endpoint: 'youmi.v2.GetChat', decoder: YOUMI_DECODER_VERSION, unread: [] },
      { endpoint: 'youmi.v2.GetChat', decoder: YOUMI_DECODER_VERSION, unread: [{ field: 'ad_friend_name', type: 'object' }, { field: 'ad_chatting_resvred', type: 'string' }] },
    ]);
    const v1 = await new YoumiV1Client(options).listChatRecords({ page: 1, pageSize: 5 });
    expect(v1.messages.find((m) => m.content.kind === 'unknown')?.gaps?.endpoint).toBe('youmi.v1.ChatMess.list');
    expect(seen).toEqual([]);
  });

  it('keep an answer that is not JSON before failing', async () => {
    bed = await startTestbed();
    const seen: UndecodedObservation[] = [];
    bed.sim.injectFault('v1.list', { kind: 'malformed', times: 4 });
    const error = await failureOf(new YoumiV1Client(bed.clientOptions({ onUndecoded: (o) => seen.push(...o), maxAttempts: 1 })).listChatRecords());
    expect(error.code).toBe('VENDOR');
    expect(seen).toMatchObject([{ kind: 'unreadableAnswer', endpoint: 'youmi.v1.ChatMess.list', detail: { reason: 'not JSON' } }]);
    expect(JSON.stringify(seen)).not.toContain(bed.sim.token);
  });
});

describe('Zhuge client', () => {
  let sim: ZhugeSimulator;
  afterEach(() => sim?.close());

  async function zhuge() {
    sim = await startZhugeSimulator({ seed: 7 });
    const account = sim.account(1);
    const secrets = new MemorySecretStore();
    await secrets.set('zhuge-1', 'token', account.token);
    const seen: UndecodedObservation[] = [];
    const client = new ZhugeClient({ ...account, getToken: tokenFromSecretStore(secrets, 'zhuge-1'), backoff: { baseMs: 1, capMs: 5 }, onUndecoded: (o) => seen.push(...o) });
    return { client, seen, account };
  }

  it('marks a message of an unknown info_type from either endpoint', async () => {
    const { client, seen } = await zhuge();
    sim.appendInbound({ customerId: 1, content: { info_type: 9, msg: '新的类型' } });
    const latest = await client.fetchLatest();
    expect(latest.messages.at(-1)).toMatchObject({ content: { kind: 'unknown' }, gaps: { endpoint: 'zhuge.getmsg', decoder: ZHUGE_DECODER_VERSION, unread: [] } });
    const history = await client.fetchHistoryPage({ page: 1, length: 50 });
    expect(history.messages.filter((m) => m.gaps).map((m) => m.gaps?.endpoint)).toEqual(['zhuge.chat']);
    expect(seen).toEqual([]);
  });

  it('keeps an answer cut off in transit, without the token', async () => {
    const { client, seen, account } = await zhuge();
    sim.injectFault('chat', { kind: 'malformed', times: 4 });
    await expect(client.fetchHistoryPage({ page: 1 })).rejects.toMatchObject({ code: 'VENDOR' });
    expect(seen[0]).toMatchObject({ kind: 'unreadableAnswer', endpoint: 'zhuge.chat', detail: { reason: 'not JSON' } });
    expect(JSON.stringify(seen)).not.toContain(account.token);
  });
});
