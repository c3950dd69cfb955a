// First contact with a tenant whose data this version cannot fully read, through the real app
// core, its router and sync against the 7moor simulator over HTTP: a message of an unknown type
// and a friend row with a field of the wrong type are kept and counted per endpoint and kind, and
// the report a user can copy masks names, numbers and WeChat ids and never holds a secret, even one
// the vendor echoed back; nor does the cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { databaseText, marker, moorDraft, startApp, type TestApp } from './accounts-kit';

let moor: MoorSimulator;
let app: TestApp;
const clientSecret = marker('moor-undecoded-secret');

beforeAll(async () => {
  moor = await startMoorSimulator({ rateLimit: false, clientSecret });
  const chatId = moor.dataset.messages[0]!.chatId;
  const now = Date.now();
  moor.dataset.messages.push({
    id: 'm-new-type',
    chatId,
    from: 'wxid_customer77',
    msgType: '999',
    msg: JSON.stringify({ nickName: '周大福', phone: '13912345678', title: '新品发布会邀请' }),
    date: '2026-01-15 12:00:00',
    ts: Math.floor(now / 1000) - 60,
    msgId: '77',
    isSend: '0',
  });
  const contacts = moor.dataset.contacts;
  // A friend whose nickname arrives as an object, which happens to echo the client secret.
  contacts.push({ ...contacts[0]!, _id: 'odd-friend', nick: { text: '王姐 13812345678', note: clientSecret, accessToken: 'echoed-token-123456' } } as unknown as (typeof contacts)[number]);
  app = await startApp({ secrets: new MemorySecretStore(), realSync: true });
});

afterAll(async () => {
  await app?.close();
  await moor?.close();
});

describe('what this version could not read, in the health panel', () => {
  it('is kept and counted per endpoint and kind, with a report that shows the structure and masks people and secrets', async () => {
    const account = await app.call('accounts.add', moorDraft(moor));
    await expect
      .poll(async () => (await app.call('health.listUndecoded', { accountId: account.id })).map((g) => `${g.endpoint} ${g.recordType} ${g.kind} ${g.count}`).sort(), { timeout: 30_000, interval: 250 })
      .toEqual(['moor.wechat.getWeContactByPage contact partlyRead 1', 'moor.wechat.getWeMessageByPage message unknownType 1']);

    const groups = await app.call('health.listUndecoded', { accountId: account.id });
    const message = groups.find((g) => g.recordType === 'message')!;
    expect(message.vendorTypes).toEqual(['999']);
    expect(message.report).toContain('endpoint:   moor.wechat.getWeMessageByPage');
    expect(message.report).toContain('"msgType": "999"');
    expect(message.report).toContain('"from": "wxid_**********"');
    const contact = groups.find((g) => g.recordType === 'contact')!;
    expect(contact.fields).toEqual(['nick']);
    expect(contact.report).toContain('138****5678');
    for (const report of [message.report, contact.report]) {
      for (const leak of ['周大福', '13912345678', '13812345678', 'wxid_customer77', '新品发布会', clientSecret, 'echoed-token-123456', ...moor.secrets()]) {
        expect(report, leak).not.toContain(leak);
      }
    }

    // The message itself is in the inbox, shown as one this version cannot display, raw kept.
    const conversations = await app.call('inbox.listConversations', { accountId: account.id, limit: 200 });
    const stored = [];
    for (const c of conversations.items) stored.push(...(await app.call('inbox.listMessages', { conversationId: c.id, limit: 200 })).items);
    expect(stored.find((m) => m.vendorMsgId === 'm-new-type')).toMatchObject({ kind: 'unknown', body: { vendorType: '999' } });

    await app.core.context.sync.stop();
    const cache = databaseText(app.dataDir);
    expect(cache).not.toContain(clientSecret);
    expect(cache).not.toContain('echoed-token-123456');
  });

  it('refuses an account that does not exist', async () => {
    expect(await app.failure('health.listUndecoded', { accountId: 'nobody' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
