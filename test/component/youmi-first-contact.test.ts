// Youmi first contact in the renderer: who sent an outgoing message, Moments notices as notice
// lines with their line breaks and emoji chips, a cut raw payload that says so, and the health
// panel of a v2 account whose change feed found nothing, with adding a conversation by its key.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountSummary } from '@shared/ipc/accounts';
import type { AccountSyncStatus } from '@shared/ipc/sync';
import type { Message } from '@shared/model';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import { fansKeyProblem } from '../../renderer/src/lib/state/youmi-add-conversation.svelte';
import { SyncState } from '../../renderer/src/lib/state/sync.svelte';
import MessageRow from '../../renderer/src/views/inbox/MessageRow.svelte';
import AccountHealth from '../../renderer/src/views/settings/AccountHealth.svelte';
import { fakeApp, settle, vendorError, type FakeApp, type Handlers } from './inbox-fake-app';
import { conversation, message } from './messages-fixtures';

let target: HTMLElement;
let mounted: ReturnType<typeof mount> | undefined;

beforeEach(() => {
  i18n.setLanguage('zh');
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = undefined;
  target.remove();
});

function row(m: Message, props: { showSentBy?: boolean } = {}): HTMLElement {
  if (mounted) unmount(mounted);
  target.replaceChildren();
  mounted = mount(MessageRow, { target, props: { app: fakeApp().app, message: m, previous: undefined, onretry: () => {}, ...props } });
  flushSync();
  return target;
}

const sentBy = () => target.querySelector('[data-testid="sent-by"]')?.textContent;

describe('who sent an outgoing message', () => {
  const reply = (extra: Partial<Message>) => message('text', { text: '好的，今天发货' }, { direction: 'out', status: 'sent', ...extra });

  it('shows the staff number on the outgoing bubble: "由 10000 发送"', () => {
    row(reply({ senderId: '10000' }), { showSentBy: true });
    expect(sentBy()).toBe('由 10000 发送');
    i18n.setLanguage('en');
    flushSync();
    expect(sentBy()).toBe('Sent by 10000');
  });

  it('adds the agent’s name where the app knows the number', () => {
    row(reply({ senderId: '10100', senderName: '李娜' }), { showSentBy: true });
    expect(sentBy()).toBe('由 李娜（10100）发送');
    i18n.setLanguage('en');
    flushSync();
    expect(sentBy()).toBe('Sent by 李娜 (10100)');
  });

  it('says nothing where the vendor names no colleague, on incoming messages, or where the chat does not ask for it', () => {
    row(reply({}), { showSentBy: true });
    expect(sentBy()).toBeUndefined();
    row(message('text', { text: '在吗' }, { direction: 'in', senderId: 'wxid_fan', senderName: '王姐' }), { showSentBy: true });
    expect(sentBy()).toBeUndefined();
    row(reply({ senderId: '293ab6bc-9323-11e9-b272-0242ac110006' }));
    expect(sentBy()).toBeUndefined();
  });

  it('keeps a hostile staff name as text', () => {
    row(reply({ senderId: '10000', senderName: '<img src=x onerror=alert(1)>' }), { showSentBy: true });
    expect(sentBy()).toBe('由 <img src=x onerror=alert(1)>（10000）发送');
    expect(target.querySelector('img')).toBeNull();
  });
});

describe('a Moments notice typed as text', () => {
  const notice = '给你04月26日的朋友圈<[抓狂][吐][吐][冷汗]>\n点赞';

  it('is a notice line, not a bubble, keeping its line break and drawing the emoji codes as chips', () => {
    row(message('text', { text: notice, notice: 'momentsInteraction' }));
    expect(target.querySelector('.bubble')).toBeNull();
    const line = target.querySelector('[data-testid="notice-momentsInteraction"]')!;
    expect(line.querySelector('[data-testid="rich-text"]')?.textContent).toBe(notice);
    expect([...line.querySelectorAll('[data-testid="emoji"]')].map((e) => e.textContent)).toEqual(['[抓狂]', '[吐]', '[吐]', '[冷汗]']);
  });

  it('cached before it was text (system, momentsInteraction), it looks the same', () => {
    row(message('system', { text: notice, subtype: 'momentsInteraction' }));
    const line = target.querySelector('[data-testid="notice-system"]')!;
    expect(line.querySelector('[data-testid="rich-text"]')?.textContent).toBe(notice);
    expect(line.querySelectorAll('[data-testid="emoji"]')).toHaveLength(4);
  });

  it('an ordinary text still is a bubble', () => {
    row(message('text', { text: '你朋友圈那款还有吗[微笑]' }));
    expect(target.querySelector('.bubble [data-testid="rich-text"]')?.textContent).toBe('你朋友圈那款还有吗[微笑]');
  });
});

describe('a cut raw payload', () => {
  it('shows the start it carries and offers the rest', () => {
    row(message('unknown', { reason: 'unknown message type 0', vendorType: '0' }, { raw: '{"ad_chatting_id":1', truncated: { rawLength: 20_000 } }));
    (target.querySelector('[data-testid="show-raw"]') as HTMLButtonElement).click();
    flushSync();
    expect(target.querySelector('[data-testid="raw"] [data-testid="rich-text"]')?.textContent).toMatch(/^\{"ad_chatting_id":1/);
    expect(target.querySelector('[data-testid="raw"] [data-testid="show-more"]')).not.toBeNull();
  });
});

const youmiV2: AccountSummary = {
  id: 'youmi-1',
  vendor: 'youmi',
  label: '友米 v2',
  baseUrl: 'https://open.youmi.example',
  settings: { apiVersion: 'v2', wechatIds: ['1906', '2107'] },
  hasSecret: true,
  status: 'connected',
  demo: false,
  createdAt: 0,
};

function status(notice?: NonNullable<AccountSyncStatus['streams'][number]['notice']>): AccountSyncStatus {
  return { accountId: 'youmi-1', paused: false, streams: [{ stream: 'messages', phase: 'incremental', done: 0, lastSuccessAt: Date.UTC(2026, 0, 5), ...(notice ? { notice } : {}) }] };
}

async function health(account: AccountSummary, current: AccountSyncStatus | undefined, handlers: Handlers = {}): Promise<FakeApp> {
  const fake = fakeApp({ 'sync.getStatus': () => (current ? [current] : []), ...handlers });
  mounted = mount(AccountHealth, { target, props: { app: fake.app, account, status: current, sync: new SyncState(fake.app.client) } });
  await settle();
  return fake;
}

const q = (selector: string) => target.querySelector<HTMLElement>(selector);

function typeKey(value: string, operator?: string): void {
  if (operator) {
    const select = q('[data-testid="add-conversation-operator"]') as HTMLSelectElement;
    select.value = operator;
    select.dispatchEvent(new Event('change'));
  }
  const input = q('[data-testid="add-conversation-key"]') as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  flushSync();
}

async function submit(): Promise<void> {
  q('[data-testid="add-conversation"]')!.dispatchEvent(new Event('submit', { cancelable: true }));
  await settle();
}

describe('the health panel of a Youmi v2 account whose change feed found nothing', () => {
  it('says so, what it means and what to check, naming the accounts the feed did show', async () => {
    await health(youmiV2, status({ code: 'noConversationsFound', followedWechatIds: ['1906', '2107'], otherWechatIds: ['2308'], added: 0 }));
    const notice = q('[data-testid="health-notice"]')!;
    expect(notice.querySelector('strong')?.textContent).toBe('通过变更记录未找到任何会话');
    expect(notice.textContent).toContain('友米聚合 v2 接口不能列出会话，本应用靠 v1 的全部聊天记录（变更记录）发现会话');
    expect(notice.textContent).toContain('账号设置里关注的运营号 ID 是否正确（现在是 1906、2107）');
    expect(notice.textContent).toContain('Token 是否有读取 v1 聊天记录（ChatMess）的权限');
    expect(q('[data-testid="health-notice-seen"]')?.textContent).toBe('变更记录里只有这些运营号的记录，都不在关注范围内：2308');
    expect(notice.textContent).not.toContain('已按标识添加');
  });

  it('in English, and when the feed showed nothing at all, with conversations added by key', async () => {
    i18n.setLanguage('en');
    await health(youmiV2, status({ code: 'noConversationsFound', followedWechatIds: ['1906'], otherWechatIds: [], added: 2 }));
    const notice = q('[data-testid="health-notice"]')!;
    expect(notice.querySelector('strong')?.textContent).toBe('No conversations found through the change feed');
    expect(notice.textContent).toContain("Youmi's v2 API cannot list conversations");
    expect(notice.textContent).toContain('(now 1906)');
    expect(q('[data-testid="health-notice-seen"]')?.textContent).toBe("The feed holds no records of any operating account: the token most likely cannot read v1's chat records.");
    expect(notice.textContent).toContain('2 conversation(s) added by key are read directly on every sync.');
  });

  it('shows no notice once the feed finds conversations, and no key form for other accounts', async () => {
    await health(youmiV2, status());
    expect(q('[data-testid="health-notice"]')).toBeNull();
    expect(q('[data-testid="add-conversation"]')).not.toBeNull();
    unmount(mounted!);
    mounted = undefined;
    await health({ ...youmiV2, settings: { apiVersion: 'v1', wechatIds: ['1906'] } }, status());
    expect(q('[data-testid="add-conversation"]')).toBeNull();
    unmount(mounted!);
    mounted = undefined;
    await health({ ...youmiV2, vendor: 'moor', settings: { clientId: 'c' } }, undefined);
    expect(q('[data-testid="add-conversation"]')).toBeNull();
  });
});

describe('adding a conversation by its key', () => {
  it('checks the key with the shared text rule before asking main', async () => {
    const fake = await health(youmiV2, status());
    await submit();
    expect(q('[data-testid="add-conversation-error"]')?.textContent).toBe('请填写粉丝标识');
    typeKey('wxid_ab cd');
    await submit();
    expect(q('[data-testid="add-conversation-error"]')?.textContent).toBe('粉丝标识里不能有空格');
    typeKey('wxid_\u202eab');
    await submit();
    expect(q('[data-testid="add-conversation-error"]')?.textContent).toBe('不能包含改变文字方向的控制字符');
    typeKey('wxid_\u0007');
    await submit();
    expect(q('[data-testid="add-conversation-error"]')?.textContent).toBe('不能包含控制字符');
    expect(q('[data-testid="add-conversation-key"]')?.getAttribute('aria-invalid')).toBe('true');
    expect(fake.callsOf('sync.addYoumiConversation')).toEqual([]);
    expect(fansKeyProblem(`wxid_${'a'.repeat(130)}`)).toBe('tooLong');
    expect(fansKeyProblem(' 23678910452@chatroom ')).toBeUndefined();
  });

  it('sends the chosen operating account and the trimmed key, then says it was added', async () => {
    const fake = await health(youmiV2, status(), {
      'sync.addYoumiConversation': ({ wechatId, fansKey }) => conversation({ id: 7, vendor: 'youmi', vendorConversationId: `${String(wechatId)}:${fansKey}`, title: '心赠于你w' }),
    });
    typeKey('  wxid_ujwy4r6nkjdb22 ', '2107');
    await submit();
    expect(fake.callsOf('sync.addYoumiConversation')).toEqual([{ accountId: 'youmi-1', wechatId: '2107', fansKey: 'wxid_ujwy4r6nkjdb22' }]);
    expect(q('[data-testid="add-conversation-error"]')).toBeNull();
    expect((q('[data-testid="add-conversation-key"]') as HTMLInputElement).value).toBe('');
    expect(fake.app.notices.map((n) => n.text)).toContain('已添加会话“心赠于你w”，正在同步聊天记录');
  });

  it('shows Youmi’s refusal of a key it has no chat for, in the agent’s language', async () => {
    await health(youmiV2, status(), {
      'sync.addYoumiConversation': () => {
        throw vendorError('Youmi has no chat between operating account 1906 and this fan: check the fan key', '友米聚合里没有运营号 1906 和这个粉丝的聊天记录：请核对粉丝标识', { field: 'fansKey' }, 'NOT_FOUND');
      },
    });
    typeKey('wxid_nobody');
    await submit();
    expect(q('[data-testid="add-conversation-error"]')?.textContent).toContain('友米聚合里没有运营号 1906 和这个粉丝的聊天记录');
  });
});
