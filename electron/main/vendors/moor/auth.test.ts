import { beforeEach, describe, expect, it } from 'vitest';
import type { MoorAuthState } from './auth';
import { ACCOUNT, moorSuite, rejectionOf, type MoorRig } from './test-support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const suite = moorSuite('refreshToken=***');
let rig: MoorRig;
beforeEach(() => {
  rig = suite.rig;
});

const getTokens = () => rig.sim.requestsTo('oauth/token/getToken');
const reTokens = () => rig.sim.requestsTo('oauth/token/reToken');
const stored = (name: 'accessToken' | 'accessTokenExpiresAt' | 'refreshToken' | 'refreshTokenExpiresAt') => rig.secrets.get(ACCOUNT, name);

describe('MoorAuth: sign-in and reuse', () => {
  it('N concurrent first calls cause exactly one getToken', async () => {
    const client = rig.client();
    await Promise.all([
      client.getAgents(),
      client.getCustomerTemplate(),
      client.listCalls({ page: 1, pageSize: 5 }),
      client.listSms({ page: 1, pageSize: 5 }),
      client.listWeChatAccounts({ page: 1, pageSize: 5 }),
      ...Array.from({ length: 10 }, () => client.auth.getAccessToken()),
    ]);
    expect(getTokens()).toHaveLength(1);
    expect(reTokens()).toHaveLength(0);
    expect(getTokens()[0]?.body).toEqual({ clientId: rig.sim.credentials.clientId, clientSecret: rig.sim.credentials.clientSecret });
  });

  it('keeps the tokens in the SecretStore only, with their expiry times', async () => {
    const client = rig.client();
    await client.getAgents();
    const names = (await rig.secrets.list(ACCOUNT)).map((r) => r.name).sort();
    expect(names).toEqual(['accessToken', 'accessTokenExpiresAt', 'clientSecret', 'refreshToken', 'refreshTokenExpiresAt']);
    expect(Number(await stored('accessTokenExpiresAt'))).toBe(rig.clock.now() + 2 * HOUR);
    expect(Number(await stored('refreshTokenExpiresAt'))).toBe(rig.clock.now() + 30 * DAY);
    expect(client.auth.state).toBe('ready');
  });

  it('a restart (new client, same SecretStore) reuses the stored token without signing in', async () => {
    await rig.client().getAgents();
    const token = await stored('accessToken');
    rig.clock.advance(HOUR);
    const restarted = rig.client();
    await restarted.getAgents();
    expect(getTokens()).toHaveLength(1);
    expect(reTokens()).toHaveLength(0);
    expect(rig.sim.requestsTo('api/crm/getUsers').at(-1)?.query['accessToken']).toBe(token);
  });

  it('a network failure during sign-in is retried; the token still arrives once', async () => {
    rig.sim.injectFault('oauth/token/getToken', { kind: 'drop' });
    await rig.client().getAgents();
    expect(getTokens().map((r) => r.outcome)).toEqual(['fault', 'ok']);
  });
});

describe('MoorAuth: refresh by the doc rules', () => {
  it('before expiry, reToken extends the same token a few minutes ahead of the end', async () => {
    const client = rig.client();
    await client.getAgents();
    const token = await stored('accessToken');
    rig.clock.advance(2 * HOUR - 4 * 60_000);
    await client.getAgents();
    expect(reTokens()).toHaveLength(1);
    expect(await stored('accessToken')).toBe(token);
    expect(Number(await stored('accessTokenExpiresAt'))).toBe(rig.clock.now() + 2 * HOUR);
    expect(rig.sim.requests.filter((r) => r.outcome === 'failed')).toHaveLength(0);
  });

  it('after expiry, reToken gives a new token; N concurrent callers cause exactly one reToken', async () => {
    const client = rig.client();
    await client.getAgents();
    const old = await stored('accessToken');
    rig.clock.advance(2 * HOUR + 60_000);
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? client.getAgents() : client.listSms({ page: 1, pageSize: 1 }))));
    expect(reTokens()).toHaveLength(1);
    expect(getTokens()).toHaveLength(1);
    const fresh = await stored('accessToken');
    expect(fresh).not.toBe(old);
    expect(rig.sim.requestsTo('api/crm/getUsers').at(-1)?.query['accessToken']).toBe(fresh);
  });

  it('a token 7moor drops early (expireToken) is refreshed once and the call retried once', async () => {
    const client = rig.client();
    await client.getAgents();
    rig.sim.injectFault('api/device/call', { kind: 'expireToken' });
    const page = await client.listCalls({ page: 1, pageSize: 3 });
    expect(page.items).toHaveLength(3);
    expect(rig.sim.requestsTo('api/device/call').map((r) => r.outcome)).toEqual(['failed', 'ok']);
    expect(reTokens()).toHaveLength(1);
  });

  it('when reToken hands back the very token 7moor refused, the client signs in again', async () => {
    const client = rig.client();
    await client.getAgents();
    rig.sim.injectFault('api/crm/callPhone', { kind: 'refuseToken' });
    await client.callPhone({ callPhone: '13912345678', userPhone: rig.sim.dataset.agents[0]!.phone });
    expect(reTokens()).toHaveLength(1);
    expect(getTokens()).toHaveLength(2);
    expect(rig.sim.dials).toHaveLength(1);
  });

  it('a token refused twice is an AUTH error after exactly one retry', async () => {
    const client = rig.client();
    await client.getAgents();
    rig.sim.injectFault('api/crm/getUsers', { kind: 'refuseToken', times: 5 });
    const error = await rejectionOf(client.getAgents());
    expect(error.code).toBe('AUTH');
    expect(error.details).toMatchObject({ tokenRejected: true, vendorMsg: 'accessToken已失效' });
    expect(error.messageZh).toContain('重新验证');
    expect(rig.sim.requestsTo('api/crm/getUsers').filter((r) => r.outcome === 'fault')).toHaveLength(2);
  });

  it('a refused refresh token falls back to the client secret', async () => {
    const client = rig.client();
    await client.getAgents();
    rig.clock.advance(3 * HOUR);
    rig.sim.expireTokensNow({ refreshTokens: true });
    await client.getAgents();
    expect(reTokens().map((r) => r.outcome)).toEqual(['failed']);
    expect(getTokens()).toHaveLength(2);
    expect(client.auth.state).toBe('ready');
  });
});

describe('MoorAuth: the 30-day refresh token', () => {
  it('is used for refreshes until day 29, then renewed with getToken before it ends', async () => {
    const client = rig.client();
    await client.getAgents();
    const firstRefresh = await stored('refreshToken');
    rig.clock.advance(28 * DAY);
    await client.getAgents();
    expect(reTokens()).toHaveLength(1);
    expect(getTokens()).toHaveLength(1);

    rig.clock.advance(DAY + HOUR);
    await client.getAgents();
    expect(getTokens()).toHaveLength(2);
    expect(reTokens()).toHaveLength(1);
    expect(await stored('refreshToken')).not.toBe(firstRefresh);
    expect(Number(await stored('refreshTokenExpiresAt'))).toBe(rig.clock.now() + 30 * DAY);
    expect(rig.sim.requests.filter((r) => r.outcome === 'failed')).toHaveLength(0);
  });

  it('renews even while the access token is still valid, so the refresh token never lapses', async () => {
    const client = rig.client();
    await client.getAgents();
    rig.clock.advance(29 * DAY - HOUR);
    await client.getAgents();
    expect(reTokens()).toHaveLength(1);
    const refreshed = await stored('accessToken');

    rig.clock.advance(HOUR + 60_000);
    expect(Number(await stored('accessTokenExpiresAt'))).toBeGreaterThan(rig.clock.now() + 30 * 60_000);
    await client.getAgents();
    expect(getTokens()).toHaveLength(2);
    expect(reTokens()).toHaveLength(1);
    expect(await stored('accessToken')).not.toBe(refreshed);
  });

  it('a daily user refreshes 28 times and renews once in 29 days', async () => {
    const client = rig.client();
    await client.getAgents();
    for (let day = 1; day <= 29; day++) {
      rig.clock.advance(DAY);
      await client.getAgents();
    }
    expect(getTokens()).toHaveLength(2);
    expect(reTokens()).toHaveLength(28);
  });
});

describe('MoorAuth: reloginNeeded', () => {
  it('a refused client secret sets reloginNeeded, fails fast after, and signIn recovers', async () => {
    await rig.secrets.set(ACCOUNT, 'clientSecret', 'wrong-secret-value');
    const client = rig.client();
    const states: MoorAuthState[] = [];
    client.auth.onDidChangeState((s) => states.push(s));

    const error = await rejectionOf(client.getAgents());
    expect(error.code).toBe('AUTH');
    expect(error.details).toMatchObject({ reloginNeeded: true, vendorMsg: 'clientId或clientSecret错误' });
    expect(error.messageZh).toContain('clientSecret');
    expect(error.message).toContain('clientSecret');
    expect(client.auth.state).toBe('reloginNeeded');
    expect(states).toEqual(['reloginNeeded']);

    // No hammering 7moor with a secret it refused: the next call fails without a request.
    await rejectionOf(client.listCalls({ page: 1, pageSize: 1 }));
    expect(getTokens()).toHaveLength(1);

    await client.auth.signIn(rig.sim.credentials.clientSecret);
    expect(states).toEqual(['reloginNeeded', 'unknown', 'ready']);
    expect((await client.getAgents()).length).toBeGreaterThan(0);
    expect(await rig.secrets.get(ACCOUNT, 'clientSecret')).toBe(rig.sim.credentials.clientSecret);
  });

  it('no stored client secret is reloginNeeded with a clear message and no request', async () => {
    rig = await suite.restart({ storeSecret: false });
    const client = rig.client();
    const error = await rejectionOf(client.getAgents());
    expect(error.code).toBe('AUTH');
    expect(error.messageZh).toContain('尚未保存');
    expect(client.auth.state).toBe('reloginNeeded');
    expect(rig.sim.requests).toHaveLength(0);
  });

  it('signOut forgets the tokens; the next call signs in again', async () => {
    const client = rig.client();
    await client.getAgents();
    await client.auth.signOut();
    expect(await stored('accessToken')).toBeNull();
    await client.getAgents();
    expect(getTokens()).toHaveLength(2);
  });
});
