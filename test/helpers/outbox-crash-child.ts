// A web-host-like process for the outbox crash tests: it queues a reply and is killed (SIGKILL, no
// cleanup) at a chosen moment, or resumes from the same data folder and reports what became of it.
// argv: <dataDir> <youmiUrl> <token> <wechatId> <fansKey> send|resume <afterWrite|beforeDispatch|afterSend|none>
import { createAppCore } from '../../electron/main/app/core';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { youmiV2ReplyKinds } from '../../electron/main/vendors/youmi/send';

const [dataDir, url, token, wechatId, fansKey, mode, crashAt] = process.argv.slice(2);
if (!dataDir || !url || !token || !wechatId || !fansKey || !mode || !crashAt) throw new Error('usage');

const say = (line: string) => process.stdout.write(`${line}\n`);
const secrets = new MemorySecretStore();
await secrets.set('youmi-1', 'token', token);
const core = await createAppCore({ host: 'web', dataDir, secrets });
const { store, vendors } = core.context;

if (!store.accounts.get('youmi-1')) {
  store.accounts.upsert({ id: 'youmi-1', vendor: 'youmi', label: '友米', baseUrl: url, settings: { apiVersion: 'v2', wechatIds: [wechatId] } });
  store.applyMessagePage({
    accountId: 'youmi-1',
    vendor: 'youmi',
    messages: [{ vendorMsgId: 'seed-1', conversationKey: `${wechatId}:${fansKey}`, conversationKind: 'direct', direction: 'in', sentAt: Date.now() - 60_000, content: { kind: 'text', body: { text: '在吗' } }, text: '在吗', raw: '{}' }],
    conversations: [{ conversationKey: `${wechatId}:${fansKey}`, kind: 'direct', capabilities: youmiV2ReplyKinds(0) }],
  });
}
const conversationId = store.conversations.page().items[0]!.id;

if (mode === 'send') {
  if (crashAt === 'beforeDispatch') {
    const clients = vendors.clientsFor('youmi-1');
    if (clients.vendor !== 'youmi' || !clients.v2) throw new Error('not youmi v2');
    // Dies after the sender took the reply and before the request went out (while the token is
    // read from the keychain, say): nothing reached Youmi.
    clients.v2.sendMessage = async () => {
      process.kill(process.pid, 'SIGKILL');
      return new Promise(() => {});
    };
  }
  if (crashAt === 'afterSend') {
    const clients = vendors.clientsFor('youmi-1');
    if (clients.vendor !== 'youmi' || !clients.v2) throw new Error('not youmi v2');
    const v2 = clients.v2;
    const send = v2.sendMessage.bind(v2);
    // Dies after Youmi accepted the send and before the outbox heard the answer.
    v2.sendMessage = async (...args) => {
      await send(...args);
      process.kill(process.pid, 'SIGKILL');
      return new Promise(() => {});
    };
  }
  const result = await core.router.invoke('reply.send', { conversationId, content: { kind: 'text', text: '合同已盖章寄出' } });
  if (!result.ok) throw new Error(result.error.message);
  say(`queued ${(result.value as { id: number }).id}`);
  // Between the outbox write and the send: the sender's first turn has not run yet.
  if (crashAt === 'afterWrite') process.kill(process.pid, 'SIGKILL');
} else {
  const id = Number(crashAt);
  for (let i = 0; i < 200; i++) {
    const status = store.messages.get(id)?.status;
    if (status && status !== 'pending') {
      say(`status ${status}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  // What the next sync of this conversation does: Youmi's history carries our sent reply back.
  const clients = vendors.clientsFor('youmi-1');
  if (clients.vendor === 'youmi' && clients.v2) {
    const page = await clients.v2.getChat({ fansKey, wechatId: Number(wechatId), pageSize: 500 });
    store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: page.messages });
  }
  const copies = store.messages.page(conversationId, { limit: 500 }).items.filter((m) => m.text === '合同已盖章寄出');
  say(`final ${store.messages.get(id)?.status} copies ${copies.length}`);
  await core.close();
  process.exit(0);
}
