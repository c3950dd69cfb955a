// 7moor tokens across restarts and weeks, on a clock shared by the app and the simulator: a
// valid token is reused after a restart, many calls share one refresh, the token keeper keeps the
// sign-in alive and renews it with the client secret before the refresh token's 30 days end, and
// a refused secret puts that account alone into "re-login needed" with its sync stopped.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../../electron/main/secrets/secret-store';
import { accountsServiceOf } from '../../electron/main/services/accounts';
import { ManualClock } from '../../electron/main/vendors/http/manual-clock';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { startYoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { FailingSecretStore, moorDraft, startApp, youmiDraft, type TestApp } from './accounts-kit';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2024-06-20 10:00 in China. */
const T0 = Date.UTC(2024, 5, 20, 2, 0, 0);

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});
afterAll(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

/**
 * Simulators and an app on one manual clock. The app's own sync stays out (its pollers sleep on
 * the clock, which a manual clock answers at once); the token keeper is driven by hand.
 */
async function rig(count = 1) {
  const clock = new ManualClock(T0);
  const sims: MoorSimulator[] = [];
  for (let i = 0; i < count; i++) {
    const sim = await startMoorSimulator({ clock, rateLimit: false, clientSecret: `client-secret-${i}-0123456789`, seed: 7 + i });
    open.push(sim);
    sims.push(sim);
  }
  const secrets = new MemorySecretStore();
  const app = await startApp({ secrets, clock });
  open.push(app);
  return { clock, sims, secrets, app };
}

async function statusOf(app: TestApp, id: string) {
  return (await app.call('accounts.list', {})).find((a) => a.id === id);
}

describe('7moor tokens across restarts and time', () => {
  it('reuses a valid access token after a restart: the restarted sync signs in no more and refreshes nothing', async () => {
    // The real clock here: the restarted app's sync starts at once and waits between polls.
    const sim = await startMoorSimulator({ rateLimit: false, clientSecret: 'restart-client-secret-0123456789' });
    open.push(sim);
    const secrets = new MemorySecretStore();
    const app = await startApp({ secrets });
    const added = await app.call('accounts.add', moorDraft(sim));
    expect(await app.call('accounts.test', { id: added.id })).toMatchObject({ ok: true });
    const expiresAt = (await statusOf(app, added.id))?.tokenExpiresAt;
    expect(expiresAt).toBeGreaterThan(Date.now() + HOUR);
    await app.close();
    const apiCalls = sim.requests.length;

    const again = await startApp({ secrets, dataDir: app.dataDir, realSync: true });
    open.push(again);
    await accountsServiceOf(again.core.context).keepTokensFresh();
    const agents = await again.call('accounts.listAgents', { accountId: added.id });
    expect(agents.length).toBeGreaterThan(0);
    await vi.waitFor(() => expect(sim.requests.length).toBeGreaterThan(apiCalls + 3), { timeout: 10_000, interval: 50 });
    expect(sim.requestsTo('oauth/token/getToken')).toHaveLength(1);
    expect(sim.requestsTo('oauth/token/reToken')).toHaveLength(0);
    expect(sim.requests.slice(apiCalls).every((r) => r.outcome === 'ok')).toBe(true);
    expect(await statusOf(again, added.id)).toMatchObject({ tokenExpiresAt: expiresAt });
  });

  it('shares one refresh between many calls made when the token is about to end', async () => {
    const { clock, sims, app } = await rig();
    const sim = sims[0]!;
    const added = await app.call('accounts.add', moorDraft(sim));
    await app.call('accounts.test', { id: added.id });
    clock.advance(2 * HOUR - 3 * MINUTE);
    const answers = await Promise.all(Array.from({ length: 12 }, () => app.call('accounts.listAgents', { accountId: added.id })));
    expect(answers.every((a) => a.length === sim.dataset.agents.length)).toBe(true);
    expect(sim.requestsTo('oauth/token/reToken')).toHaveLength(1);
    expect(sim.requestsTo('oauth/token/getToken')).toHaveLength(1);
    // Before its end, reToken extends the same token.
    expect((await statusOf(app, added.id))?.tokenExpiresAt).toBe(clock.now() + 2 * HOUR);
  });

  it('keeps the sign-in alive in the background and renews it with the client secret before day 30', async () => {
    const { clock, sims, app } = await rig();
    const sim = sims[0]!;
    const keeper = accountsServiceOf(app.core.context);
    const added = await app.call('accounts.add', moorDraft(sim));
    await app.call('accounts.test', { id: added.id });
    const signedInAt = clock.now();
    // The keeper runs every minute; ticking just before each end of the access token is enough
    // to show no token ever lapses while no one else uses the account.
    while (clock.now() < signedInAt + 31 * DAY) {
      clock.advance(2 * HOUR - 3 * MINUTE);
      await keeper.keepTokensFresh();
    }
    const signIns = sim.requestsTo('oauth/token/getToken');
    expect(signIns).toHaveLength(2);
    expect(signIns[1]!.at).toBeGreaterThanOrEqual(signedInAt + 29 * DAY);
    expect(signIns[1]!.at).toBeLessThan(signedInAt + 30 * DAY);
    const refreshes = sim.requestsTo('oauth/token/reToken');
    expect(refreshes.length).toBeGreaterThan(300);
    expect(refreshes.every((r) => r.outcome === 'ok')).toBe(true);
    // Two sign-ins issued two pairs; every refresh extended the token it had: none ever lapsed.
    expect(sim.secrets()).toHaveLength(1 + 4);
    expect(await statusOf(app, added.id)).toMatchObject({ status: 'connected' });
  });

  it('a refused secret: that account needs a new sign-in and stops syncing; the other goes on', async () => {
    const { clock, sims, app } = await rig(2);
    const [simA, simB] = sims as [MoorSimulator, MoorSimulator];
    const keeper = accountsServiceOf(app.core.context);
    const a = await app.call('accounts.add', moorDraft(simA, { label: '销售一部' }));
    const b = await app.call('accounts.add', moorDraft(simB, { label: '销售二部' }));
    await app.call('accounts.test', { id: a.id });
    await app.call('accounts.test', { id: b.id });

    // The admin rotates account A's client secret in the 7moor console and its tokens end.
    simA.credentials.clientSecret = 'rotated-by-the-admin-42';
    simA.expireTokensNow({ refreshTokens: true });
    // The keeper finds out when it next refreshes, with nobody using the app.
    clock.advance(2 * HOUR - 3 * MINUTE);
    await keeper.keepTokensFresh();

    expect(await statusOf(app, a.id)).toMatchObject({ status: 'reloginNeeded', lastError: { code: 'AUTH', details: { reloginNeeded: true } } });
    expect(await statusOf(app, b.id)).toMatchObject({ status: 'connected' });
    expect(app.sync.of(a.id)).toEqual(['start', 'stop']);
    expect(app.sync.of(b.id)).toEqual(['start']);
    expect(app.events.at(-1)?.find((s) => s.id === a.id)?.status).toBe('reloginNeeded');

    // Nobody keeps knocking with the refused secret; B's sign-in is kept fresh meanwhile.
    const attempts = simA.requestsTo('oauth/token/getToken').length;
    clock.advance(2 * HOUR);
    await keeper.keepTokensFresh();
    expect(simA.requestsTo('oauth/token/getToken')).toHaveLength(attempts);
    expect(simB.requestsTo('oauth/token/reToken').length + simB.requestsTo('oauth/token/getToken').length).toBeGreaterThan(1);

    // The agent types the new secret: A signs in again and its sync starts again.
    await app.call('accounts.update', { id: a.id, secret: 'rotated-by-the-admin-42' });
    expect(app.sync.of(a.id)).toEqual(['start', 'stop', 'stop', 'start']);
    expect(await app.call('accounts.test', { id: a.id })).toMatchObject({ ok: true });
    expect(await statusOf(app, a.id)).toMatchObject({ status: 'connected' });
  });

  it('a test after the admin restores the secret clears "re-login needed" and restarts the sync', async () => {
    const { sims, app } = await rig();
    const sim = sims[0]!;
    const original = sim.credentials.clientSecret;
    sim.credentials.clientSecret = 'temporarily-different-secret';
    const added = await app.call('accounts.add', moorDraft(sim, { clientSecret: original }));
    expect(await app.call('accounts.test', { id: added.id })).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    expect((await statusOf(app, added.id))?.status).toBe('reloginNeeded');
    sim.credentials.clientSecret = original;
    expect(await app.call('accounts.test', { id: added.id })).toMatchObject({ ok: true });
    expect((await statusOf(app, added.id))?.status).toBe('connected');
    expect(app.sync.of(added.id)).toEqual(['start', 'stop', 'start']);
  });
});

describe('with the real sync service', () => {
  it('a secret refused while syncing stops that account only; the other keeps syncing', async () => {
    const moor = await startMoorSimulator({ rateLimit: false, clientSecret: 'sync-client-secret-0123456789' });
    const youmi = await startYoumiSimulator();
    open.push(moor, youmi);
    const app = await startApp({ secrets: new MemorySecretStore(), realSync: true });
    open.push(app);
    const a = await app.call('accounts.add', moorDraft(moor));
    const b = await app.call('accounts.add', youmiDraft(youmi));
    const synced = async (id: string) => (await app.call('sync.getStatus', {})).find((s) => s.accountId === id)?.streams.some((s) => s.lastSuccessAt !== undefined);
    await vi.waitFor(async () => expect((await synced(a.id)) && (await synced(b.id))).toBe(true), { timeout: 30_000, interval: 100 });
    expect(await statusOf(app, a.id)).toMatchObject({ status: expect.stringMatching(/^(connected|syncing)$/) });

    // The admin rotates the client secret and 7moor drops every token of the tenant.
    moor.credentials.clientSecret = 'rotated-by-the-admin-0123456789';
    moor.expireTokensNow({ refreshTokens: true });
    await app.call('sync.syncNow', { accountId: a.id });
    await vi.waitFor(async () => expect((await statusOf(app, a.id))?.status).toBe('reloginNeeded'), { timeout: 30_000, interval: 100 });
    await vi.waitFor(async () => expect((await app.call('sync.getStatus', {})).map((s) => s.accountId)).toEqual([b.id]), { timeout: 10_000, interval: 50 });
    expect(app.sync.of(a.id)).toEqual(['start', 'stop']);

    const youmiCalls = youmi.requestCount('v1.list') + youmi.requestCount('v2.getChat');
    await app.call('sync.syncNow', { accountId: b.id });
    await vi.waitFor(() => expect(youmi.requestCount('v1.list') + youmi.requestCount('v2.getChat')).toBeGreaterThan(youmiCalls), { timeout: 10_000, interval: 50 });
    expect((await statusOf(app, b.id))?.status).not.toBe('reloginNeeded');
  });

  it('a keychain that goes away stops the sync; once it is back, a passing test starts it again', async () => {
    const youmi = await startYoumiSimulator();
    open.push(youmi);
    const secrets = new FailingSecretStore(new MemorySecretStore());
    const app = await startApp({ secrets, realSync: true });
    open.push(app);
    secrets.failWhen((operation) => operation === 'get token');
    const added = await app.call('accounts.add', youmiDraft(youmi));
    expect(added.status).toBe('keychainMissing');
    const failed = async () => (await app.call('sync.getStatus', {})).find((s) => s.accountId === added.id)?.streams.some((s) => s.lastError?.code === 'KEYCHAIN');
    await vi.waitFor(async () => expect(await failed()).toBe(true), { timeout: 10_000, interval: 50 });
    const requests = youmi.requestCount('v1.list');

    secrets.heal();
    expect(await app.call('accounts.test', { id: added.id })).toMatchObject({ ok: true });
    expect(app.sync.of(added.id)).toEqual(['start', 'start']);
    await vi.waitFor(() => expect(youmi.requestCount('v1.list')).toBeGreaterThan(requests + 1), { timeout: 10_000, interval: 50 });
    expect((await statusOf(app, added.id))?.status).not.toBe('keychainMissing');
  });
});
