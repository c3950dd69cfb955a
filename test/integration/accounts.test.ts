// The accounts service through the real router, a real SQLite file and the three vendor
// simulators over HTTP: add, test, edit and remove per vendor, and every failure path leaving
// nothing behind (no row, no keychain entry, no secret in the database, the logs or a reply).
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SerializedError } from '@shared/errors';
import type { AccountDraft, AccountSummary } from '@shared/ipc/accounts';
import { currentDemoWorkspace } from '../../electron/main/demo/workspace';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { MY_WORK_PHONE_KEY } from '../../electron/main/services/work-phone';
import { requireMyWorkPhone } from '../../electron/main/services/identity';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { startZhugeSimulator, type ZhugeSimulator } from '../../electron/main/vendors/zhuge/simulator';
import {
  databaseText,
  FailingSecretStore,
  marker,
  moorDraft,
  startApp,
  youmiDraft,
  zhugeDraft,
  type TestApp,
} from './accounts-kit';

let moor: MoorSimulator;
let youmi: YoumiSimulator;
let zhuge: ZhugeSimulator;
let memory: MemorySecretStore;
let secrets: FailingSecretStore;
let app: TestApp;
/** Every secret these tests hand to the app; none may show up where the agent or a file could see it. */
const handedOver: string[] = [];

beforeAll(async () => {
  const moorSecret = marker('moor-secret');
  const youmiToken = marker('youmi-token');
  const zhugeToken = marker('zhuge-token');
  handedOver.push(moorSecret, youmiToken, zhugeToken);
  moor = await startMoorSimulator({ rateLimit: false, clientSecret: moorSecret });
  youmi = await startYoumiSimulator({ token: youmiToken });
  zhuge = await startZhugeSimulator();
  zhuge.data.customers[0]!.token = zhugeToken;
  memory = new MemorySecretStore();
  secrets = new FailingSecretStore(memory);
  app = await startApp({ secrets });
});

afterAll(async () => {
  await app?.close();
  await Promise.all([moor?.close(), youmi?.close(), zhuge?.close(), currentDemoWorkspace()?.then((w) => w.close())]);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function expectNoLeak(...texts: string[]): void {
  const all = [...moor.secrets(), ...handedOver];
  for (const text of texts) for (const secret of all) expect(text.includes(secret), `a secret leaked: ${text.slice(0, 200)}`).toBe(false);
}

async function ids(): Promise<string[]> {
  return (await app.call('accounts.list', {})).map((a) => a.id);
}

describe('adding, testing and removing an account of each vendor', () => {
  it('7moor: add, test (sign-in + getUsers), pick the agent, remove with its cache', async () => {
    const added = await app.call('accounts.add', moorDraft(moor));
    expect(added).toMatchObject({ vendor: 'moor', hasSecret: true, status: 'unknown', demo: false, settings: { clientId: moor.credentials.clientId } });
    expect(added.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await memory.list(added.id)).toEqual([{ accountId: added.id, name: 'clientSecret' }]);
    expect(app.sync.of(added.id)).toEqual(['start']);
    expect(app.events.at(-1)?.map((a) => a.id)).toContain(added.id);

    const result = await app.call('accounts.test', { id: added.id });
    expect(result.ok).toBe(true);
    expect(result.checkedZh).toContain(`${moor.dataset.agents.length} 个座席`);
    expect(moor.requestsTo('oauth/token/getToken')).toHaveLength(1);
    const [summary] = (await app.call('accounts.list', {})).filter((a) => a.id === added.id);
    expect(summary?.status).toBe('connected');
    expect(summary?.tokenExpiresAt).toBeGreaterThan(Date.now());

    const agents = await app.call('accounts.listAgents', { accountId: added.id });
    expect(agents.map((a) => a.name)).toEqual(moor.dataset.agents.map((a) => a.name));
    const me = agents[0]!;
    const mine = await app.call('accounts.setMyWorkPhone', { accountId: added.id, agentId: me.vendorId, agentName: me.name, phone: `+86 ${me.phone}` });
    expect(mine).toEqual({ accountId: added.id, agentId: me.vendorId, agentName: me.name, phone: me.phone });
    expect(await app.call('accounts.getMyWorkPhone', {})).toEqual(mine);
    expect(requireMyWorkPhone(app.core.context)).toEqual(mine);

    expectNoLeak(JSON.stringify(await app.call('accounts.list', {})), JSON.stringify(app.events), JSON.stringify(agents), databaseText(app.dataDir), app.logs.join('\n'));

    expect(await app.call('accounts.remove', { id: added.id, deleteCachedData: true })).toEqual({ removed: true });
    expect(app.sync.of(added.id)).toEqual(['start', 'stop']);
    expect(await ids()).not.toContain(added.id);
    expect(app.core.context.store.accounts.get(added.id)).toBeUndefined();
    expect(await memory.list(added.id)).toEqual([]);
    // The work phone belonged to that account: dialing now says what to set.
    expect(await app.call('accounts.getMyWorkPhone', {})).toBeNull();
    expect(app.core.context.store.settings.get(MY_WORK_PHONE_KEY)).toBeUndefined();
    expect(() => requireMyWorkPhone(app.core.context)).toThrow(expect.objectContaining({ code: 'VALIDATION', details: { reason: 'noWorkPhone', field: 'workPhone' } }));
  });

  it('Youmi v2: the test reads one ChatMess row, then one GetChat row with the Bearer token', async () => {
    const added = await app.call('accounts.add', youmiDraft(youmi));
    expect(added).toMatchObject({ vendor: 'youmi', hasSecret: true, settings: { apiVersion: 'v2' } });
    const result = await app.call('accounts.test', { id: added.id });
    expect(result).toMatchObject({ ok: true });
    expect(youmi.lastRequest('v1.list')?.url).toContain('pagesize=1');
    expect(JSON.parse(youmi.lastRequest('v2.getChat')?.body ?? '{}')).toMatchObject({ pageSize: '1' });
    expect(await app.call('accounts.remove', { id: added.id, deleteCachedData: false })).toEqual({ removed: true });
    expect(await ids()).not.toContain(added.id);
    expect(await memory.list(added.id)).toEqual([]);
    // Kept cache: the row stays, retired, so its messages remain searchable.
    expect(app.core.context.store.accounts.get(added.id)?.settings.retiredAt).toEqual(expect.any(Number));
  });

  it('Zhuge: the test asks query_num, which marks nothing read', async () => {
    const added = await app.call('accounts.add', zhugeDraft(zhuge));
    const unreadBefore = zhuge.messages().filter((m) => m.unread).length;
    expect(await app.call('accounts.test', { id: added.id })).toMatchObject({ ok: true });
    expect(zhuge.requests().at(-1)?.endpoint).toBe('query_num');
    expect(zhuge.messages().filter((m) => m.unread)).toHaveLength(unreadBefore);
    await app.call('accounts.remove', { id: added.id, deleteCachedData: true });
    expect(await memory.list(added.id)).toEqual([]);
  });

  it('an edit of the label alone keeps the sync running; a new secret replaces the old and restarts it', async () => {
    const added = await app.call('accounts.add', zhugeDraft(zhuge));
    const renamed = await app.call('accounts.update', { id: added.id, label: '公众号客服' });
    expect(renamed.label).toBe('公众号客服');
    expect(app.sync.of(added.id)).toEqual(['start']);
    const fresh = marker('zhuge-new-token');
    handedOver.push(fresh);
    zhuge.data.customers[0]!.token = fresh;
    const failing = await app.call('accounts.test', { id: added.id });
    expect(failing.error).toMatchObject({ code: 'AUTH' });
    expect(app.sync.of(added.id)).toEqual(['start', 'stop']);
    expect((await app.call('accounts.list', {})).find((a) => a.id === added.id)?.status).toBe('reloginNeeded');
    await app.call('accounts.update', { id: added.id, secret: `  ${fresh}\n` });
    expect(await memory.get(added.id, 'token')).toBe(fresh);
    expect(app.sync.of(added.id)).toEqual(['start', 'stop', 'stop', 'start']);
    expect(await app.call('accounts.test', { id: added.id })).toMatchObject({ ok: true });
    await app.call('accounts.remove', { id: added.id, deleteCachedData: true });
  });

  it('creates the three demo accounts once, through the same path, against the in-process simulators', async () => {
    const demo = await app.call('accounts.createDemo', {});
    expect(demo.map((a) => a.vendor).sort()).toEqual(['moor', 'youmi', 'zhuge']);
    expect(demo.every((a) => a.demo && a.hasSecret && a.baseUrl.startsWith('http://127.0.0.1:'))).toBe(true);
    for (const account of demo) {
      // 7moor has signed in by now (the demo picks the agent from getUsers): its tokens sit beside the secret.
      const names = (await memory.list(account.id)).map((ref) => ref.name).sort();
      if (account.vendor === 'moor') expect(names).toEqual(['accessToken', 'accessTokenExpiresAt', 'clientSecret', 'refreshToken', 'refreshTokenExpiresAt']);
      else expect(names).toEqual(['token']);
      expect(app.sync.of(account.id)).toEqual(['start']);
      expect(await app.call('accounts.test', { id: account.id })).toMatchObject({ ok: true });
    }
    // Click-to-dial works at once in the demo: the agent is the demo tenant's first agent.
    const moor = demo.find((a) => a.vendor === 'moor')!;
    const agents = await app.call('accounts.listAgents', { accountId: moor.id });
    expect(await app.call('accounts.getMyWorkPhone', {})).toMatchObject({ accountId: moor.id, agentId: agents[0]!.vendorId, phone: agents[0]!.phone });
    // The Customers view starts with the demo tenant's CRM customers.
    expect((await app.call('crm.listCustomers', { accountId: moor.id, limit: 500 })).items.length).toBeGreaterThan(10);
    // Asking again changes nothing.
    expect((await app.call('accounts.createDemo', {})).map((a) => a.id).sort()).toEqual(demo.map((a) => a.id).sort());
    expect(await ids()).toHaveLength(3);
    for (const account of demo) await app.call('accounts.remove', { id: account.id, deleteCachedData: true });
  });

  it('creates all three demo accounts or none', async () => {
    const rowsBefore = app.core.context.store.accounts.list();
    secrets.failWhen((operation) => operation === 'set token');
    try {
      const error = await app.failure('accounts.createDemo', {});
      expect(error.code).toBe('KEYCHAIN');
    } finally {
      secrets.heal();
    }
    expect(await ids()).toEqual([]);
    expect(app.core.context.store.accounts.list()).toEqual(rowsBefore);
    expect(await memory.list()).toEqual([]);
  });
});

describe('failure paths leave nothing behind', () => {
  async function expectNothingStored(): Promise<void> {
    expect(await ids()).toEqual([]);
    expect(app.core.context.store.accounts.list().filter((a) => a.settings.retiredAt === undefined)).toEqual([]);
    const live = new Set(app.core.context.store.accounts.list().map((a) => a.id));
    expect((await memory.list()).filter((ref) => !live.has(ref.accountId))).toEqual([]);
  }

  it.each([
    ['plain http to another machine', 'http://wpapi.7moor.com', 'url.https'],
    ['another scheme', 'ftp://127.0.0.1/', 'url.http'],
    ['a user name and password', 'https://agent:pw@wpapi.7moor.com', 'url.credentials'],
    ['a token in the query', 'https://wpapi.7moor.com/?accessToken=abc', 'url.query'],
    ['not a URL at all', 'wpapi 7moor', 'url.http'],
  ])('refuses a base URL with %s', async (_case, baseUrl, reason) => {
    const error = await app.failure('accounts.add', moorDraft(moor, { baseUrl }));
    expect(error).toMatchObject({ code: 'VALIDATION', details: { field: 'baseUrl', reason } });
    await expectNothingStored();
  });

  it('accepts https anywhere and http only on this computer, and stores the URL without trailing slashes', async () => {
    for (const baseUrl of ['https://wpapi.7moor.com/', 'http://localhost:9/api/', 'http://[::1]:9']) {
      const added = await app.call('accounts.add', moorDraft(moor, { baseUrl }));
      expect(added.baseUrl).toBe(baseUrl.replace(/\/+$/, ''));
      await app.call('accounts.remove', { id: added.id, deleteCachedData: true });
    }
    await expectNothingStored();
  });

  it('refuses settings of another vendor and a blank secret', async () => {
    const draft = youmiDraft(youmi);
    const wrong = await app.failure('accounts.add', { ...draft, settings: { clientId: 'x' } });
    expect(wrong.code).toBe('VALIDATION');
    const blank = await app.failure('accounts.add', { ...draft, token: '   ' });
    expect(blank).toMatchObject({ code: 'VALIDATION', details: { field: 'token' } });
    await expectNothingStored();
  });

  it('keeps neither row nor entry when the keychain fails while saving the secret', async () => {
    secrets.failOnCall(1);
    const error = await app.failure('accounts.add', moorDraft(moor));
    expect(error).toMatchObject({ code: 'KEYCHAIN' });
    await expectNothingStored();
  });

  it('takes the secret back out when the database refuses the row', async () => {
    const broken = await startApp({ secrets: memory });
    // A closed app's database refuses every write, as a full disk or a damaged file would.
    await broken.close();
    const error = await broken.failure('accounts.add', moorDraft(moor));
    expect(error.code).toBe('STORAGE');
    expect(await memory.list()).toEqual([]);
  });

  it('keeps the old account whole when the keychain fails during an edit', async () => {
    const added = await app.call('accounts.add', moorDraft(moor));
    const before = app.core.context.store.accounts.get(added.id);
    const replacement = marker('moor-replacement');
    handedOver.push(replacement);
    // get the old secret, delete the four token entries, then the set of the new secret fails.
    secrets.failOnCall(6);
    const error = await app.failure('accounts.update', { id: added.id, label: 'renamed', baseUrl: 'https://example.com', secret: replacement });
    expect(error.code).toBe('KEYCHAIN');
    expect(secrets.operations.at(-1)).toBe('set clientSecret');
    expect(app.core.context.store.accounts.get(added.id)).toEqual(before);
    expect(await memory.get(added.id, 'clientSecret')).toBe(moor.credentials.clientSecret);
    // Its sync was stopped for the switch and started again on the old settings.
    expect(app.sync.of(added.id)).toEqual(['start', 'stop', 'start']);
    await app.call('accounts.remove', { id: added.id, deleteCachedData: true });
  });

  it('puts the account back when the keychain fails during a removal', async () => {
    const added = await app.call('accounts.add', moorDraft(moor));
    expect(await app.call('accounts.test', { id: added.id })).toMatchObject({ ok: true });
    const stored = (await memory.list(added.id)).length;
    expect(stored).toBe(5);
    // list, then the first token deletion succeeds and the second fails.
    secrets.failOnCall(3);
    const error = await app.failure('accounts.remove', { id: added.id, deleteCachedData: true });
    expect(error.code).toBe('KEYCHAIN');
    expect(secrets.operations.slice(-3)).toEqual(['list', expect.stringMatching(/^delete (access|refresh)Token/), expect.stringMatching(/^delete /)]);
    expect(await ids()).toContain(added.id);
    expect(await memory.get(added.id, 'clientSecret')).toBe(moor.credentials.clientSecret);
    // The account still works: the token it lost is fetched again.
    expect(await app.call('accounts.test', { id: added.id })).toMatchObject({ ok: true });
    await app.call('accounts.remove', { id: added.id, deleteCachedData: true });
    await expectNothingStored();
  });

  it('says the keychain is missing instead of pretending the secret is gone', async () => {
    const added = await app.call('accounts.add', youmiDraft(youmi));
    secrets.failOnCall(1, true);
    const [summary] = await app.call('accounts.list', {});
    expect(summary).toMatchObject({ id: added.id, status: 'keychainMissing', hasSecret: false, lastError: { code: 'KEYCHAIN' } });
    const test = await app.call('accounts.test', { id: added.id });
    expect(test).toMatchObject({ ok: false, error: { code: 'KEYCHAIN' } });
    const removal = await app.failure('accounts.remove', { id: added.id, deleteCachedData: true });
    expect(removal.code).toBe('KEYCHAIN');
    secrets.heal();
    expect((await app.call('accounts.list', {}))[0]).toMatchObject({ id: added.id, status: 'unknown', hasSecret: true });
    await app.call('accounts.remove', { id: added.id, deleteCachedData: true });
    await expectNothingStored();
  });
});

describe('connection tests report the vendor’s own reason', () => {
  async function tested(draft: AccountDraft): Promise<{ summary: AccountSummary; error: SerializedError | undefined }> {
    const added = await app.call('accounts.add', draft);
    const result = await app.call('accounts.test', { id: added.id });
    expect(result.ok).toBe(false);
    expect(result.checked).not.toBe('');
    const summary = (await app.call('accounts.list', {})).find((a) => a.id === added.id)!;
    await app.call('accounts.remove', { id: added.id, deleteCachedData: true });
    return { summary, error: result.error };
  }

  it('a wrong 7moor client secret: re-login needed, no tokens kept, the secret nowhere in the answer', async () => {
    const wrong = marker('moor-wrong');
    handedOver.push(wrong);
    const added = await app.call('accounts.add', moorDraft(moor, { clientSecret: wrong }));
    const result = await app.call('accounts.test', { id: added.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'AUTH', details: { reloginNeeded: true } } });
    expect(result.error?.messageZh).toContain('clientSecret');
    expect(await memory.list(added.id)).toEqual([{ accountId: added.id, name: 'clientSecret' }]);
    const summary = (await app.call('accounts.list', {})).find((a) => a.id === added.id);
    expect(summary).toMatchObject({ status: 'reloginNeeded', hasSecret: true, lastError: { code: 'AUTH' } });
    expect(app.sync.of(added.id)).toEqual(['start', 'stop']);
    expectNoLeak(JSON.stringify(result), JSON.stringify(summary), app.logs.join('\n'), databaseText(app.dataDir));
    await app.call('accounts.remove', { id: added.id, deleteCachedData: true });
  });

  it.each([
    ['ipNotWhitelisted', 4008, '白名单'],
    ['notConfigured', 4009, '开通'],
  ] as const)('7moor %s: statusCode %i with what to ask the admin', async (mode, statusCode, advice) => {
    moor.setMode(mode);
    try {
      const { summary, error } = await tested(moorDraft(moor));
      expect(error).toMatchObject({ code: 'VENDOR', details: { statusCode } });
      expect(String(error?.messageZh)).toContain(advice);
      expect(summary.status).toBe('error');
    } finally {
      moor.setMode('normal');
    }
  });

  it('a wrong Youmi token (v1 envelope) and a wrong Zhuge token (token异常): re-login needed', async () => {
    const youmiWrong = marker('youmi-wrong');
    const zhugeWrong = marker('zhuge-wrong');
    handedOver.push(youmiWrong, zhugeWrong);
    const y = await tested(youmiDraft(youmi, { token: youmiWrong }));
    expect(y.error).toMatchObject({ code: 'AUTH' });
    expect(y.summary.status).toBe('reloginNeeded');
    const z = await tested(zhugeDraft(zhuge, { token: zhugeWrong }));
    expect(z.error).toMatchObject({ code: 'AUTH', details: { vendorMsg: 'token异常' } });
    expect(z.summary.status).toBe('reloginNeeded');
    expectNoLeak(JSON.stringify([y, z]), app.logs.join('\n'));
  });

  it('nobody listening: a network error, and the account shows it', async () => {
    const port = await freePort();
    const { summary, error } = await tested({ ...zhugeDraft(zhuge), baseUrl: `http://127.0.0.1:${port}` });
    expect(error).toMatchObject({ code: 'NETWORK' });
    expect(summary).toMatchObject({ status: 'error', lastError: { code: 'NETWORK' } });
  });
});
