// The shell: shortcuts, the palette and help opening and closing, the unread badge, notices, the
// confirm-before-dial dialog for tel: links, and Alt+↑/↓ reaching the inbox's stepper. The whole
// App is mounted over an in-memory preload bridge.
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountSummary } from '@shared/ipc/accounts';
import { shortcutFor, type KeyLike } from '../../renderer/src/lib/keyboard/shortcuts';
import { fakeApp, settle, vendorError, type Handlers } from './inbox-fake-app';
import { mountApp as mountWith, unmountApp } from './shell-harness';

const demoAccount: AccountSummary = {
  id: 'moor-1',
  vendor: 'moor',
  label: '七陌演示',
  baseUrl: 'http://127.0.0.1:4000',
  settings: { clientId: 'demo' },
  hasSecret: true,
  status: 'connected',
  demo: true,
  createdAt: 1,
};

const press = (init: Partial<KeyLike>): KeyLike => ({ key: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target: null, ...init });

describe('shortcutFor', () => {
  it('Ctrl+K searches on Windows and Linux, Cmd+K on macOS', () => {
    expect(shortcutFor(press({ key: 'k', ctrlKey: true }), false)).toBe('search');
    expect(shortcutFor(press({ key: 'K', ctrlKey: true }), false)).toBe('search');
    expect(shortcutFor(press({ key: 'k', metaKey: true }), false)).toBeNull();
    expect(shortcutFor(press({ key: 'k', metaKey: true }), true)).toBe('search');
    expect(shortcutFor(press({ key: 'k', ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(press({ key: 'k', ctrlKey: true, shiftKey: true }), false)).toBeNull();
  });

  it('Alt+↑/↓ step through conversations, Esc closes', () => {
    expect(shortcutFor(press({ key: 'ArrowUp', altKey: true }), false)).toBe('previousConversation');
    expect(shortcutFor(press({ key: 'ArrowDown', altKey: true }), true)).toBe('nextConversation');
    expect(shortcutFor(press({ key: 'ArrowDown' }), false)).toBeNull();
    expect(shortcutFor(press({ key: 'Escape' }), false)).toBe('close');
  });

  it('? opens the help, except while typing', () => {
    const textarea = document.createElement('textarea');
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    expect(shortcutFor(press({ key: '?', shiftKey: true, target: document.body }), false)).toBe('help');
    expect(shortcutFor(press({ key: '?', shiftKey: true, target: checkbox }), false)).toBe('help');
    expect(shortcutFor(press({ key: '?', shiftKey: true, target: textarea }), false)).toBeNull();
    expect(shortcutFor(press({ key: '?', shiftKey: true, target: document.createElement('input') }), false)).toBeNull();
  });
});

afterEach(unmountApp);

const mountApp = (handlers: Handlers = {}) => mountWith({ 'accounts.list': () => [demoAccount], ...handlers }).then(({ fake }) => fake);

const keydown = (init: KeyboardEventInit, on: EventTarget = window) => {
  on.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  flushSync();
};
const q = (sel: string) => document.querySelector<HTMLElement>(sel);

describe('the shell', () => {
  it('Ctrl+K opens the search palette from anywhere and Esc closes it', async () => {
    await mountApp();
    keydown({ key: 'k', ctrlKey: true });
    expect(q('[data-testid="search-palette"]')).not.toBeNull();
    expect(document.activeElement?.getAttribute('data-testid')).toBe('search-input');
    keydown({ key: 'Escape' }, document.activeElement!);
    expect(q('[data-testid="search-palette"]')).toBeNull();
  });

  it('? opens the shortcuts help, Esc closes it and gives focus back', async () => {
    await mountApp();
    const nav = q('[data-testid="nav-calls"]')!;
    nav.focus();
    keydown({ key: '?', shiftKey: true }, nav);
    const help = q('[data-testid="shortcuts-help"]');
    expect(help?.textContent).toContain('Ctrl');
    expect(help?.contains(document.activeElement)).toBe(true);
    keydown({ key: 'Escape' }, document.activeElement!);
    expect(q('[data-testid="shortcuts-help"]')).toBeNull();
    expect(document.activeElement).toBe(nav);
  });

  it('shows the unread total on the Inbox item and follows inbox.onDidChangeUnread', async () => {
    const fake = await mountApp({ 'inbox.getUnreadTotals': () => ({ total: 3, perAccount: { 'moor-1': 3 } }) });
    expect(q('[data-testid="nav-inbox"] [data-testid="unread-badge"]')?.textContent).toBe('3');
    expect(document.title).toBe('(3) 工作手机助手');
    fake.emit('inbox.onDidChangeUnread', { total: 120, perAccount: { 'moor-1': 120 } });
    flushSync();
    expect(q('[data-testid="unread-badge"]')?.textContent).toBe('99+');
    expect(q('[data-testid="unread-badge"]')?.getAttribute('aria-label')).toBe('120 条未读');
    fake.emit('inbox.onDidChangeUnread', { total: 0, perAccount: {} });
    flushSync();
    expect(q('[data-testid="unread-badge"]')).toBeNull();
  });

  it('asks before dialing a tel: link, then dials through the work phone', async () => {
    const fake = await mountApp({
      'dial.call': ({ phone }) => ({ id: 1, phone, workPhone: '13900000000', at: Date.now(), source: 'link', state: 'calling' }),
    });
    fake.emit('dial.onDidRequestConfirm', { phone: '13800138000', source: 'tel' });
    flushSync();
    expect(q('[data-testid="dial-confirm"]')?.textContent).toContain('通过您的工作手机拨打 13800138000？');
    [...document.querySelectorAll<HTMLButtonElement>('[data-testid="dial-confirm"] button')].find((b) => b.textContent === '拨打')!.click();
    await settle();
    expect(fake.callsOf('dial.call')).toEqual([{ phone: '13800138000', source: 'link' }]);
    expect(q('[data-testid="dial-confirm"]')).toBeNull();
    expect(q('[data-testid="notices"]')?.textContent).toContain('工作手机正在呼叫 13800138000');
  });

  it('cancelling the dial confirmation dials nothing', async () => {
    const fake = await mountApp();
    fake.emit('dial.onDidRequestConfirm', { phone: '13800138000', source: 'tel' });
    flushSync();
    keydown({ key: 'Escape' }, document.activeElement!);
    expect(q('[data-testid="dial-confirm"]')).toBeNull();
    expect(fake.callsOf('dial.call')).toEqual([]);
  });

  it('shows a failed dial as a notice in the agent\'s words, which can be dismissed', async () => {
    const fake = await mountApp({
      'dial.call': () => {
        throw vendorError('The work phone is offline', '工作手机不在线或工作手机App版本过低', { statusCode: 4001 });
      },
    });
    fake.emit('dial.onDidRequestConfirm', { phone: '13800138000', source: 'tel' });
    flushSync();
    [...document.querySelectorAll<HTMLButtonElement>('[data-testid="dial-confirm"] button')].find((b) => b.textContent === '拨打')!.click();
    await settle();
    const notice = q('[data-testid="notices"] [role="alert"]');
    expect(notice?.textContent).toContain('工作手机不在线或工作手机App版本过低');
    notice!.querySelector('button')!.click();
    flushSync();
    expect(q('[data-testid="notices"] [role="alert"]')).toBeNull();
  });

  it('Alt+↓ / Alt+↑ reach the stepper the inbox registered, and lead to the inbox', () => {
    const { app: state } = fakeApp();
    const steps: number[] = [];
    const unregister = state.registerConversationStepper((delta) => steps.push(delta));
    state.navigate('reports');
    state.nextConversation(1);
    state.nextConversation(-1);
    expect(steps).toEqual([1, -1]);
    expect(state.view).toBe('inbox');
    unregister();
    state.nextConversation(1);
    expect(steps).toEqual([1, -1]);
  });

  it('shows first-sync progress per account in the status bar', async () => {
    const fake = await mountApp({ 'sync.getStatus': () => [] });
    fake.emit('sync.onDidProgress', { accountId: 'moor-1', paused: false, streams: [{ stream: 'calls', phase: 'backfill', done: 30, estimatedTotal: 120 }] });
    flushSync();
    expect(q('[data-testid="first-sync"]')?.textContent).toContain('七陌演示 首次同步 25%');
    fake.emit('sync.onDidProgress', { accountId: 'moor-1', paused: false, streams: [{ stream: 'calls', phase: 'incremental', done: 120 }] });
    flushSync();
    expect(q('[data-testid="first-sync"]')).toBeNull();
  });
});
