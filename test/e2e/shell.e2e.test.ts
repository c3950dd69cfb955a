import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentPage, launchChromium } from '../helpers/browser';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
let host: RunningHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startHostProcess(['--ephemeral-secrets', '--no-demo']);
  browser = await launchChromium();
  page = await agentPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the app shell in Chromium through the web host', () => {
  it('shows the shell in Chinese with the version fetched over IPC', async () => {
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(host.url);
    await expect.poll(() => page.getByTestId('version').textContent()).toBe(`版本 ${version}`);
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('已连接');
    for (const label of ['消息', '客户', '通话与短信', '报表', '搜索', '设置']) {
      expect(await page.getByRole('navigation').getByText(label, { exact: true }).count()).toBe(1);
    }
    expect(await page.title()).toBe('工作手机助手');
    expect(await page.getByTestId('ephemeral-banner').isVisible()).toBe(true);
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/shell-zh.png') });
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });

  it('switches to English in settings and remembers it across a reload', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-en').click();
    await expect.poll(() => page.getByTestId('version').textContent()).toBe(`Version ${version}`);
    expect(await page.getByRole('navigation').getByText('Calls & SMS').count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByTestId('version').textContent()).toBe(`Version ${version}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-zh').click();
    await expect.poll(() => page.getByTestId('version').textContent()).toBe(`版本 ${version}`);
  });

  it('cannot reach the IPC socket without the launch token', async () => {
    const other = await browser.newPage();
    await other.goto(host.origin + '/');
    await expect.poll(() => other.getByTestId('connection').getAttribute('class')).toContain('disconnected');
    expect(await other.getByTestId('version').textContent()).toContain('…');
    await other.close();
  });

  it('stops cleanly on SIGTERM', async () => {
    const code = await host.stop('SIGTERM');
    expect(code).toBe(0);
    expect(host.output()).toContain('stopping on SIGTERM');
  });
});
