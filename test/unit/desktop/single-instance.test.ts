import { describe, expect, it } from 'vitest';
import { catchDialLinks } from '../../../electron/main/desktop/dial-link-inbox';
import type { LinkAction } from '../../../electron/main/desktop/single-instance';
import {
  actionForColdStart,
  actionForOpenUrl,
  actionForSecondInstance,
  linksInArgv,
} from '../../../electron/main/desktop/single-instance';
import { FakeApp, FakeEvent } from './fake-electron';

const exe = 'C:\\Users\\agent\\AppData\\Local\\Programs\\workphone-desk\\WorkPhoneDesk.exe';

describe('second-instance forwarding', () => {
  it('a plain second launch brings the running window forward', () => {
    expect(actionForSecondInstance([exe])).toEqual({ kind: 'show' });
    expect(actionForSecondInstance([exe, '--allow-file-access-from-files', '--original-process-start-time=133'])).toEqual({ kind: 'show' });
  });

  it('forwards a tel: link from Windows argv (after the "--" the app registered)', () => {
    const action = actionForSecondInstance([exe, '--', 'tel:+86-138 0013 8000']);
    expect(action).toMatchObject({ kind: 'dial', link: { digits: '13800138000', scheme: 'tel' } });
  });

  it('finds the link among Chromium switches and the dev-mode app folder', () => {
    const argv = ['/usr/lib/electron/electron', '.', '--no-sandbox', 'workphone://dial?phone=01088888888', '--enable-logging'];
    expect(linksInArgv(argv)).toEqual(['workphone://dial?phone=01088888888']);
    expect(actionForSecondInstance(argv)).toMatchObject({ kind: 'dial', link: { digits: '01088888888' } });
  });

  it('never reads argv[0] or a switch as a link', () => {
    expect(linksInArgv(['tel:13800138000'])).toEqual([]);
    expect(linksInArgv([exe, '--tel:13800138000'])).toEqual([]);
  });

  it('refuses a hostile link and does not dial', () => {
    const action = actionForSecondInstance([exe, '--', 'tel:javascript:alert(1)']);
    expect(action.kind).toBe('refuse');
  });

  it('refuses two links at once rather than guess which to dial', () => {
    const action = actionForSecondInstance([exe, 'tel:13800138000', 'tel:13900139000']);
    expect(action).toMatchObject({ kind: 'refuse', error: { details: { reason: 'MANY_NUMBERS' } } });
  });

  it('an ordinary cold start has nothing to do; one started by a link dials', () => {
    expect(actionForColdStart([exe])).toBeNull();
    expect(actionForColdStart([exe, '--', 'tel:13800138000'])).toMatchObject({ kind: 'dial' });
  });

  it('macOS open-url links go through the same parser', () => {
    expect(actionForOpenUrl('tel:13800138000')).toMatchObject({ kind: 'dial', link: { digits: '13800138000' } });
    expect(actionForOpenUrl('file:///etc/passwd').kind).toBe('refuse');
  });
});

describe('catchDialLinks', () => {
  it('holds links that arrive before the shell is ready, then delivers in order and keeps delivering', () => {
    const app = new FakeApp('darwin');
    const inbox = catchDialLinks(app, ['/Applications/工作手机助手.app/Contents/MacOS/工作手机助手']);
    const openUrl = new FakeEvent();
    app.emit('open-url', openUrl, 'tel:13800138000');
    expect(openUrl.defaultPrevented).toBe(true);
    app.emit('second-instance', new FakeEvent(), ['/x']);

    const seen: LinkAction[] = [];
    inbox.deliverTo((action) => seen.push(action));
    expect(seen.map((a) => a.kind)).toEqual(['dial', 'show']);

    app.emit('open-url', new FakeEvent(), 'workphone:dial/4008001234');
    expect(seen[2]).toMatchObject({ kind: 'dial', link: { digits: '4008001234' } });
  });

  it('puts the cold-start link first', () => {
    const app = new FakeApp('win32');
    const inbox = catchDialLinks(app, [exe, '--', 'tel:01088888888']);
    const seen: LinkAction[] = [];
    inbox.deliverTo((action) => seen.push(action));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'dial', link: { digits: '01088888888' } });
  });
});
