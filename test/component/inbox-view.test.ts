import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuickReply, ReplyContent } from '@shared/ipc/reply';
import { DEFAULT_SETTINGS, type Settings } from '@shared/ipc/settings';
import type { Conversation, Message } from '@shared/model';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import InboxView from '../../renderer/src/views/inbox/InboxView.svelte';
import { fakeApp, installResizeObserverStub, settle, type FakeApp } from './inbox-fake-app';
import { conversation, message } from './messages-fixtures';

installResizeObserverStub();

const now = Date.now();
let conversations: Conversation[];
let messages: Message[];
let quickReplies: QuickReply[];
let sent: Array<{ conversationId: number; content: ReplyContent }>;
let fake: FakeApp;
let target: HTMLElement;
let view: ReturnType<typeof mount> | undefined;
let sendKey: 'enter' | 'ctrlEnter';
let recentEmoji: Settings['recentEmoji'];

function backend(): FakeApp {
  let nextMessageId = 1000;
  return fakeApp({
    'accounts.list': () => [
      { id: 'youmi-1', vendor: 'youmi', label: '友米 销售一组', baseUrl: 'http://127.0.0.1:1', settings: { apiVersion: 'v2', wechatIds: ['1'] }, hasSecret: true, status: 'connected', demo: true, createdAt: 0 },
      { id: 'moor-1', vendor: 'moor', label: '七陌 总部', baseUrl: 'http://127.0.0.1:2', settings: { clientId: 'c' }, hasSecret: true, status: 'connected', demo: true, createdAt: 0 },
    ],
    'settings.get': () => ({ ...DEFAULT_SETTINGS, sendKey, recentEmoji }),
    'settings.update': (patch) => {
      recentEmoji = patch.recentEmoji ?? recentEmoji;
      const next = { ...DEFAULT_SETTINGS, sendKey, recentEmoji };
      fake.emit('settings.onDidChange', next);
      return next;
    },
    'inbox.listConversations': ({ unreadOnly, accountId }) => ({
      items: conversations.filter((c) => (!unreadOnly || c.unreadCount > 0) && (!accountId || c.accountId === accountId)).sort((a, b) => (b.lastMessageAt ?? 0) - (a.lastMessageAt ?? 0)),
    }),
    'inbox.getConversation': ({ id }) => {
      const c = conversations.find((x) => x.id === id);
      if (!c) throw { code: 'NOT_FOUND', message: 'gone', messageZh: '不存在' };
      return c;
    },
    'inbox.listMessages': ({ conversationId, around }) => {
      const items = messages.filter((m) => m.conversationId === conversationId);
      return around ? { items, olderCursor: 'older-1', newerCursor: 'newer-1' } : { items };
    },
    'inbox.markRead': ({ conversationId }) => {
      conversations = conversations.map((c) => (c.id === conversationId ? { ...c, unreadCount: 0 } : c));
      return { unreadCount: 0 };
    },
    'inbox.setFocusedConversation': () => ({}),
    'inbox.getContact': ({ id }) => ({ id, accountId: 'youmi-1', vendorContactId: 'w1', name: '王姐', remark: '老客户', wxNo: 'wang_jie_88', phones: ['13912345678', '13800138000'] }),
    'crm.getCustomerByPhone': ({ phone }) =>
      phone === '13912345678' ? { accountId: 'moor-1', vendorId: 'cust-1', name: '王姐', phone, fields: { filed0: '上海某某贸易', filed1: 'VIP' }, updatedAt: now } : null,
    'crm.getTemplate': () => [
      { key: 'filed0', label: '公司' },
      { key: 'filed1', label: '客户等级' },
    ],
    'records.listCalls': ({ filters }) => ({ items: filters?.number === '13912345678' ? ([{}, {}, {}] as never[]) : [] }),
    'reply.getDraft': () => ({ text: '' }),
    'reply.saveDraft': () => ({}),
    'reply.send': (input) => {
      sent.push(input);
      const text = input.content.kind === 'text' ? input.content.text : `[${input.content.kind}]`;
      const m = message('text', { text }, { id: nextMessageId++, conversationId: input.conversationId, direction: 'out', status: 'pending', sentAt: Date.now() });
      messages.push(m);
      return m;
    },
    'reply.retry': ({ messageId }) => ({ ...(messages.find((m) => m.id === messageId) as Message), status: 'pending' }),
    'quickReplies.list': ({ query }) => quickReplies.filter((q) => !query || q.title.includes(query)),
    'quickReplies.save': ({ id, title, content }) => {
      const saved = { id: id ?? quickReplies.length + 1, title, content, updatedAt: now };
      quickReplies = [saved, ...quickReplies.filter((q) => q.id !== saved.id)];
      return saved;
    },
    'quickReplies.remove': ({ id }) => {
      quickReplies = quickReplies.filter((q) => q.id !== id);
      return {};
    },
  });
}

beforeEach(() => {
  i18n.setLanguage('zh');
  sendKey = 'enter';
  recentEmoji = [];
  sent = [];
  conversations = [
    conversation({ id: 1, title: '王姐', unreadCount: 2, lastMessageAt: now - 60_000, lastMessagePreview: '有空回电', contactId: 9 }),
    conversation({ id: 2, title: '七陌客户 张先生', vendor: 'moor', accountId: 'moor-1', readOnly: true, readOnlyReason: '七陌微信会话只能查看，不能从电脑回复', capabilities: [], lastMessageAt: now - 3_600_000, phones: ['13700137000'] }),
    conversation({ id: 3, title: '老李', capabilities: ['text', 'image', 'file', 'video'], lastMessageAt: now - 7_200_000 }),
  ];
  messages = [
    message('text', { text: '您好，在吗' }, { id: 1, conversationId: 1, sentAt: now - 120_000 }),
    message('text', { text: '有空回电 13912345678' }, { id: 2, conversationId: 1, sentAt: now - 60_000 }),
    message('text', { text: '老李的消息' }, { id: 3, conversationId: 3, sentAt: now - 7_200_000 }),
  ];
  quickReplies = [
    { id: 1, title: '问候', content: { kind: 'text', text: '您好，我是您的专属顾问小王' }, updatedAt: 0 },
    { id: 2, title: '产品图', content: { kind: 'image', url: 'https://img.example.com/p.jpg' }, updatedAt: 0 },
  ];
  fake = backend();
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => {
  if (view) unmount(view);
  view = undefined;
  target.remove();
});

async function open(): Promise<HTMLElement> {
  view = mount(InboxView, { target, props: { app: fake.app } });
  await settle();
  return target;
}

const $ = <T extends Element = HTMLElement>(selector: string) => target.querySelector<T>(selector);
const $$ = (selector: string) => [...target.querySelectorAll<HTMLElement>(selector)];

async function openConversation(id: number, messageId?: number): Promise<void> {
  fake.app.openConversation(id, messageId);
  await settle();
}

async function type(text: string): Promise<HTMLTextAreaElement> {
  const input = $<HTMLTextAreaElement>('[data-testid="composer-input"]');
  if (!input) throw new Error('no composer');
  input.value = text;
  input.setSelectionRange(text.length, text.length);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
  await settle();
  return input;
}

function press(el: Element, key: string, init: KeyboardEventInit = {}): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  flushSync();
}

describe('the conversation list', () => {
  it('shows every account newest first with unread counts, vendor and account', async () => {
    await open();
    const rows = $$('[data-testid="conversation"]');
    expect(rows.map((r) => r.querySelector('.title')?.textContent)).toEqual(['王姐', '七陌客户 张先生', '老李']);
    expect(rows[0]?.querySelector('[data-testid="unread-count"]')?.textContent).toBe('2');
    expect(rows[0]?.textContent).toContain('友米');
    expect(rows[0]?.textContent).toContain('友米 销售一组');
    expect(rows[1]?.textContent).toContain('七陌 总部');
    expect(rows[1]?.textContent).toContain('只读');
  });

  it('filters by account and unread only', async () => {
    await open();
    const unread = $<HTMLInputElement>('[data-testid="filter-unread"]');
    unread?.click();
    await settle();
    expect(fake.callsOf('inbox.listConversations').at(-1)).toMatchObject({ unreadOnly: true });
    expect($$('[data-testid="conversation"]')).toHaveLength(1);
    const account = $<HTMLSelectElement>('[data-testid="filter-account"]');
    if (account) {
      account.value = 'moor-1';
      account.dispatchEvent(new Event('change', { bubbles: true }));
    }
    await settle();
    expect(fake.callsOf('inbox.listConversations').at(-1)).toMatchObject({ accountId: 'moor-1', unreadOnly: true });
    expect($('[data-testid="conversations-empty"]')?.textContent).toContain('没有符合筛选条件的会话');
  });

  it('puts a conversation with a new message on top as the change arrives', async () => {
    await open();
    const newcomer = conversation({ id: 4, title: '新客户 陈女士', unreadCount: 1, lastMessageAt: now, lastMessagePreview: '你好，想咨询一下' });
    fake.emit('inbox.onDidChangeConversations', { conversations: [newcomer] });
    flushSync();
    const first = $$('[data-testid="conversation"]')[0];
    expect(first?.textContent).toContain('新客户 陈女士');
    expect(first?.dataset['unread']).toBe('1');
  });

  it('moves to the next and previous conversation for Alt+↓/↑', async () => {
    await open();
    await openConversation(1);
    fake.app.nextConversation(1);
    await settle();
    expect(fake.app.conversationId).toBe(2);
    fake.app.nextConversation(-1);
    await settle();
    expect(fake.app.conversationId).toBe(1);
  });
});

describe('the chat', () => {
  it('opens with the latest messages, marks them read and tells main it is in front', async () => {
    await open();
    await openConversation(1);
    expect($('[data-testid="chat-title"]')?.textContent).toBe('王姐');
    expect($$('[data-testid="message"]').map((m) => m.dataset['messageId'])).toEqual(['1', '2']);
    expect(fake.callsOf('inbox.markRead')).toEqual([{ conversationId: 1 }]);
    expect(fake.callsOf('inbox.setFocusedConversation')).toContainEqual({ conversationId: 1 });
    expect($('[data-testid="conversation"]')?.dataset['unread']).toBe('0');
  });

  it('appends a customer message that arrives while the chat is open', async () => {
    await open();
    await openConversation(1);
    const arrived = message('text', { text: '还有一个问题' }, { id: 50, conversationId: 1, sentAt: now });
    fake.emit('inbox.onDidArriveMessages', { messages: [arrived, message('text', { text: '别的会话' }, { id: 51, conversationId: 3 })] });
    flushSync();
    expect($$('[data-testid="message"]').map((m) => m.dataset['messageId'])).toEqual(['1', '2', '50']);
  });

  it('opens a search hit with context around it, highlighted', async () => {
    await open();
    await openConversation(1, 2);
    expect(fake.callsOf('inbox.listMessages').at(-1)).toMatchObject({ conversationId: 1, around: 2 });
    expect($('[data-message-id="2"]')?.classList.contains('highlighted')).toBe(true);
    expect($('[data-testid="jump-latest"]')).not.toBeNull();
    expect(fake.app.jumpToMessageId).toBeNull();
  });

  it('jumps into another conversation from search without the open chat taking the jump', async () => {
    await open();
    await openConversation(3);
    await openConversation(1, 2);
    expect(fake.callsOf('inbox.listMessages').filter((c) => c.around !== undefined)).toEqual([{ conversationId: 1, around: 2, limit: 50 }]);
    expect($('[data-testid="chat-title"]')?.textContent).toBe('王姐');
    expect($('[data-message-id="2"]')?.classList.contains('highlighted')).toBe(true);
  });

  it('sends with Enter, keeps Shift+Enter as a new line, shows pending, then failed with retry', async () => {
    await open();
    await openConversation(1);
    let input = await type('第一行');
    press(input, 'Enter', { shiftKey: true });
    expect(sent).toEqual([]);
    input = await type('您好，报价已发您邮箱');
    press(input, 'Enter');
    await settle();
    expect(sent).toEqual([{ conversationId: 1, content: { kind: 'text', text: '您好，报价已发您邮箱' } }]);
    expect(input.value).toBe('');
    const mine = $$('[data-testid="message"]').at(-1);
    expect(mine?.dataset['status']).toBe('pending');
    expect(mine?.querySelector('.spinner')).not.toBeNull();

    const id = Number(mine?.dataset['messageId']);
    const failed = { ...(messages.find((m) => m.id === id) as Message), status: 'failed' as const, failureReason: '友米返回：发送频率过快' };
    fake.emit('inbox.onDidChangeMessages', { messages: [failed] });
    flushSync();
    const row = $(`[data-message-id="${id}"]`);
    expect(row?.dataset['status']).toBe('failed');
    expect(row?.textContent).toContain('发送频率过快');
    row?.querySelector<HTMLButtonElement>('[data-testid="retry"]')?.click();
    await settle();
    expect(fake.callsOf('reply.retry')).toEqual([{ messageId: id }]);
    expect($(`[data-message-id="${id}"]`)?.dataset['status']).toBe('pending');
  });

  it('sends with Ctrl+Enter when that is the setting, and Enter is a new line', async () => {
    sendKey = 'ctrlEnter';
    await open();
    await openConversation(1);
    const input = await type('明天见');
    press(input, 'Enter');
    expect(sent).toEqual([]);
    press(input, 'Enter', { ctrlKey: true });
    await settle();
    expect(sent).toHaveLength(1);
  });

  it('does not send while an input method is composing', async () => {
    await open();
    await openConversation(1);
    const input = await type('ni');
    press(input, 'Enter', { isComposing: true });
    await settle();
    expect(sent).toEqual([]);
  });

  it('restores the draft and saves what was typed when the conversation closes', async () => {
    fake.handlers['reply.getDraft'] = ({ conversationId }) => ({ text: conversationId === 1 ? '上次没写完的话' : '' });
    await open();
    await openConversation(1);
    expect($<HTMLTextAreaElement>('[data-testid="composer-input"]')?.value).toBe('上次没写完的话');
    await type('改过的草稿');
    await openConversation(3);
    expect(fake.callsOf('reply.saveDraft')).toContainEqual({ conversationId: 1, text: '改过的草稿' });
  });
});

describe('the composer knows the conversation before the agent types', () => {
  it('shows a read-only conversation its reason and the customer numbers to dial instead', async () => {
    await open();
    await openConversation(2);
    expect($('[data-testid="composer-input"]')).toBeNull();
    expect($('[data-testid="readonly-reason"]')?.textContent).toBe('七陌微信会话只能查看，不能从电脑回复');
    expect($('[data-testid="composer-readonly"] [data-testid="phone-actions"]')?.dataset['phone']).toBe('13700137000');
  });

  it('offers only what Youmi v1 can send in the "+" menu', async () => {
    await open();
    await openConversation(3);
    $('[data-testid="attach-menu"]')?.click();
    flushSync();
    expect($$('[role="menuitem"]').map((b) => b.dataset['testid'])).toEqual(['attach-image', 'attach-video', 'attach-file']);
  });

  it('validates a link card before sending it', async () => {
    await open();
    await openConversation(1);
    $('[data-testid="attach-menu"]')?.click();
    flushSync();
    $('[data-testid="attach-link"]')?.click();
    flushSync();
    const form = $<HTMLFormElement>('[data-testid="attach-form"]');
    form?.requestSubmit();
    await settle();
    expect(sent).toEqual([]);
    expect(form?.textContent).toContain('请填写 http:// 或 https:// 开头的链接');
    expect(form?.textContent).toContain('必填');
    const url = $<HTMLInputElement>('[data-testid="field-url"]');
    const title = $<HTMLInputElement>('[data-testid="field-title"]');
    if (url && title) {
      url.value = 'javascript:alert(1)';
      url.dispatchEvent(new Event('input', { bubbles: true }));
      title.value = '春季新品';
      title.dispatchEvent(new Event('input', { bubbles: true }));
    }
    form?.requestSubmit();
    await settle();
    expect(sent).toEqual([]);
    if (url) {
      url.value = 'https://shop.example.com/spring';
      url.dispatchEvent(new Event('input', { bubbles: true }));
    }
    form?.requestSubmit();
    await settle();
    expect(sent).toEqual([{ conversationId: 1, content: { kind: 'link', url: 'https://shop.example.com/spring', title: '春季新品' } }]);
    expect($('[data-testid="attach-form"]')).toBeNull();
  });

  it('opens quick replies on "/" and inserts the chosen text', async () => {
    await open();
    await openConversation(1);
    const input = await type('好的 /问');
    await new Promise((resolve) => setTimeout(resolve, 120));
    await settle();
    expect($$('[data-testid="quick-reply-option"]').map((o) => o.textContent)).toEqual([expect.stringContaining('问候')]);
    expect(fake.callsOf('quickReplies.list').at(-1)).toEqual({ query: '问' });
    press(input, 'Enter');
    await settle();
    expect(input.value).toBe('好的 您好，我是您的专属顾问小王');
    expect(sent).toEqual([]);
    expect($('[data-testid="quick-reply-popup"]')).toBeNull();
  });

  it('inserts a WeChat emoji from the picker at the caret, by keyboard, previews it as a chip and remembers it', async () => {
    await open();
    await openConversation(1);
    const input = await type('好的谢谢');
    input.setSelectionRange(2, 2);
    $<HTMLButtonElement>('[data-testid="emoji-button"]')?.click();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settle();
    const search = $<HTMLInputElement>('[data-testid="emoji-search"]');
    expect(document.activeElement).toBe(search);
    expect($('[role="listbox"]')?.querySelectorAll('[role="option"]').length).toBeGreaterThan(100);
    // The arrow keys move the active chip through the grid, eight to a row.
    press(search!, 'ArrowRight');
    expect($$('[data-testid="emoji-option"]')[1]?.getAttribute('aria-selected')).toBe('true');
    press(search!, 'ArrowDown');
    expect($$('[data-testid="emoji-option"]')[9]?.getAttribute('aria-selected')).toBe('true');
    press(search!, 'ArrowUp');
    press(search!, 'ArrowLeft');
    expect($$('[data-testid="emoji-option"]')[0]?.getAttribute('aria-selected')).toBe('true');
    search!.value = 'wx';
    search!.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    const first = $$('[data-testid="emoji-option"]')[0];
    expect(first?.dataset['name']).toBe('微笑');
    expect(search?.getAttribute('aria-activedescendant')).toBe(first?.id);
    press(search!, 'Enter');
    await settle();
    expect($('[data-testid="emoji-picker"]')).toBeNull();
    expect(input.value).toBe('好的[微笑]谢谢');
    expect(document.activeElement).toBe(input);
    expect(input.selectionStart).toBe(6);
    expect($('[data-testid="composer-preview"] [data-testid="emoji"]')?.textContent).toBe('[微笑]');
    expect(fake.callsOf('settings.update')).toEqual([{ recentEmoji: ['微笑'] }]);

    // Next time it opens with the recent one first; Esc closes and gives focus back to the button.
    $<HTMLButtonElement>('[data-testid="emoji-button"]')?.click();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settle();
    recentEmoji = ['红包', '微笑'];
    fake.emit('settings.onDidChange', { ...DEFAULT_SETTINGS, recentEmoji });
    flushSync();
    expect($$('[data-testid="emoji-option"]').slice(0, 2).map((o) => o.dataset['name'])).toEqual(['红包', '微笑']);
    press($('[data-testid="emoji-search"]')!, 'Escape');
    expect($('[data-testid="emoji-picker"]')).toBeNull();
    expect(document.activeElement).toBe($('[data-testid="emoji-button"]'));
  });

  it('opens a media quick reply in its form, so the agent sees what goes out', async () => {
    await open();
    await openConversation(1);
    await type('/');
    await new Promise((resolve) => setTimeout(resolve, 120));
    await settle();
    const option = $$('[data-testid="quick-reply-option"]').find((o) => o.textContent?.includes('产品图'));
    option?.click();
    await settle();
    expect($('[data-testid="attach-form"]')?.dataset['kind']).toBe('image');
    expect($<HTMLInputElement>('[data-testid="field-url"]')?.value).toBe('https://img.example.com/p.jpg');
  });
});

describe('the quick-reply manager', () => {
  it('adds a snippet after checking its title and content, and edits a media one', async () => {
    await open();
    await openConversation(1);
    $('[data-testid="manage-quick-replies"]')?.click();
    await settle();
    const manager = $('[data-testid="quick-reply-manager"]');
    expect(manager?.textContent).toContain('问候');
    $('[data-testid="quick-reply-new"]')?.click();
    flushSync();
    $<HTMLFormElement>('[data-testid="quick-reply-editor"]')?.requestSubmit();
    await settle();
    expect(fake.callsOf('quickReplies.save')).toEqual([]);
    expect($('[data-testid="quick-reply-editor"]')?.textContent).toContain('必填');
    const title = $<HTMLInputElement>('[data-testid="quick-reply-title"]');
    const text = $<HTMLTextAreaElement>('[data-testid="field-text"]');
    if (title && text) {
      title.value = '催付款';
      title.dispatchEvent(new Event('input', { bubbles: true }));
      text.value = '您好，订单还没付款哦';
      text.dispatchEvent(new Event('input', { bubbles: true }));
    }
    $<HTMLFormElement>('[data-testid="quick-reply-editor"]')?.requestSubmit();
    await settle();
    expect(fake.callsOf('quickReplies.save')).toEqual([{ title: '催付款', content: { kind: 'text', text: '您好，订单还没付款哦' } }]);
    expect($('[data-testid="quick-reply-editor"]')).toBeNull();

    const media = [...(manager?.querySelectorAll<HTMLButtonElement>('.item') ?? [])].find((b) => b.textContent?.includes('产品图'));
    media?.click();
    flushSync();
    expect($<HTMLSelectElement>('[data-testid="quick-reply-kind"]')?.value).toBe('image');
    expect($<HTMLInputElement>('[data-testid="field-url"]')?.value).toBe('https://img.example.com/p.jpg');
    press(manager as HTMLElement, 'Escape');
    press(manager as HTMLElement, 'Escape');
    expect($('[data-testid="quick-reply-manager"]')).toBeNull();
  });
});

describe('the contact panel', () => {
  it('shows the WeChat id, numbers with actions, the CRM record with its labels and the call count', async () => {
    await open();
    await openConversation(1);
    $('[data-testid="toggle-contact"]')?.click();
    await settle();
    const panel = $('[data-testid="contact-panel"]');
    expect(panel?.querySelector('[data-testid="contact-wxno"]')?.textContent).toBe('wang_jie_88');
    expect([...(panel?.querySelectorAll<HTMLElement>('[data-testid="phone-actions"]') ?? [])].map((p) => p.dataset['phone'])).toEqual(['13912345678', '13800138000']);
    expect(panel?.querySelector('[data-testid="crm-record"]')?.textContent).toContain('公司');
    expect(panel?.querySelector('[data-testid="crm-record"]')?.textContent).toContain('上海某某贸易');
    expect(panel?.querySelector('[data-testid="recent-calls"]')?.textContent).toContain('3');
    panel?.querySelector<HTMLButtonElement>('[data-testid="open-customer"]')?.click();
    expect(fake.app.view).toBe('customers');
    expect(fake.app.timelinePhone).toBe('13912345678');
  });

  it('closes on Esc', async () => {
    await open();
    await openConversation(1);
    $('[data-testid="toggle-contact"]')?.click();
    await settle();
    press(document.body, 'Escape');
    expect($('[data-testid="contact-panel"]')).toBeNull();
  });
});
