// The proxy sign-in decisions, with a clock the test moves: what is sent before the proxy asks,
// one question however many requests ask at once, a refused sign-in never offered again, a cancel
// that holds the question back, a wait that gives up while the question stays open.
import { describe, expect, it } from 'vitest';
import type { ProxyLoginRequest } from '@shared/ipc/network';
import { NetworkFailure } from '../../../electron/main/network/failure';
import { ProxyAuth, proxyKeychainId } from '../../../electron/main/network/proxy-auth';
import { MemorySecretStore } from '../../../electron/main/secrets/secret-store';
import { ManualClock } from '../../../electron/main/vendors/http/manual-clock';

const PROXY = 'proxy.corp.example:8080';
const right = { username: 'zhang', password: 'right-password' };
const wrong = { username: 'zhang', password: 'wrong-password' };

function rig() {
  const secrets = new MemorySecretStore();
  const clock = new ManualClock(1_000_000);
  const asked: ProxyLoginRequest[] = [];
  const settled: string[] = [];
  const auth = new ProxyAuth({ secrets, clock, ask: (r) => asked.push(r), settled: (id) => settled.push(id) });
  const challenge = (refused?: typeof right, signal?: AbortSignal) => auth.challenge({ proxy: PROXY, scheme: 'basic', realm: 'corp', ...(refused ? { refused } : {}) }, signal);
  return { secrets, clock, asked, settled, auth, challenge };
}

describe('proxy sign-in', () => {
  it('sends nothing to a proxy it knows nothing about, then asks once for many requests', async () => {
    const { auth, asked, settled, challenge } = rig();
    expect(await auth.current(PROXY)).toBeUndefined();
    const waiting = [challenge(), challenge(), challenge()];
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ proxy: PROXY, scheme: 'basic', realm: 'corp', refused: false });
    expect(await auth.answer({ action: 'signIn', requestId: asked[0]!.requestId, ...right, remember: false })).toBe(true);
    expect(await Promise.all(waiting)).toEqual([right, right, right]);
    expect(settled).toEqual([asked[0]!.requestId]);
    // Answered once: the next request sends it up front, and nothing is asked.
    expect(await auth.current(PROXY)).toEqual(right);
    expect(await auth.answer({ action: 'cancel', requestId: asked[0]!.requestId })).toBe(false);
  });

  it('keeps the sign-in only for this session unless the agent says to remember it', async () => {
    const forgetful = rig();
    const first = forgetful.challenge();
    await new Promise((resolve) => setImmediate(resolve));
    await forgetful.auth.answer({ action: 'signIn', requestId: forgetful.asked[0]!.requestId, ...right, remember: false });
    await first;
    expect(await forgetful.secrets.list(proxyKeychainId(PROXY))).toEqual([]);

    const keeping = rig();
    const second = keeping.challenge();
    await new Promise((resolve) => setImmediate(resolve));
    await keeping.auth.answer({ action: 'signIn', requestId: keeping.asked[0]!.requestId, ...right, remember: true });
    await second;
    expect(await keeping.secrets.get(proxyKeychainId(PROXY), 'proxyPassword')).toBe(right.password);
    expect(await keeping.secrets.get(proxyKeychainId(PROXY), 'proxyUsername')).toBe(right.username);
    expect(await keeping.auth.savedUser(PROXY)).toEqual({ username: 'zhang', hasPassword: true });
  });

  it('answers a first challenge from the keychain without asking', async () => {
    const { auth, asked, challenge, secrets } = rig();
    await auth.save(PROXY, right);
    // A restarted app: nothing in memory, the keychain as it was.
    const fresh = new ProxyAuth({ secrets, ask: (r) => asked.push(r), settled: () => {} });
    expect(await fresh.challenge({ proxy: PROXY, scheme: 'basic', realm: '' })).toEqual(right);
    expect(await challenge()).toEqual(right);
    expect(asked).toEqual([]);
  });

  it('never offers a refused sign-in again; asks saying it was refused', async () => {
    const { auth, asked, challenge } = rig();
    await auth.save(PROXY, wrong);
    expect(await challenge()).toEqual(wrong);
    const again = challenge(wrong);
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toEqual([expect.objectContaining({ refused: true, username: 'zhang' })]);
    expect(await auth.current(PROXY)).toBeUndefined();
    await auth.answer({ action: 'signIn', requestId: asked[0]!.requestId, ...right, remember: true });
    expect(await again).toEqual(right);
    expect(await auth.current(PROXY)).toEqual(right);
  });

  it('holds the question back for a while after a cancel, and asks again after that or after a settings change', async () => {
    const { auth, asked, clock, challenge } = rig();
    const first = challenge();
    await new Promise((resolve) => setImmediate(resolve));
    await auth.answer({ action: 'cancel', requestId: asked[0]!.requestId });
    expect(await first).toBeNull();
    expect(await challenge()).toBeNull();
    expect(asked).toHaveLength(1);
    clock.advance(5 * 60_000);
    void challenge();
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toHaveLength(2);
    await auth.answer({ action: 'cancel', requestId: asked[1]!.requestId });
    auth.reset();
    void challenge();
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toHaveLength(3);
  });

  it('stops waiting when the request gives up, with the question still open for the next one', async () => {
    const { auth, asked, clock, challenge } = rig();
    const controller = new AbortController();
    const waiting = challenge(undefined, controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const failure = await waiting.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NetworkFailure);
    expect(failure).toMatchObject({ kind: 'proxyAuthPending', facts: { proxy: PROXY } });
    // A later request joins the open question; after half a minute the window is reminded of it.
    const later = challenge();
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toHaveLength(1);
    clock.advance(30_000);
    const latest = challenge();
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked.map((q) => q.requestId)).toEqual([asked[0]!.requestId, asked[0]!.requestId]);
    await auth.answer({ action: 'signIn', requestId: asked[0]!.requestId, ...right, remember: false });
    expect(await Promise.all([later, latest])).toEqual([right, right]);
  });

  it('drops a question nobody answered for ten minutes', async () => {
    const { asked, settled, clock, challenge } = rig();
    const stale = challenge();
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(10 * 60_000);
    const fresh = challenge();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await stale).toBeNull();
    expect(settled).toEqual([asked[0]!.requestId]);
    expect(asked).toHaveLength(2);
    expect(asked[1]!.requestId).not.toBe(asked[0]!.requestId);
    void fresh;
  });

  it('uses a sign-in from the proxy address in the environment first, and forgets a saved one on request', async () => {
    const { auth, secrets } = rig();
    auth.seed(PROXY, right);
    expect(await auth.current(PROXY)).toEqual(right);
    await auth.save(PROXY, right);
    await auth.forget(PROXY);
    expect(await secrets.list(proxyKeychainId(PROXY))).toEqual([]);
    expect(await auth.current(PROXY)).toBeUndefined();
  });
});
