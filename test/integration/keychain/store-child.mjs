// Runs the real KeytarSecretStore in a child Node process, so the parent test can choose the
// environment (no session bus, a bus without a keyring, a locked keyring, no keytar at all) that
// an in-process test cannot undo once libsecret has connected. Prints one JSON line with what
// each operation returned or threw (AppError.toJSON()).
//   node --experimental-strip-types store-child.mjs '{"service":"...","platform":"linux","value":"...","ops":["probe","set","get","list","delete","deleteAccount"]}'
import { register } from 'node:module';

const input = JSON.parse(process.argv[2] ?? '{}');
register('./ts-hooks.mjs', import.meta.url, { data: { simulateMissingKeytar: Boolean(input.simulateMissingKeytar) } });

const { KeytarSecretStore } = await import('../../../electron/main/secrets/keytar-store.ts');
const store = new KeytarSecretStore({ service: input.service, platform: input.platform });
const accountId = input.accountId ?? 'moor-1';

const operations = {
  probe: async () => {
    const status = await store.checkAvailable();
    return status.ok ? status : { ok: false, error: status.error.toJSON() };
  },
  set: () => store.set(accountId, 'clientSecret', input.value),
  get: () => store.get(accountId, 'clientSecret'),
  list: () => store.list(),
  delete: () => store.delete(accountId, 'clientSecret'),
  deleteAccount: () => store.deleteAccount(accountId),
};

const results = {};
for (const name of input.ops ?? Object.keys(operations)) {
  try {
    results[name] = { ok: true, value: (await operations[name]()) ?? null };
  } catch (error) {
    results[name] = typeof error?.toJSON === 'function'
      ? { ok: false, error: error.toJSON() }
      : { ok: false, thrown: String(error) };
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
