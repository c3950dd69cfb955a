import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { safeExternalUrl } from '../../electron/main/app/external-url';
import { isTrustedSender } from '../../electron/main/desktop/trusted-sender';
import { mainWindowOptions, shouldBlockNavigation } from '../../electron/main/desktop/window-options';
import { contentSecurityPolicy } from '../../electron/main/web/csp';

describe('main window options', () => {
  const options = mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', iconPath: '/app/resources/icon.png' });

  it('isolates and sandboxes the renderer', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(options.icon).toBe('/app/resources/icon.png');
  });

  it('blocks every navigation away from the app page', () => {
    const app = 'file:///opt/app/out/renderer/index.html';
    expect(shouldBlockNavigation('file:///opt/app/out/renderer/index.html#x', app)).toBe(false);
    expect(shouldBlockNavigation('https://evil.example/', app)).toBe(true);
    expect(shouldBlockNavigation('file:///etc/passwd', app)).toBe(true);
    expect(shouldBlockNavigation('javascript:alert(1)', app)).toBe(true);
    expect(shouldBlockNavigation('not a url', app)).toBe(true);
  });
});

describe('external links', () => {
  it('lets only plain http(s) out', () => {
    expect(safeExternalUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeExternalUrl('http://wx.qlogo.cn/x')).toBe('http://wx.qlogo.cn/x');
    for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'tel:10086', 'https://user:pw@example.com', 'https://exa\u0000mple.com', 'x'.repeat(5000), 'vbscript:msgbox', '']) {
      expect(safeExternalUrl(bad), bad.slice(0, 40)).toBeUndefined();
    }
  });
});

describe('IPC sender check', () => {
  const page = { fileUrl: 'file:///opt/app/out/renderer/index.html' };
  it('accepts only the app page in the top frame', () => {
    expect(isTrustedSender({ url: 'file:///opt/app/out/renderer/index.html', isTopFrame: true }, page)).toBe(true);
    expect(isTrustedSender({ url: 'file:///opt/app/out/renderer/index.html#/inbox', isTopFrame: true }, page)).toBe(true);
    expect(isTrustedSender({ url: 'file:///opt/app/out/renderer/index.html', isTopFrame: false }, page)).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', isTopFrame: true }, page)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isTopFrame: true }, page)).toBe(false);
    expect(isTrustedSender(null, page)).toBe(false);
  });
  it('accepts the dev server origin only when configured', () => {
    const dev = { devOrigin: 'http://localhost:5173' };
    expect(isTrustedSender({ url: 'http://localhost:5173/index.html', isTopFrame: true }, dev)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5174/', isTopFrame: true }, dev)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isTopFrame: true }, page)).toBe(false);
  });
});

describe('content security policy', () => {
  it('starts from nothing and never allows eval or inline script', () => {
    const csp = contentSecurityPolicy();
    expect(csp.startsWith("default-src 'none'")).toBe(true);
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    expect(csp).toContain("object-src 'none'");
  });
  it('is also in the page itself, for the desktop app that loads it from a file', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("default-src 'none'");
    expect(meta).toContain("script-src 'self'");
    expect(meta).not.toMatch(/unsafe-(eval|inline)/);
  });
});
