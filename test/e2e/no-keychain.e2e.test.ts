// `npm run web` on a machine without an OS keychain: the host still starts and serves the app;
// the demo accounts cannot be stored there, the agent is told why, and nothing falls back to
// plaintext (the host never picks memory-only secrets by itself).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { startHostProcess, type RunningHost } from '../helpers/web-host-process';

let host: RunningHost;
let browser: Browser;

beforeAll(async () => {
  // A session bus address nobody answers on: the Secret Service is missing.
  const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/workphone-no-bus' };
  delete env.DISPLAY;
  host = await startHostProcess(['--demo', '--no-demo-traffic'], undefined, env);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the web host without an OS keychain', () => {
  it('starts, shows the first-run screen, and explains the missing keychain when the demo is tried', async () => {
    expect(host.output()).toContain('--ephemeral-secrets');
    const page = await browser.newPage();
    await page.goto(host.url);
    await expect.poll(() => page.getByTestId('connection').getAttribute('class')).toContain('connected');
    // No account could be stored: the first-run screen, not a half-made demo.
    await expect.poll(() => page.getByTestId('try-demo').count()).toBe(1);
    // Trying the demo from the page says what is missing, in the agent's words.
    await page.getByTestId('try-demo').click();
    await expect.poll(() => page.getByTestId('notices').textContent(), { timeout: 15_000 }).toContain('钥匙串');
    expect(await page.getByTestId('first-run').count()).toBe(1);
    await page.close();
  });
});
