// Credentials refused for one account hold that account's every stream (the wrong secret is not
// sent again and again) while the other accounts go on; fixing the secret and resuming recovers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { startZhugeSimulator, type ZhugeSimulator } from '../../electron/main/vendors/zhuge/simulator';
import { caughtUp, statusOf, syncRig, waitFor, type SyncRig } from './sync-harness';

let moor: MoorSimulator;
let zhuge: ZhugeSimulator;
let rig: SyncRig;

beforeAll(async () => {
  moor = await startMoorSimulator();
  zhuge = await startZhugeSimulator();
  rig = await syncRig();
  rig.store.accounts.upsert({ id: 'moor', vendor: 'moor', label: '七陌', baseUrl: moor.url, settings: { clientId: moor.credentials.clientId } });
  await rig.secrets.set('moor', 'clientSecret', 'a-secret-7moor-refuses');
  const z = zhuge.account(1);
  rig.store.accounts.upsert({ id: 'zhuge', vendor: 'zhuge', label: '诸葛', baseUrl: z.baseUrl, settings: { userId: String(z.customerId), uId: String(z.radarUserId) } });
  await rig.secrets.set('zhuge', 'token', z.token);
  await rig.sync.startAccount('moor');
  await rig.sync.startAccount('zhuge');
});

afterAll(async () => {
  await rig?.close();
  await moor?.close();
  await zhuge?.close();
});

describe('a refused secret', () => {
  it('holds every stream of that account with the reason, and asks 7moor once', async () => {
    await waitFor(() => statusOf(rig, 'moor')?.paused === true, 'the hold', 10_000, () => statusOf(rig, 'moor'));
    const status = statusOf(rig, 'moor')!;
    const failed = status.streams.filter((s) => s.phase === 'error');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.lastError).toMatchObject({ code: 'AUTH', details: { reloginNeeded: true } });
    expect(status.streams.filter((s) => s.phase !== 'error').every((s) => s.phase === 'paused')).toBe(true);
    expect(rig.events.filter((e) => e.name === 'sync.onDidFail' && (e.payload as { accountId: string }).accountId === 'moor')).toHaveLength(1);
    const signIns = moor.requestsTo('oauth/token/getToken').length;
    expect(signIns).toBe(1);
    rig.sync.syncNow('moor');
    await new Promise((r) => setTimeout(r, 300));
    expect(moor.requestsTo('oauth/token/getToken').length).toBe(signIns);
    expect(moor.requests.filter((r) => r.endpoint.startsWith('api/'))).toEqual([]);
  });

  it('leaves the other accounts syncing', async () => {
    await waitFor(() => caughtUp(statusOf(rig, 'zhuge')), 'the other account', 10_000, () => statusOf(rig, 'zhuge'));
    expect(rig.count("SELECT count(*) FROM messages WHERE account_id = 'zhuge'")).toBe(zhuge.messages(1).length);
  });

  it('syncs after the agent fixes the secret and resumes', async () => {
    await rig.secrets.set('moor', 'clientSecret', moor.credentials.clientSecret);
    const resumed = rig.sync.resume('moor');
    expect(resumed.paused).toBe(false);
    await waitFor(() => caughtUp(statusOf(rig, 'moor')), 'the resumed sync', 20_000, () => statusOf(rig, 'moor'));
    expect(rig.count("SELECT count(*) FROM messages WHERE account_id = 'moor'")).toBe(moor.dataset.messages.length);
    expect(statusOf(rig, 'moor')!.streams.every((s) => s.lastError === undefined)).toBe(true);
  });

  it('a pause by the agent survives a restart', async () => {
    rig.sync.pause('zhuge');
    await rig.restart();
    await rig.sync.startAccount('zhuge');
    expect(statusOf(rig, 'zhuge')).toMatchObject({ paused: true });
    expect(rig.sync.resume('zhuge').paused).toBe(false);
  });
});
