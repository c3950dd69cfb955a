// A process the crash tests kill at random moments (SIGKILL, no cleanup): it writes sync pages or
// queues replies as fast as it can, resuming from whatever the cache holds, as the app does after
// a crash. Run: crash-writer <file> pages|outbox <last>.
import { openStore } from './store';
import { addAccount, T0, textMessage } from './test-kit';

const MESSAGES_PER_PAGE = 40;

const [file, mode, lastArg] = process.argv.slice(2);
const last = Number(lastArg);
if (!file || (mode !== 'pages' && mode !== 'outbox') || !Number.isInteger(last)) {
  throw new Error('usage: crash-writer <file> pages|outbox <last>');
}
const store = openStore({ file });
if (!store.accounts.get('youmi-1')) addAccount(store);
const say = (line: string) => process.stdout.write(`${line}\n`);

if (mode === 'pages') {
  const saved = store.cursors.get('youmi-1', 'messages')?.value as { page: number } | undefined;
  say('ready');
  for (let page = (saved?.page ?? 0) + 1; page <= last; page++) {
    const messages = Array.from({ length: MESSAGES_PER_PAGE }, (_, i) =>
      textMessage(`p${page}-${i}`, `第${page}页第${i}条 想下单`, {
        conversationKey: `fan-${(page * 7 + i) % 13}`,
        direction: i % 3 === 0 ? 'out' : 'in',
        sentAt: T0 + page * 1000 + i,
      }),
    );
    store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages, cursor: { stream: 'messages', value: { page } } });
  }
} else {
  let conversationId = store.conversations.page().items[0]?.id;
  if (conversationId === undefined) {
    conversationId = store.applyMessagePage({ accountId: 'youmi-1', vendor: 'youmi', messages: [textMessage('m1', '在吗')] }).inserted[0]!.conversationId;
  }
  say('ready');
  for (let k = 1; k <= last; k++) {
    const text = `回复${k}`;
    const { entry } = store.outbox.enqueue({
      conversationId,
      kind: 'text',
      payload: { text },
      idempotencyKey: `task-${k}`,
      content: { kind: 'text', body: { text } },
      text,
    });
    if (k % 2 === 0) store.outbox.markSent(entry.id, `vendor-${k}`);
  }
}
store.close();
say('done');
