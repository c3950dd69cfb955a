// The desktop app looking after itself, against the fake Electron: wake-ups reach the sync, the
// page process dying reloads the window within the crash-loop guard and then asks, permissions are
// refused but full screen for the app page, and the diagnostics file goes where the agent chose.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@shared/errors';
import { createLogger, type LogRecord } from '../../../electron/main/log/logger';
import { installRecovery } from '../../../electron/main/desktop/recovery';
import { RendererCrashGuard } from '../../../electron/main/desktop/renderer-crash';
import { saveDiagnosticsWithDialog } from '../../../electron/main/desktop/save-diagnostics';
import { FakeApp, FakeDialog, FakePageWindow, FakePowerMonitor, FakeSession } from './fake-electron';

const PAGE = { fileUrl: 'file:///opt/WorkPhone%20Desk/resources/app.asar/out/renderer/index.html' };
const PAGE_URL = PAGE.fileUrl;

function rig(language: 'zh' | 'en' = 'zh') {
  let now = 1_000_000;
  const app = new FakeApp('linux');
  const powerMonitor = new FakePowerMonitor();
  const session = new FakeSession();
  const dialog = new FakeDialog();
  const window = new FakePageWindow();
  const wakes: string[] = [];
  const logs: LogRecord[] = [];
  installRecovery(
    { app, powerMonitor, session, dialog },
    {
      window,
      page: PAGE,
      pageUrl: PAGE_URL,
      sync: { wake: (cause) => wakes.push(cause) },
      language: () => language,
      logger: createLogger((r) => logs.push(r), 'test'),
      crashLoop: { now: () => now },
    },
  );
  return { app, powerMonitor, session, dialog, window, wakes, logs, advance: (ms: number) => (now += ms) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('waking up', () => {
  it('hands resume and unlock to the sync, and logs sleep and lock', () => {
    const { powerMonitor, wakes, logs } = rig();
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('unlock-screen');
    expect(wakes).toEqual(['resume', 'unlock-screen']);
    expect(logs.map((l) => l.message)).toEqual(['the machine is going to sleep', 'the machine woke up', 'the screen was locked', 'the screen was unlocked']);
  });
});

describe('web permissions', () => {
  const top = { requestingUrl: `${PAGE_URL}#/inbox`, isMainFrame: true };

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'midi', 'hid', 'serial', 'usb', 'openExternal', 'display-capture', 'idle-detection', 'pointerLock', 'unknown'])(
    'refuses %s, asked or checked, even by the app page',
    (permission) => {
      const { session } = rig();
      expect(session.request(permission, top)).toBe(false);
      expect(session.check(permission, top)).toBe(false);
    },
  );

  it('grants full screen to the app page’s top frame only (a video message’s player)', () => {
    const { session } = rig();
    expect(session.request('fullscreen', top)).toBe(true);
    expect(session.check('fullscreen', top)).toBe(true);
    expect(session.request('fullscreen', { ...top, isMainFrame: false })).toBe(false);
    expect(session.request('fullscreen', { requestingUrl: 'https://vendor.example/page.html', isMainFrame: true })).toBe(false);
    expect(session.request('fullscreen', { requestingUrl: 'file:///tmp/other.html', isMainFrame: true })).toBe(false);
    expect(session.check('fullscreen', { isMainFrame: true })).toBe(false);
  });

  it('logs a refusal by the permission’s name only', () => {
    const { session, logs } = rig();
    session.request('media', top);
    expect(logs.at(-1)).toMatchObject({ level: 'info', message: 'permission refused {"permission":"media"}' });
  });
});

describe('the page process dying', () => {
  it('reloads the app page, three times within five minutes', async () => {
    const { window, dialog, advance } = rig();
    for (const reason of ['crashed', 'oom', 'killed']) {
      window.pageGone(reason);
      advance(60_000);
    }
    expect(window.loads).toEqual([PAGE_URL, PAGE_URL, PAGE_URL]);
    expect(dialog.shown).toEqual([]);
  });

  it('asks the agent at the fourth crash in five minutes, and reloads with a fresh allowance when told to', async () => {
    const { window, dialog, logs } = rig();
    for (let i = 0; i < 4; i++) window.pageGone('crashed');
    await settle();
    expect(window.loads).toHaveLength(4);
    expect(dialog.shown).toHaveLength(1);
    expect(dialog.shown[0]!.window).toBe(window);
    expect(dialog.shown[0]!.options).toMatchObject({ message: '窗口内容反复崩溃', buttons: ['重新加载', '退出'] });
    expect(dialog.shown[0]!.options.detail).toContain('后台运行');
    // The agent chose to reload: three more crashes reload by themselves again.
    for (let i = 0; i < 3; i++) window.pageGone('crashed');
    expect(window.loads).toHaveLength(7);
    expect(dialog.shown).toHaveLength(1);
    expect(logs.filter((l) => l.level === 'error' && l.message.startsWith('the window’s page process is gone'))).toHaveLength(7);
  });

  it('quits when the agent chooses to, in their language', async () => {
    const { app, window, dialog } = rig('en');
    dialog.nextResponse = 1;
    for (let i = 0; i < 4; i++) window.pageGone('crashed');
    await settle();
    expect(dialog.shown[0]!.options.buttons).toEqual(['Reload', 'Quit']);
    expect(app.quitCalls).toBe(1);
    expect(window.loads).toHaveLength(3);
  });

  it('asks at once when the app’s files failed their integrity check', async () => {
    const { window, dialog } = rig();
    dialog.nextResponse = 1;
    window.pageGone('integrity-failure');
    await settle();
    expect(dialog.shown).toHaveLength(1);
    expect(window.loads).toEqual([]);
  });

  it('lets it go when the app is quitting or the window is gone', () => {
    const { app, window, dialog } = rig();
    app.quit();
    window.pageGone('clean-exit', 0);
    const closed = rig();
    closed.window.destroyed = true;
    closed.window.pageGone('crashed');
    expect([...window.loads, ...closed.window.loads]).toEqual([]);
    expect(dialog.shown).toEqual([]);
  });

  it('logs the other Chromium processes that die', () => {
    const { app, logs } = rig();
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 139 });
    expect(logs.at(-1)?.message).toBe('a Chromium process is gone {"type":"GPU","reason":"crashed","exitCode":139}');
  });
});

describe('the crash-loop guard', () => {
  it('allows reloads again once the crashes are older than its window', () => {
    let now = 0;
    const guard = new RendererCrashGuard({ maxReloads: 2, withinMs: 1_000, now: () => now });
    expect([guard.decide('crashed'), guard.decide('crashed'), guard.decide('crashed')]).toEqual(['reload', 'reload', 'ask']);
    now += 1_000;
    expect(guard.decide('crashed')).toBe('reload');
  });
});

describe('saving the diagnostics file', () => {
  const text = '工作手机助手 诊断信息\n== Summary ==\n{}';

  it('writes where the agent chose, starting in Downloads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-diag-'));
    const dialog = new FakeDialog();
    dialog.nextSavePath = join(dir, 'for-support.txt');
    const save = saveDiagnosticsWithDialog(dialog, { window: () => ({}), downloadsDir: '/home/agent/Downloads', language: () => 'zh' });
    expect(await save('workphone-diagnostics-20261205-1030.txt', text)).toEqual({ saved: true, path: dialog.nextSavePath });
    expect(dialog.saves).toEqual([{ title: '导出诊断信息', defaultPath: '/home/agent/Downloads/workphone-diagnostics-20261205-1030.txt' }]);
    expect(readFileSync(dialog.nextSavePath, 'utf8')).toBe(text);
  });

  it('writes nothing when the agent cancels, or when there is no window to ask from', async () => {
    const dialog = new FakeDialog();
    expect(await saveDiagnosticsWithDialog(dialog, { window: () => ({}), downloadsDir: tmpdir(), language: () => 'en' })('x.txt', text)).toEqual({ saved: false });
    expect(await saveDiagnosticsWithDialog(dialog, { window: () => undefined, downloadsDir: tmpdir(), language: () => 'en' })('x.txt', text)).toEqual({ saved: false });
    expect(dialog.saves).toHaveLength(1);
  });

  it('says so in both languages when the folder cannot be written', async () => {
    const dialog = new FakeDialog();
    dialog.nextSavePath = join(tmpdir(), 'no-such-folder-wp', 'deeper', 'x.txt');
    const error = await saveDiagnosticsWithDialog(dialog, { window: () => ({}), downloadsDir: tmpdir(), language: () => 'zh' })('x.txt', text).catch((e: unknown) => e);
    expect(isAppError(error) && error.toJSON()).toMatchObject({ code: 'STORAGE', messageZh: expect.stringContaining('无法保存'), details: { reason: 'ENOENT' } });
  });
});
