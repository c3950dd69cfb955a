// The app's secret store: the OS keychain. There is no plaintext fallback: when the keychain is
// missing or locked, the store's operations fail with KEYCHAIN errors and the app keeps running on
// its cached data.
import type { Logger } from '../log/logger';
import { KeytarSecretStore } from './keytar-store';
import type { SecretStore } from './secret-store';

export async function createKeychainStore(logger: Logger, service?: string): Promise<SecretStore> {
  const store = new KeytarSecretStore(service ? { service } : {});
  const probe = await store.checkAvailable();
  if (!probe.ok) logger.warn('OS keychain unavailable; accounts need it to connect', { reason: probe.error.message });
  return store;
}
