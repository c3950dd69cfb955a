// The health panel's "do notifications appear?" block and the "restart to update" notice, over the
// contract's IPC answers and events: what the agent reads on each OS, and the restart handshake
// (drafts saved, then main told so).
import { mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopHealth } from '@shared/ipc/desktop';
import type { UpdateStatus } from '@shared/ipc/update';
import { i18n } from '../../renderer/src/lib/i18n/i18n.svelte';
import { DesktopHealthState } from '../../renderer/src/lib/state/desktop-health.svelte';
import { UpdateState } from '../../renderer/src/lib/state/update.svelte';
import DesktopHealthBlock from '../../renderer/src/views/settings/DesktopHealthBlock.svelte';
import UpdateNotice from '../../renderer/src/views/shell/UpdateNotice.svelte';
import { fakeApp, settle, type Handlers } from './inbox-fake-app';

let target: HTMLElement;
const mounted: Array<ReturnType<typeof mount>> = [];
beforeEach(() => {
  i18n.setLanguage('zh');
  target = document.createElement('div');
  document.body.append(target);
});
afterEach(() => {
  for (const view of mounted.splice(0)) void unmount(view);
  target.remove();
});
const text = (testId: string) => target.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();

const failingMac: DesktopHealth = {
  applicable: true,
  platform: 'darwin',
  notifications: { state: 'failing', supported: true, failures: 3, lastError: 'Notification could not be presented (UNErrorDomain error 1)', lastFailedAt: Date.UTC(2026, 10, 23, 2, 5) },
};

async function showHealth(health: DesktopHealth, handlers: Handlers = {}) {
  const fake = fakeApp({ 'desktop.getHealth': () => health, ...handlers });
  mounted.push(mount(DesktopHealthBlock, { target, props: { app: fake.app, health: new DesktopHealthState(fake.app.client) } }));
  await settle();
  return fake;
}

describe('desktop health: do notifications appear?', () => {
  it('an unsigned macOS build: says notifications cannot be shown, with the OS error and what to do', async () => {
    await showHealth(failingMac);
    expect(text('desktop-health-text')).toContain('通知无法显示');
    expect(target.querySelector('[data-testid="desktop-health-text"]')?.getAttribute('role')).toBe('alert');
    expect(text('desktop-health-os-error')).toBe('Notification could not be presented (UNErrorDomain error 1)');
    expect(target.textContent).toContain('失败次数：3');
    expect(text('desktop-health-advice')).toContain('签名');
    expect(text('desktop-health-advice')).toContain('系统设置 → 通知');
  });

  it('Windows gets Windows advice; in English too', async () => {
    i18n.setLanguage('en');
    await showHealth({ ...failingMac, platform: 'win32' });
    expect(text('desktop-health-text')).toContain('Notifications cannot be shown');
    expect(text('desktop-health-advice')).toContain('Settings → System → Notifications');
  });

  it('a test notification that is then shown clears the warning (event from main)', async () => {
    const fake = await showHealth(failingMac, {
      'desktop.sendTestNotification': () => failingMac,
    });
    target.querySelector<HTMLButtonElement>('[data-testid="desktop-health-test"]')!.click();
    await settle();
    expect(fake.callsOf('desktop.sendTestNotification')).toHaveLength(1);
    fake.emit('desktop.onDidChangeHealth', { applicable: true, platform: 'darwin', notifications: { state: 'ok', supported: true, failures: 3, lastShownAt: Date.now() } });
    await settle();
    expect(text('desktop-health-text')).toBe('通知正常显示。');
    expect(text('desktop-health-advice')).toBeUndefined();
  });

  it('the browser has no desktop notifications', async () => {
    await showHealth({ applicable: false });
    expect(text('desktop-health-text')).toBe('在浏览器中运行时没有桌面通知。');
    expect(target.querySelector('[data-testid="desktop-health-test"]')).toBeNull();
  });
});

const base = { currentVersion: '0.1.0', feed: { url: 'https://updates.example.com/wp/', source: 'build' as const, channel: 'latest' }, buildFeedUrl: 'https://updates.example.com/wp/', lastCheckedAt: 1, nextCheckAt: 2 };
const ready: UpdateStatus = { ...base, phase: 'ready', release: { version: '0.2.0', notes: '新功能：自动更新' } };

describe('the restart-to-update notice', () => {
  it('shows once downloaded; a restart saves drafts when main asks, then tells main', async () => {
    const fake = fakeApp({
      'update.getStatus': () => ({ ...base, phase: 'downloading', release: { version: '0.2.0' }, percent: 40 }),
      'update.restartToUpdate': () => ({ ...base, phase: 'installing', release: ready.release, step: 'savingDrafts', sending: 0 }),
      'update.confirmDraftsSaved': () => ({}),
    });
    mounted.push(mount(UpdateNotice, { target, props: { app: fake.app, update: new UpdateState(fake.app.client) } }));
    await settle();
    expect(text('update-notice')).toBeUndefined();
    fake.emit('update.onDidChangeStatus', ready);
    await settle();
    expect(text('update-ready')).toContain('0.2.0');
    target.querySelector<HTMLButtonElement>('[data-testid="update-restart"]')!.click();
    await settle();
    expect(text('update-installing')).toBe('正在保存草稿…');
    expect(fake.callsOf('update.confirmDraftsSaved')).toEqual([{}]);
  });

  it('"later" hides it for that version only', async () => {
    const fake = fakeApp({ 'update.getStatus': () => ready });
    mounted.push(mount(UpdateNotice, { target, props: { app: fake.app, update: new UpdateState(fake.app.client) } }));
    await settle();
    target.querySelector<HTMLButtonElement>('[data-testid="update-later"]')!.click();
    await settle();
    expect(text('update-notice')).toBeUndefined();
    fake.emit('update.onDidChangeStatus', { ...ready, release: { version: '0.3.0' } });
    await settle();
    expect(text('update-ready')).toContain('0.3.0');
  });
});
