// The accounts service on the real OS keychain (KeytarSecretStore), under a test-only service
// name: one entry per account and secret, tokens reused by a restarted app, nothing left after a
// removal, and no secret in the SQLite file. Run inside `bash .ci/with-keyring.sh` on Linux; like
// the keychain store's own tests, these never skip.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as keytar from 'keytar';
import { KeytarSecretStore } from '../../electron/main/secrets/keytar-store';
import { startMoorSimulator, type MoorSimulator } from '../../electron/main/vendors/moor/simulator';
import { startYoumiSimulator, type YoumiSimulator } from '../../electron/main/vendors/youmi/simulator';
import { startZhugeSimulator, type ZhugeSimulator } from '../../electron/main/vendors/zhuge/simulator';
import { databaseText, marker, moorDraft, startApp, youmiDraft, zhugeDraft, type TestApp } from './accounts-kit';

const service = `workphone-desk-test-${randomUUID()}`;
let moor: MoorSimulator;
let youmi: YoumiSimulator;
let zhuge: ZhugeSimulator;
let app: TestApp;
let keychainReady = false;

async function entries(): Promise<string[]> {
  return (await keytar.findCredentials(service)).map((c) => c.account).sort();
}

beforeAll(async () => {
  const store = new KeytarSecretStore({ service });
  const status = await store.checkAvailable();
  if (!status.ok) {
    throw new Error(`No usable OS keychain: ${status.error.message} Run: bash .ci/with-keyring.sh npx vitest run test/integration/accounts-keychain.test.ts`);
  }
  keychainReady = true;
  moor = await startMoorSimulator({ rateLimit: false, clientSecret: marker('moor-keychain-secret') });
  youmi = await startYoumiSimulator({ token: marker('youmi-keychain-token') });
  zhuge = await startZhugeSimulator();
  zhuge.data.customers[0]!.token = marker('zhuge-keychain-token');
  app = await startApp({ secrets: store });
});

afterAll(async () => {
  await app?.close();
  await Promise.all([moor?.close(), youmi?.close(), zhuge?.close()]);
  if (!keychainReady) return;
  for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
});

describe('accounts on the real keychain', () => {
  it('keeps the 7moor secret and tokens as keychain entries only, reused after a restart, all gone after removal', async () => {
    const added = await app.call('accounts.add', moorDraft(moor));
    expect(await entries()).toEqual([`${added.id}/clientSecret`]);
    expect(await keytar.getPassword(service, `${added.id}/clientSecret`)).toBe(moor.credentials.clientSecret);

    expect(await app.call('accounts.test', { id: added.id })).toMatchObject({ ok: true });
    expect(await entries()).toEqual(
      ['accessToken', 'accessTokenExpiresAt', 'clientSecret', 'refreshToken', 'refreshTokenExpiresAt'].map((n) => `${added.id}/${n}`),
    );
    const summary = (await app.call('accounts.list', {}))[0];
    expect(summary).toMatchObject({ id: added.id, hasSecret: true, status: 'connected', tokenExpiresAt: expect.any(Number) });
    for (const secret of moor.secrets()) {
      expect(databaseText(app.dataDir)).not.toContain(secret);
      expect(JSON.stringify(summary)).not.toContain(secret);
      expect(app.logs.join('\n')).not.toContain(secret);
    }

    // A new app on the same data and the same keychain: the stored token is used as it is.
    await app.close();
    app = await startApp({ secrets: new KeytarSecretStore({ service }), dataDir: app.dataDir });
    await app.call('accounts.listAgents', { accountId: added.id });
    expect(moor.requestsTo('oauth/token/getToken')).toHaveLength(1);

    await app.call('accounts.remove', { id: added.id, deleteCachedData: true });
    expect(await entries()).toEqual([]);
  });

  it('adds, tests and removes Youmi and Zhuge accounts with one token entry each', async () => {
    const y = await app.call('accounts.add', youmiDraft(youmi));
    const z = await app.call('accounts.add', zhugeDraft(zhuge));
    expect(await entries()).toEqual([`${y.id}/token`, `${z.id}/token`].sort());
    expect(await app.call('accounts.test', { id: y.id })).toMatchObject({ ok: true });
    expect(await app.call('accounts.test', { id: z.id })).toMatchObject({ ok: true });
    expect(databaseText(app.dataDir)).not.toContain(youmi.token);
    await app.call('accounts.remove', { id: y.id, deleteCachedData: false });
    expect(await entries()).toEqual([`${z.id}/token`]);
    await app.call('accounts.remove', { id: z.id, deleteCachedData: true });
    expect(await entries()).toEqual([]);
  });
});
