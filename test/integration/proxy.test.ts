// Vendor traffic through a company proxy, end to end in Node: the real router, a real SQLite
// file, the real keychain, the three vendor simulators behind HTTPS under host names that never
// resolve, and a real CONNECT proxy on 127.0.0.1 (test/helpers/connect-proxy.ts) that is the only
// way to them. Cases: the environment's proxy, a manual one with its bypass list, NO_PROXY, a proxy
// that wants a sign-in (given, refused, missing, saved and reused after a restart), a proxy that is
// down, and a certificate the computer does not trust.
import { randomUUID } from 'node:crypto';
import * as keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SerializedError } from '@shared/errors';
import type { AccountDraft } from '@shared/ipc/accounts';
import type { NetworkStatus, ProxyLoginRequest } from '@shared/ipc/network';
import { createNodeNetwork } from '../../electron/main/network/node-network';
import { proxyKeychainId } from '../../electron/main/network/proxy-auth';
import { KeytarSecretStore } from '../../electron/main/secrets/keytar-store';
import { MemorySecretStore, type SecretStore } from '../../electron/main/secrets/secret-store';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { startZhugeSimulator, type ZhugeSimulator } from '../../electron/main/vendors/zhuge/simulator';
import { startConnectProxy, TEST_DOMAIN, type ConnectProxy } from '../helpers/connect-proxy';
import { makeTestCertificates, startTlsFront, type TestCertificates, type TlsFront } from '../helpers/test-tls';
import { databaseText, marker, moorDraft, startApp, youmiDraft, zhugeDraft, type TestApp } from './accounts-kit';

let certificates: TestCertificates;
let moor: MoorSimulator;
let youmi: YoumiSimulator;
let zhuge: ZhugeSimulator;
const fronts: TlsFront[] = [];
let open: ConnectProxy;
let guarded: ConnectProxy;
const proxyUser = { username: 'zhang.wei', password: marker('proxy-password') };
const keychainService = `workphone-desk-test-${randomUUID()}`;
const apps: TestApp[] = [];

beforeAll(async () => {
  certificates = makeTestCertificates();
  [moor, youmi, zhuge] = await Promise.all([startMoorSimulator({ rateLimit: false }), startYoumiSimulator(), startZhugeSimulator()]);
  for (const sim of [moor, youmi, zhuge]) fronts.push(await startTlsFront(sim.url, certificates));
  open = await startConnectProxy();
  guarded = await startConnectProxy({ credentials: proxyUser });
});

afterAll(async () => {
  for (const app of apps) await app.close().catch(() => {});
  await Promise.all([moor?.close(), youmi?.close(), zhuge?.close(), open?.close(), guarded?.close(), ...fronts.map((f) => f.close())]);
  certificates?.dispose();
  for (const { account } of await keytar.findCredentials(keychainService)) await keytar.deletePassword(keychainService, account);
});

/** The three accounts, each at an https://<vendor>.vendor.invalid address only the proxy can reach. */
function drafts(): AccountDraft[] {
  return [
    moorDraft(moor, { baseUrl: fronts[0]!.urlFor('moor') }),
    { ...youmiDraft(youmi), baseUrl: fronts[1]!.urlFor('youmi') },
    { ...zhugeDraft(zhuge), baseUrl: fronts[2]!.urlFor('zhuge') },
  ];
}

async function appWith(env: NodeJS.ProcessEnv, options: { secrets?: SecretStore; trustTestRoot?: boolean; realSync?: boolean } = {}): Promise<TestApp> {
  const app = await startApp({
    secrets: options.secrets ?? new MemorySecretStore(),
    ...(options.realSync ? { realSync: true } : {}),
    network: (auth) => createNodeNetwork({ auth, env, ...(options.trustTestRoot === false ? {} : { ca: [certificates.ca] }) }),
  });
  apps.push(app);
  return app;
}

async function addAll(app: TestApp): Promise<string[]> {
  const ids: string[] = [];
  for (const draft of drafts()) ids.push((await app.call('accounts.add', draft)).id);
  return ids;
}

async function testConnection(app: TestApp, id: string): Promise<{ ok: boolean; error?: SerializedError }> {
  return app.call('accounts.test', { id });
}

function hostsOf(visits: { target: string; outcome: string }[], outcome = 'tunnelled'): string[] {
  return [...new Set(visits.filter((v) => v.outcome === outcome).map((v) => v.target.split(':')[0] ?? ''))].sort();
}

function sourcesByVendor(routes: NetworkStatus['routes']): Record<string, string> {
  return Object.fromEntries(routes.map((r) => [r.vendor, r.route.source]));
}

/** The next sign-in question the app puts to the agent. */
function nextQuestion(app: TestApp): Promise<ProxyLoginRequest> {
  return new Promise((resolve) => {
    const off = app.core.bus.on('network.onDidRequestProxyLogin', (request) => {
      off();
      resolve(request);
    });
  });
}

describe('without a proxy', () => {
  it('cannot reach the vendors at all: their names do not resolve', async () => {
    const app = await appWith({});
    const [id] = await addAll(app);
    const result = await testConnection(app, id!);
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ code: 'NETWORK', details: { reason: 'dns' } });
    expect(result.error?.messageZh).toContain('找不到服务器地址');
    expect(open.take()).toEqual([]);
  });
});

describe('the environment’s proxy (HTTPS_PROXY)', () => {
  let app: TestApp;
  let ids: string[];
  beforeAll(async () => {
    app = await appWith({ HTTPS_PROXY: `http://${open.server}` });
    ids = await addAll(app);
    open.take();
  });

  it('carries the connection test of every vendor through CONNECT tunnels', async () => {
    for (const id of ids) expect(await testConnection(app, id), id).toMatchObject({ ok: true });
    expect(hostsOf(open.take())).toEqual([`moor.${TEST_DOMAIN}`, `youmi.${TEST_DOMAIN}`, `zhuge.${TEST_DOMAIN}`]);
  });

  it('shows, per base URL, that requests go through it and why', async () => {
    const status = await app.call('network.getStatus', {});
    expect(status).toMatchObject({ host: 'web', systemSource: 'environment', proxy: { mode: 'system', bypass: [], hasPassword: false } });
    expect(status.environment).toEqual({ https: `http://${open.server}`, noProxy: [] });
    expect(status.routes.map((r) => r.route)).toEqual(ids.map(() => ({ steps: [{ type: 'proxy', scheme: 'HTTP', server: open.server }], source: 'environment' })));
  });

  it('syncs a Youmi account through it into the cache', async () => {
    const syncing = await appWith({ HTTPS_PROXY: `http://${open.server}` }, { realSync: true });
    const { id } = await syncing.call('accounts.add', drafts()[1]!);
    const deadline = Date.now() + 20_000;
    let conversations = 0;
    while (Date.now() < deadline) {
      conversations = syncing.core.context.store.conversations.page({ accountId: id }, { limit: 200 }).items.length;
      if (conversations >= new Set(youmi.rows().map((r) => `${r.ad_wechat_id}:${r.ad_chatting_talter}`)).size) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(conversations).toBe(new Set(youmi.rows().map((r) => `${r.ad_wechat_id}:${r.ad_chatting_talter}`)).size);
    expect(hostsOf(open.take())).toContain(`youmi.${TEST_DOMAIN}`);
    await syncing.close();
    apps.splice(apps.indexOf(syncing), 1);
  });

  it('leaves hosts in NO_PROXY to go straight out (where, here, they cannot be found)', async () => {
    const bypassing = await appWith({ HTTPS_PROXY: `http://${open.server}`, NO_PROXY: `localhost,youmi.${TEST_DOMAIN}` });
    const [moorId, youmiId] = await addAll(bypassing);
    open.take();
    expect(await testConnection(bypassing, moorId!)).toMatchObject({ ok: true });
    expect((await testConnection(bypassing, youmiId!)).error).toMatchObject({ code: 'NETWORK', details: { reason: 'dns' } });
    expect(hostsOf(open.take())).toEqual([`moor.${TEST_DOMAIN}`]);
    expect(sourcesByVendor((await bypassing.call('network.getStatus', {})).routes)).toEqual({ moor: 'environment', youmi: 'bypass', zhuge: 'environment' });
  });
});

describe('a manual proxy', () => {
  let app: TestApp;
  let ids: string[];
  beforeAll(async () => {
    app = await appWith({});
    ids = await addAll(app);
  });

  it('is used for every vendor except those on its bypass list, from the moment it is saved', async () => {
    const status = await app.call('network.setProxy', { mode: 'manual', server: ` ${open.server} `, bypass: [`*.zhuge.${TEST_DOMAIN}`] });
    expect(status.proxy).toMatchObject({ mode: 'manual', server: open.server, bypass: [`zhuge.${TEST_DOMAIN}`], hasPassword: false });
    expect(sourcesByVendor(status.routes)).toEqual({ moor: 'manual', youmi: 'manual', zhuge: 'bypass' });
    open.take();
    const [moorId, youmiId, zhugeId] = ids as [string, string, string];
    expect(await testConnection(app, moorId)).toMatchObject({ ok: true });
    expect(await testConnection(app, youmiId)).toMatchObject({ ok: true });
    expect((await testConnection(app, zhugeId)).error).toMatchObject({ details: { reason: 'dns' } });
    expect(hostsOf(open.take())).toEqual([`moor.${TEST_DOMAIN}`, `youmi.${TEST_DOMAIN}`]);
  });

  it('is kept across a switch to "no proxy" and back', async () => {
    const direct = await app.call('network.setProxy', { mode: 'direct', server: open.server, bypass: [] });
    expect(direct.proxy).toMatchObject({ mode: 'direct', server: open.server });
    expect((await testConnection(app, ids[0]!)).error).toMatchObject({ details: { reason: 'dns' } });
    await app.call('network.setProxy', { mode: 'manual', server: open.server, bypass: [] });
    expect(await testConnection(app, ids[0]!)).toMatchObject({ ok: true });
  });

  it('refuses a server or bypass entry it cannot use, changing nothing', async () => {
    const before = await app.call('network.getStatus', {});
    for (const [input, field] of [
      [{ mode: 'manual', bypass: [] }, 'server'],
      [{ mode: 'manual', server: 'https://proxy.example:8080', bypass: [] }, 'server'],
      [{ mode: 'manual', server: 'proxy.example', bypass: [] }, 'server'],
      [{ mode: 'manual', server: 'user:pw@proxy.example:8080', bypass: [] }, 'server'],
      [{ mode: 'manual', server: open.server, bypass: ['ok.example', 'not a host!'] }, 'bypass'],
      [{ mode: 'manual', server: open.server, bypass: [], password: 'only-a-password' }, 'username'],
    ] as const) {
      const error = await app.failure('network.setProxy', input);
      expect(error, JSON.stringify(input)).toMatchObject({ code: 'VALIDATION', details: { field } });
      expect(error.messageZh).toMatch(/代理|条|端口/);
    }
    expect(await app.call('network.getStatus', {})).toEqual(before);
  });

  it('that is down gives a clear error naming the proxy', async () => {
    const down = await startConnectProxy();
    await down.close();
    await app.call('network.setProxy', { mode: 'manual', server: down.server, bypass: [] });
    const { error } = await testConnection(app, ids[1]!);
    expect(error).toMatchObject({ code: 'NETWORK', details: { reason: 'proxyUnreachable', proxy: down.server } });
    expect(error?.messageZh).toContain(`无法连接代理服务器 ${down.server}`);
    expect(error?.message).toContain(`Cannot reach the proxy server ${down.server}`);
  });
});

describe('a proxy that wants a sign-in', () => {
  let secrets: KeytarSecretStore;
  let app: TestApp;
  let ids: string[];
  const keychainId = () => proxyKeychainId(guarded.server);

  beforeAll(async () => {
    secrets = new KeytarSecretStore({ service: keychainService });
    const probe = await secrets.checkAvailable();
    if (!probe.ok) throw new Error(`No usable OS keychain: ${probe.error.message} Run: bash .ci/with-keyring.sh npx vitest run test/integration/proxy.test.ts`);
    app = await appWith({}, { secrets });
    ids = await addAll(app);
    await app.call('network.setProxy', { mode: 'manual', server: guarded.server, bypass: [] });
    guarded.take();
  });

  it('missing: asks the agent once, goes on with the answer and keeps it in the keychain when asked to', async () => {
    const questions: ProxyLoginRequest[] = [];
    const off = app.core.bus.on('network.onDidRequestProxyLogin', (q) => questions.push(q));
    const question = nextQuestion(app);
    const tests = Promise.all(ids.map((id) => testConnection(app, id)));
    const request = await question;
    expect(request).toMatchObject({ proxy: guarded.server, scheme: 'basic', refused: false });
    expect(await app.call('network.answerProxyLogin', { action: 'signIn', requestId: request.requestId, ...proxyUser, remember: true })).toEqual({ accepted: true });
    expect((await tests).map((r) => r.ok)).toEqual([true, true, true]);
    off();
    // One question for three vendors asking at once, and it is closed now.
    expect(questions.map((q) => q.requestId)).toEqual([request.requestId]);
    expect(await app.call('network.answerProxyLogin', { action: 'cancel', requestId: request.requestId })).toEqual({ accepted: false });
    expect(guarded.take().filter((v) => v.outcome === 'tunnelled').every((v) => v.user === proxyUser.username)).toBe(true);
    expect(await keytar.getPassword(keychainService, `${keychainId()}/proxyPassword`)).toBe(proxyUser.password);
    expect(await keytar.getPassword(keychainService, `${keychainId()}/proxyUsername`)).toBe(proxyUser.username);
    const status = await app.call('network.getStatus', {});
    expect(status.proxy).toMatchObject({ username: proxyUser.username, hasPassword: true });
    // The password is nowhere the agent or a file could see it.
    expect(JSON.stringify(status)).not.toContain(proxyUser.password);
    expect(databaseText(app.dataDir)).not.toContain(proxyUser.password);
    expect(app.logs.join('\n')).not.toContain(proxyUser.password);
  });

  it('saved: a restarted app signs in from the keychain without asking', async () => {
    const restarted = await appWith({}, { secrets });
    await restarted.call('network.setProxy', { mode: 'manual', server: guarded.server, bypass: [] });
    const [id] = await addAll(restarted);
    let asked = false;
    restarted.core.bus.on('network.onDidRequestProxyLogin', () => (asked = true));
    expect(await testConnection(restarted, id!)).toMatchObject({ ok: true });
    expect(asked).toBe(false);
  });

  it('wrong: asks again saying it was refused; a cancel gives a clear zh/en error and no more questions', async () => {
    await app.call('network.setProxy', { mode: 'manual', server: guarded.server, bypass: [], username: proxyUser.username, password: 'not-the-password' });
    const question = nextQuestion(app);
    const test = testConnection(app, ids[0]!);
    const request = await question;
    expect(request).toMatchObject({ proxy: guarded.server, refused: true, username: proxyUser.username });
    await app.call('network.answerProxyLogin', { action: 'cancel', requestId: request.requestId });
    const { ok, error } = await test;
    expect(ok).toBe(false);
    expect(error).toMatchObject({ code: 'NETWORK', details: { reason: 'proxyAuth', proxy: guarded.server } });
    expect(error?.messageZh).toContain('代理的用户名或密码未填写或不正确');
    expect(error?.message).toContain('user name or password is missing or wrong');
    expect(guarded.take().map((v) => v.outcome)).toContain('authRefused');

    let askedAgain = false;
    const off = app.core.bus.on('network.onDidRequestProxyLogin', () => (askedAgain = true));
    expect((await testConnection(app, ids[1]!)).error).toMatchObject({ details: { reason: 'proxyAuth' } });
    off();
    expect(askedAgain).toBe(false);
  });

  it('fixed in Settings: the right password works at once', async () => {
    const status = await app.call('network.setProxy', { mode: 'manual', server: guarded.server, bypass: [], username: proxyUser.username, password: proxyUser.password });
    expect(status.proxy).toMatchObject({ username: proxyUser.username, hasPassword: true });
    expect(await testConnection(app, ids[0]!)).toMatchObject({ ok: true });
  });

  it('given in the environment (HTTPS_PROXY=http://user:password@host:port): used, never shown', async () => {
    const url = `http://${encodeURIComponent(proxyUser.username)}:${encodeURIComponent(proxyUser.password)}@${guarded.server}`;
    const envApp = await appWith({ HTTPS_PROXY: url });
    const [id] = await addAll(envApp);
    let asked = false;
    envApp.core.bus.on('network.onDidRequestProxyLogin', () => (asked = true));
    expect(await testConnection(envApp, id!)).toMatchObject({ ok: true });
    expect(asked).toBe(false);
    const status = await envApp.call('network.getStatus', {});
    expect(status.environment?.https).toBe(`http://${guarded.server}`);
    expect(JSON.stringify(status)).not.toContain(proxyUser.password);
  });

  it('forgotten in Settings: the keychain entries go', async () => {
    const status = await app.call('network.setProxy', { mode: 'manual', server: guarded.server, bypass: [], forgetCredentials: true });
    expect(status.proxy.hasPassword).toBe(false);
    expect((await keytar.findCredentials(keychainService)).map((c) => c.account).filter((a) => a.startsWith(keychainId()))).toEqual([]);
  });
});

describe('HTTPS inspected by the company', () => {
  it('fails with a certificate error naming the company root when the computer does not trust it', async () => {
    const app = await appWith({ HTTPS_PROXY: `http://${open.server}` }, { trustTestRoot: false });
    const [id] = await addAll(app);
    const { error } = await testConnection(app, id!);
    expect(error).toMatchObject({ code: 'NETWORK', details: { reason: 'certificate' } });
    expect(error?.messageZh).toContain('根证书');
    expect(error?.message).toContain('root certificate');
  });
});
