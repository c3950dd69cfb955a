// Settings → Network in Chromium, against the built web host started the way a company would
// start it behind its proxy: HTTPS_PROXY pointing at a real CONNECT proxy and NODE_EXTRA_CA_CERTS
// at the company's root certificate (HTTPS inspection). The vendors sit behind HTTPS under names
// that do not resolve, so every successful test below went through a proxy. Then the agent sets
// a manual proxy that wants a sign-in, and answers the app's question for it.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { agentPage, launchChromium } from '../helpers/browser';
import { startConnectProxy, TEST_DOMAIN, type ConnectProxy } from '../helpers/connect-proxy';
import { connectToHost, type HostSocket } from '../helpers/host-socket';
import { makeTestCertificates, startTlsFront, type TestCertificates, type TlsFront } from '../helpers/test-tls';
import { ROOT, startHostProcess, type RunningHost } from '../helpers/web-host-process';

let certificates: TestCertificates;
let moor: MoorSimulator;
let youmi: YoumiSimulator;
const fronts: TlsFront[] = [];
let open: ConnectProxy;
let guarded: ConnectProxy;
let host: RunningHost;
let socket: HostSocket;
let browser: Browser;
let page: Page;
const sign = { username: 'li.na', password: `proxy-pw-${Date.now()}` };

beforeAll(async () => {
  certificates = makeTestCertificates();
  [moor, youmi] = await Promise.all([startMoorSimulator({ rateLimit: false }), startYoumiSimulator()]);
  for (const sim of [moor, youmi]) fronts.push(await startTlsFront(sim.url, certificates));
  open = await startConnectProxy();
  guarded = await startConnectProxy({ credentials: sign, realm: 'Corp proxy' });
  host = await startHostProcess(['--ephemeral-secrets', '--no-demo'], undefined, {
    ...process.env,
    HTTPS_PROXY: `http://${open.server}`,
    NO_PROXY: 'localhost,127.0.0.1',
    NODE_EXTRA_CA_CERTS: certificates.caFile,
  });
  socket = await connectToHost(host);
  await socket.invoke('accounts.add', {
    vendor: 'moor',
    label: '七陌（经公司代理）',
    baseUrl: fronts[0]!.urlFor('moor'),
    settings: { clientId: moor.credentials.clientId },
    clientSecret: moor.credentials.clientSecret,
  });
  await socket.invoke('accounts.add', {
    vendor: 'youmi',
    label: '友米（经公司代理）',
    baseUrl: fronts[1]!.urlFor('youmi'),
    settings: { apiVersion: 'v2', wechatIds: youmi.operators.map((o) => String(o.wechatId)) },
    token: youmi.token,
  });
  browser = await launchChromium();
  page = await agentPage(browser);
  await page.goto(host.url);
  await page.locator('[data-testid="connection"].connected').waitFor();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-network').click();
  await page.getByTestId('proxy-routes').waitFor();
});

afterAll(async () => {
  socket?.close();
  await browser?.close();
  await host?.stop();
  await Promise.all([moor?.close(), youmi?.close(), open?.close(), guarded?.close(), ...fronts.map((f) => f.close())]);
  certificates?.dispose();
});

describe('Settings → Network', () => {
  it('shows the environment’s proxy and that each account goes through it; the connection test passes through it', async () => {
    expect(await page.getByTestId('proxy-mode-system').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('proxy-environment').textContent()).toContain(`http://${open.server}`);
    for (const vendor of ['moor', 'youmi']) {
      const row = page.getByTestId(`route-${vendor}`);
      expect(await row.getByTestId('route-text').textContent()).toBe(`经代理 ${open.server}`);
      expect(await row.textContent()).toContain('环境变量');
    }
    const youmiRow = page.getByTestId('route-youmi');
    await youmiRow.getByTestId('route-test').click();
    await expect.poll(() => youmiRow.getByTestId('route-test-result').textContent(), { timeout: 20_000 }).toContain('✓');
    // Kept-alive tunnels may carry the test itself; the sync opened them through this proxy.
    expect(open.visits.some((v) => v.target.startsWith(`youmi.${TEST_DOMAIN}:`) && v.outcome === 'tunnelled')).toBe(true);
    await page.getByTestId('settings-nav-network').click();
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/settings-network.png') });
  });

  it('"no proxy": the vendors cannot be reached, and the route says so', async () => {
    await page.getByTestId('proxy-mode-direct').click();
    await page.getByTestId('proxy-save').click();
    await expect.poll(() => page.getByTestId('route-moor').getByTestId('route-text').textContent()).toBe('直连');
    const moorRow = page.getByTestId('route-moor');
    await moorRow.getByTestId('route-test').click();
    await expect.poll(() => moorRow.getByTestId('route-test-result').textContent(), { timeout: 20_000 }).toContain('找不到服务器地址');
  });

  it('a manual proxy that wants a sign-in: the app asks, the answer is used and never shown back', async () => {
    await page.getByTestId('proxy-mode-manual').click();
    await page.getByTestId('proxy-server').fill('proxy.example');
    await page.getByTestId('proxy-save').click();
    expect(await page.getByText('请在主机名后写上端口').count()).toBe(1);
    await page.getByTestId('proxy-server').fill(guarded.server);
    await page.getByTestId('proxy-bypass').fill(`*.intranet.example\n10.0.0.0/8`);
    await page.getByTestId('proxy-save').click();
    await expect.poll(() => page.getByTestId('route-moor').getByTestId('route-text').textContent()).toBe(`经代理 ${guarded.server}`);
    expect(await page.getByTestId('route-moor').textContent()).toContain('手动设置');

    const moorRow = page.getByTestId('route-moor');
    await moorRow.getByTestId('route-test').click();
    const dialog = page.getByTestId('proxy-login');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`代理服务器 ${guarded.server} 要求输入用户名和密码`);
    await page.getByTestId('proxy-login-username').fill(sign.username);
    await page.getByTestId('proxy-login-password').fill(sign.password);
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/proxy-login.png') });
    await page.getByTestId('proxy-login-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => moorRow.getByTestId('route-test-result').textContent(), { timeout: 20_000 }).toContain('✓');
    expect(guarded.visits.some((v) => v.outcome === 'tunnelled' && v.user === sign.username)).toBe(true);
    expect(await page.content()).not.toContain(sign.password);
  });

  it('a refused sign-in is asked for again, saying so; cancelling leaves a clear error', async () => {
    await page.getByTestId('proxy-username').fill(sign.username);
    await page.getByTestId('proxy-password').fill('wrong-password');
    await page.getByTestId('proxy-save').click();
    await expect.poll(() => page.getByTestId('proxy-password').getAttribute('placeholder')).toContain('已保存');
    const youmiRow = page.getByTestId('route-youmi');
    await youmiRow.getByTestId('route-test').click();
    const dialog = page.getByTestId('proxy-login');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('刚才的用户名或密码被代理服务器拒绝');
    expect(await page.getByTestId('proxy-login-username').inputValue()).toBe(sign.username);
    await page.getByTestId('proxy-login-cancel').click();
    await expect.poll(() => youmiRow.getByTestId('route-test-result').textContent(), { timeout: 20_000 }).toContain('代理的用户名或密码未填写或不正确');
    expect(await page.content()).not.toContain('wrong-password');
  });
});
