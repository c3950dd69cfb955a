// The health panel's "what this version could not read": the agent's sentence per endpoint and
// kind (plural-aware in English), the report to copy, a refresh only when its own account changed,
// and the status-bar progress while stored data is read again after an update.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RedecodeStatus, UndecodedGroup } from '@shared/ipc/health';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import { RedecodeState, undecodedSentence } from '../../renderer/src/lib/state/undecoded.svelte';
import UndecodedList from '../../renderer/src/views/settings/UndecodedList.svelte';
import RedecodeProgress from '../../renderer/src/views/shell/RedecodeProgress.svelte';
import { fakeApp, settle } from './inbox-fake-app';

const group = (over: Partial<UndecodedGroup> = {}): UndecodedGroup => ({
  accountId: 'moor-1',
  endpoint: 'moor.wechat.getWeMessageByPage',
  recordType: 'message',
  kind: 'unknownType',
  count: 12,
  vendorTypes: ['999', '4242'],
  fields: [],
  firstSeenAt: Date.UTC(2026, 0, 15, 4),
  lastSeenAt: Date.UTC(2026, 0, 15, 5),
  report: 'WorkPhone Desk 1.0.0 — data this version could not read\n{\n  "msgType": "999",\n  "nickName": "**"\n}',
  ...over,
});

let target: HTMLElement;
beforeEach(() => {
  i18n.setLanguage('zh');
  target = document.createElement('div');
  document.body.append(target);
});
afterEach(() => target.remove());

describe('the sentence', () => {
  it('says it in the agent words, in both languages, one and many', () => {
    const u = () => i18n.strings.health.undecoded;
    expect(undecodedSentence(u(), group())).toBe('12 条消息属于此版本无法显示的类型');
    i18n.setLanguage('en');
    expect(undecodedSentence(u(), group())).toBe('12 messages of a type this version cannot show');
    expect(undecodedSentence(u(), group({ count: 1 }))).toBe('1 message of a type this version cannot show');
    expect(undecodedSentence(u(), group({ kind: 'partlyRead', recordType: 'call', count: 3 }))).toBe('3 call records only partly read (a field not in the documented format)');
    expect(undecodedSentence(u(), group({ kind: 'unreadableAnswer', recordType: 'answer', count: 2 }))).toBe('2 answers from the server could not be read (not JSON, or not the documented format)');
  });
});

describe('UndecodedList', () => {
  it('lists each group with its endpoint, type codes and report, copies the report, and asks again only for its own account', async () => {
    let groups = [group(), group({ endpoint: 'moor.device.call', recordType: 'call', kind: 'partlyRead', count: 1, vendorTypes: [], fields: ['duration'] })];
    const fake = fakeApp({ 'health.listUndecoded': () => groups });
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const view = mount(UndecodedList, { target, props: { app: fake.app, accountId: 'moor-1' } });
    await settle();
    const items = [...target.querySelectorAll('[data-testid="undecoded-group"]')];
    expect(items.map((li) => li.querySelector('[data-testid="undecoded-sentence"]')?.textContent)).toEqual([
      '12 条消息属于此版本无法显示的类型',
      '1 条通话记录只读出了一部分（有字段的格式与文档不符）',
    ]);
    expect(items[0]!.textContent).toContain('七陌微信聊天记录');
    expect(items[0]!.textContent).toContain('类型代码：999, 4242');
    expect(items[1]!.textContent).toContain('读不出的字段：duration');
    expect((items[0]!.querySelector('textarea') as HTMLTextAreaElement).value).toContain('"msgType": "999"');

    (items[0]!.querySelector('[data-testid="undecoded-copy"]') as HTMLButtonElement).click();
    await settle();
    expect(writeText).toHaveBeenCalledWith(group().report);
    expect(fake.app.notices.at(-1)?.text).toBe('错误报告已复制，可以粘贴给技术支持');

    expect(fake.callsOf('health.listUndecoded')).toEqual([{ accountId: 'moor-1' }]);
    fake.emit('health.onDidChangeUndecoded', { accountIds: ['youmi-1'] });
    await settle();
    expect(fake.callsOf('health.listUndecoded')).toHaveLength(1);
    groups = [];
    fake.emit('health.onDidChangeUndecoded', { accountIds: ['moor-1'] });
    await settle();
    expect(fake.callsOf('health.listUndecoded')).toHaveLength(2);
    expect(target.querySelector('[data-testid="undecoded-none"]')?.textContent).toBe('没有：收到的数据都已读出');
    unmount(view);
  });

  it('opens the report for selecting by hand when the clipboard refuses', async () => {
    const fake = fakeApp({ 'health.listUndecoded': () => [group()] });
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async () => Promise.reject(new Error('denied')) }, configurable: true });
    const view = mount(UndecodedList, { target, props: { app: fake.app, accountId: 'moor-1' } });
    await settle();
    (target.querySelector('[data-testid="undecoded-copy"]') as HTMLButtonElement).click();
    await settle();
    expect((target.querySelector('details') as HTMLDetailsElement).open).toBe(true);
    expect(fake.app.notices.at(-1)?.tone).toBe('error');
    unmount(view);
  });
});

describe('RedecodeProgress', () => {
  it('shows in the status bar while stored data is read again, with its percentage, and goes when done', async () => {
    let status: RedecodeStatus = { running: true, done: 40, total: 160, redecoded: 3 };
    const fake = fakeApp({ 'health.getRedecodeStatus': () => status });
    const redecode = new RedecodeState(fake.app.client);
    const view = mount(RedecodeProgress, { target, props: { redecode } });
    await settle();
    expect(target.querySelector('[data-testid="redecode-progress"]')?.textContent).toContain('正在用新版本重新读取已保存的数据 25%');
    fake.emit('health.onDidProgressRedecode', { running: true, done: 80, redecoded: 3 });
    flushSync();
    expect(target.querySelector('[data-testid="redecode-progress"]')?.textContent).toContain('已查看 80 条');
    status = { running: false, done: 160, total: 160, redecoded: 9, finishedAt: 1 };
    fake.emit('health.onDidProgressRedecode', status);
    flushSync();
    expect(target.querySelector('[data-testid="redecode-progress"]')).toBeNull();
    unmount(view);
  });
});
