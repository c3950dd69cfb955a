// A full 7moor backfill of a tenant big enough to need more than 20 pages of one list stays
// inside 7moor's budget of 20 calls a minute per endpoint. Time is virtual (one clock for the
// app and the simulator), so minutes of pacing pass in a moment; requests are real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMoorDemoDataset } from '../../electron/main/vendors/moor/demo-data';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { caughtUp, countRequestsInFlight, statusOf, SteppingClock, syncRig, waitFor, type SyncRig } from './sync-harness';

const ACCOUNT = 'moor-big';
const clock = new SteppingClock(Date.UTC(2026, 2, 2, 2, 0, 0), 10);
const requests = countRequestsInFlight();
let sim: MoorSimulator;
let rig: SyncRig;

beforeAll(async () => {
  const dataset = buildMoorDemoDataset({ now: clock.now(), seed: 11, messagesPerChat: 120, calls: 12_000, sms: 3_000 });
  sim = await startMoorSimulator({ clock, dataset });
  clock.busy = () => requests.inFlight() > 0;
  rig = await syncRig({ clock });
  rig.store.accounts.upsert({ id: ACCOUNT, vendor: 'moor', label: '七陌大客户', baseUrl: sim.url, settings: { clientId: sim.credentials.clientId } });
  await rig.secrets.set(ACCOUNT, 'clientSecret', sim.credentials.clientSecret);
  await rig.sync.startAccount(ACCOUNT);
  await waitFor(() => caughtUp(statusOf(rig, ACCOUNT)), 'the backfill', 60_000, () => statusOf(rig, ACCOUNT));
}, 90_000);

afterAll(async () => {
  await rig?.close();
  await sim?.close();
  clock.stop();
  requests.restore();
});

/** The most calls any 60-second window of simulator time saw, per endpoint. */
function busiestMinute(): Record<string, number> {
  const byEndpoint = new Map<string, number[]>();
  for (const r of sim.requests) if (r.endpoint.startsWith('api/')) byEndpoint.set(r.endpoint, [...(byEndpoint.get(r.endpoint) ?? []), r.at]);
  const out: Record<string, number> = {};
  for (const [endpoint, times] of byEndpoint) {
    let most = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j]! - times[i]! >= 60_000) i++;
      most = Math.max(most, j - i + 1);
    }
    out[endpoint] = most;
  }
  return out;
}

describe('7moor rate budget during a full backfill', () => {
  it('stores the whole tenant', () => {
    const rows = (table: string) => rig.count(`SELECT count(*) FROM ${table} WHERE account_id = ?`, ACCOUNT);
    expect(rows('messages')).toBe(sim.dataset.messages.length);
    expect(rows('calls')).toBe(sim.dataset.calls.length);
    expect(rows('sms')).toBe(sim.dataset.sms.length);
    expect(sim.requestsTo('api/wechat/getWeMessageByPage').length).toBeGreaterThan(40);
    expect(sim.requestsTo('api/device/call').length).toBeGreaterThan(20);
  });

  it('never asks any list more than 20 times a minute, and is never refused for it', () => {
    const busiest = busiestMinute();
    expect(Math.max(...Object.values(busiest))).toBeLessThanOrEqual(20);
    expect(busiest['api/wechat/getWeMessageByPage']).toBe(20);
    expect(sim.requests.filter((r) => r.outcome === 'rateLimited')).toEqual([]);
  });

  it('uses well under the budget once caught up', async () => {
    const from = clock.now();
    const seen = sim.requests.length;
    await waitFor(() => clock.now() - from >= 30 * 60_000, 'half an hour of virtual time', 30_000);
    const steady = sim.requests.slice(seen).filter((r) => r.endpoint.startsWith('api/'));
    const minutes = (clock.now() - from) / 60_000;
    const perMinute = (endpoint: string) => steady.filter((r) => r.endpoint === endpoint).length / minutes;
    expect(perMinute('api/wechat/getWeMessageByPage')).toBeLessThanOrEqual(5);
    expect(perMinute('api/device/call')).toBeLessThanOrEqual(1.5);
    expect(perMinute('api/device/sms')).toBeLessThanOrEqual(1.5);
    expect(perMinute('api/wechat/getWeChatByPage')).toBeLessThanOrEqual(1);
  });
});
