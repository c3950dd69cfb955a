// Runs against the machine's real keychain. On Linux, `bash .ci/with-keyring.sh npx vitest run ...`
// provides a private, unlocked gnome-keyring; on macOS and Windows the OS keychain is used. Either
// way the entries live under a random test-only service name and are deleted afterwards.
// There is deliberately no skip: without a keychain these tests fail in beforeAll, loudly.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as keytar from 'keytar';
import { isAppError } from '@shared/errors';
import { createLogger, type LogRecord } from '../log/logger';
import { KEYCHAIN_SERVICE, KeytarSecretStore } from './keytar-store';
import type { SecretRef } from './secret-store';

const service = `workphone-desk-test-${randomUUID()}`;
const store = new KeytarSecretStore({ service });

/** A value no test shares with another, so a leak or a mix-up points at its test. */
function marker(label: string): string {
  return `${label}-${randomUUID()}`;
}

function sortRefs(refs: SecretRef[]): SecretRef[] {
  return [...refs].sort((a, b) => `${a.accountId}/${a.name}`.localeCompare(`${b.accountId}/${b.name}`));
}

async function expectValidationError(work: Promise<unknown>, field: string): Promise<void> {
  const error: unknown = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(isAppError(error) && error.code).toBe('VALIDATION');
  expect(isAppError(error) && error.details?.field).toBe(field);
}

let keychainReady = false;

beforeAll(async () => {
  const status = await store.checkAvailable();
  keychainReady = status.ok;
  if (!status.ok) {
    throw new Error(
      `No usable OS keychain (KEYCHAIN ${String(status.error.details?.reason)}): ${status.error.message} ` +
        'These tests never skip. On Linux run them inside a private keyring: ' +
        'bash .ci/with-keyring.sh npx vitest run electron/main/secrets',
    );
  }
});

afterAll(async () => {
  if (!keychainReady) return;
  for (const { account } of await keytar.findCredentials(service)) {
    await keytar.deletePassword(service, account);
  }
});

describe('KeytarSecretStore against the real keychain', () => {
  it('keeps the app service name unless told otherwise', () => {
    expect(new KeytarSecretStore().service).toBe(KEYCHAIN_SERVICE);
    expect(KEYCHAIN_SERVICE).toBe('workphone-desk');
    expect(store.kind).toBe('keychain');
  });

  it('round-trips a secret through one keychain entry named <accountId>/<name>', async () => {
    const secret = marker('client-secret');
    await store.set('moor-roundtrip', 'clientSecret', secret);

    expect(await store.get('moor-roundtrip', 'clientSecret')).toBe(secret);
    expect(await keytar.getPassword(service, 'moor-roundtrip/clientSecret')).toBe(secret);
  });

  it('answers null for a secret that was never saved', async () => {
    expect(await store.get('moor-never-saved', 'accessToken')).toBeNull();
  });

  it('replaces a secret on update, keeping one entry', async () => {
    await store.set('moor-update', 'accessToken', marker('old-token'));
    const fresh = marker('new-token');
    await store.set('moor-update', 'accessToken', fresh);

    expect(await store.get('moor-update', 'accessToken')).toBe(fresh);
    expect(await store.list('moor-update')).toEqual([{ accountId: 'moor-update', name: 'accessToken' }]);
    const entries = (await keytar.findCredentials(service)).filter((e) => e.account === 'moor-update/accessToken');
    expect(entries).toHaveLength(1);
  });

  it('deletes a secret and says whether there was one', async () => {
    await store.set('moor-delete', 'refreshToken', marker('refresh'));

    expect(await store.delete('moor-delete', 'refreshToken')).toBe(true);
    expect(await store.get('moor-delete', 'refreshToken')).toBeNull();
    expect(await store.delete('moor-delete', 'refreshToken')).toBe(false);
  });

  it('lists refs only, never values, for one account or all', async () => {
    const values = [marker('secret'), marker('access'), marker('zhuge-token')];
    await store.set('list-moor', 'clientSecret', values[0]!);
    await store.set('list-moor', 'accessToken', values[1]!);
    await store.set('list-zhuge', 'token', values[2]!);

    const mine = sortRefs(await store.list('list-moor'));
    expect(mine).toEqual([
      { accountId: 'list-moor', name: 'accessToken' },
      { accountId: 'list-moor', name: 'clientSecret' },
    ]);
    const all = await store.list();
    expect(all).toEqual(expect.arrayContaining([...mine, { accountId: 'list-zhuge', name: 'token' }]));
    for (const ref of all) expect(Object.keys(ref).sort()).toEqual(['accountId', 'name']);
    const rendered = JSON.stringify(all);
    for (const value of values) expect(rendered).not.toContain(value);
  });

  it('ignores entries under the service that are not an account secret', async () => {
    await keytar.setPassword(service, 'no-slash-here', marker('foreign'));
    await keytar.setPassword(service, 'list-foreign/notASecretName', marker('foreign'));

    const refs = await store.list();
    expect(refs.some((r) => r.accountId === 'no-slash-here' || r.accountId === 'list-foreign')).toBe(false);
  });

  it('deleteAccount removes every secret of that account and nothing else', async () => {
    const kept = marker('kept');
    await store.set('youmi-remove', 'token', marker('token'));
    await store.set('youmi-remove', 'accessToken', marker('access'));
    await store.set('youmi-remove', 'accessTokenExpiresAt', '1790000000000');
    await store.set('youmi-keep', 'token', kept);

    expect(await store.deleteAccount('youmi-remove')).toBe(3);
    expect(await store.list('youmi-remove')).toEqual([]);
    expect(await store.get('youmi-remove', 'token')).toBeNull();
    expect(await store.get('youmi-keep', 'token')).toBe(kept);
    expect(await store.deleteAccount('youmi-remove')).toBe(0);
  });

  it('keeps unicode values and account ids with slashes intact', async () => {
    const value = `密钥🔑 ünïcødé «${randomUUID()}» \t line2\nend`;
    const accountId = 'youmi/租户-1';
    await store.set(accountId, 'token', value);

    expect(await store.get(accountId, 'token')).toBe(value);
    expect(await store.list(accountId)).toEqual([{ accountId, name: 'token' }]);
    expect(await store.deleteAccount(accountId)).toBe(1);
  });

  it('keeps two accounts with the same secret name apart', async () => {
    const first = marker('first');
    const second = marker('second');
    await store.set('zhuge-a', 'token', first);
    await store.set('zhuge-b', 'token', second);

    expect(await store.get('zhuge-a', 'token')).toBe(first);
    expect(await store.get('zhuge-b', 'token')).toBe(second);
    await store.delete('zhuge-a', 'token');
    expect(await store.get('zhuge-a', 'token')).toBeNull();
    expect(await store.get('zhuge-b', 'token')).toBe(second);
  });

  it('keeps stores with different service names apart', async () => {
    const other = new KeytarSecretStore({ service: `workphone-desk-test-${randomUUID()}` });
    await store.set('moor-service', 'clientSecret', marker('secret'));

    expect(await other.get('moor-service', 'clientSecret')).toBeNull();
    expect(await other.list()).toEqual([]);
  });

  it('does not list entries of a service whose name merely starts with ours', async () => {
    // Windows Credential Manager enumerates by prefix; a beta build beside the app must not count.
    const beta = new KeytarSecretStore({ service: `${service}-beta` });
    await beta.set('moor-beta', 'clientSecret', marker('beta'));
    try {
      expect((await store.list()).some((r) => r.accountId === 'moor-beta')).toBe(false);
      expect(await store.deleteAccount('moor-beta')).toBe(0);
      expect(await beta.list()).toEqual([{ accountId: 'moor-beta', name: 'clientSecret' }]);
    } finally {
      await beta.deleteAccount('moor-beta');
    }
  });

  it('survives many concurrent writes to different entries', async () => {
    const writes = Array.from({ length: 24 }, (_, i) => ({
      accountId: `burst-${Math.floor(i / 4)}`,
      name: (['clientSecret', 'accessToken', 'refreshToken', 'token'] as const)[i % 4]!,
      value: marker(`burst-${i}`),
    }));
    await Promise.all(writes.map((w) => store.set(w.accountId, w.name, w.value)));

    const read = await Promise.all(writes.map((w) => store.get(w.accountId, w.name)));
    expect(read).toEqual(writes.map((w) => w.value));
    const listed = (await store.list()).filter((r) => r.accountId.startsWith('burst-'));
    expect(listed).toHaveLength(writes.length);
  });

  it('applies concurrent writes to one entry in call order, leaving one entry', async () => {
    const values = Array.from({ length: 10 }, (_, i) => marker(`race-${i}`));
    await Promise.all(values.map((v) => store.set('moor-race', 'accessToken', v)));

    expect(await store.get('moor-race', 'accessToken')).toBe(values.at(-1));
    const entries = (await keytar.findCredentials(service)).filter((e) => e.account === 'moor-race/accessToken');
    expect(entries).toHaveLength(1);
  });

  it('reads after a write issued just before it, without awaiting in between', async () => {
    const value = marker('ordered');
    const [, read] = await Promise.all([
      store.set('moor-ordered', 'clientSecret', value),
      store.get('moor-ordered', 'clientSecret'),
    ]);
    expect(read).toBe(value);
  });

  it('refuses an empty value, an unknown name, a bad account id and an oversized value, writing nothing', async () => {
    await expectValidationError(store.set('moor-invalid', 'clientSecret', ''), 'value');
    await expectValidationError(store.set('moor-invalid', 'password' as 'token', marker('x')), 'name');
    await expectValidationError(store.set('', 'token', marker('x')), 'accountId');
    await expectValidationError(store.set('bad\nid', 'token', marker('x')), 'accountId');
    await expectValidationError(store.set('moor-invalid', 'token', '字'.repeat(1000)), 'value');

    expect(await store.list('moor-invalid')).toEqual([]);
  });

  it('registers secrets it reads for log redaction, but not expiry times', async () => {
    // Written behind the store's back, as a previous run of the app would have left it.
    const secret = marker('from-last-run');
    await keytar.setPassword(service, 'moor-redact/refreshToken', secret);
    await keytar.setPassword(service, 'moor-redact/refreshTokenExpiresAt', '1790000000123');
    const lines: LogRecord[] = [];
    const logger = createLogger((r) => lines.push(r));

    const value = await store.get('moor-redact', 'refreshToken');
    const expiry = await store.get('moor-redact', 'refreshTokenExpiresAt');
    logger.info(`refreshing with ${String(value)} until ${String(expiry)}`);

    expect(value).toBe(secret);
    expect(lines[0]?.message).toBe('refreshing with *** until 1790000000123');
  });

  it('probes without leaving an entry behind', async () => {
    const before = (await keytar.findCredentials(service)).map((e) => e.account);
    const statuses = await Promise.all([store.checkAvailable(), store.checkAvailable(), store.checkAvailable()]);

    expect(statuses).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect((await keytar.findCredentials(service)).map((e) => e.account).sort()).toEqual(before.sort());
  });
});
