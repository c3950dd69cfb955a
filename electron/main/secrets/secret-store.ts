// Where secrets live. The app talks to this interface only; the keytar implementation is the
// real one, the memory one serves tests and the web host's explicit --ephemeral-secrets mode.

/** Names of the secrets one account can hold. */
export type SecretName =
  | 'clientSecret'
  | 'accessToken'
  | 'accessTokenExpiresAt'
  | 'refreshToken'
  | 'refreshTokenExpiresAt'
  | 'token'
  /** A proxy's sign-in, kept under the "account" `proxy:<host:port>` (network/proxy-auth.ts). */
  | 'proxyUsername'
  | 'proxyPassword';

export interface SecretRef {
  accountId: string;
  name: SecretName;
}

export interface SecretStore {
  /** 'keychain' or 'memory', shown in the UI so the agent knows where secrets are. */
  readonly kind: 'keychain' | 'memory';
  get(accountId: string, name: SecretName): Promise<string | null>;
  set(accountId: string, name: SecretName, value: string): Promise<void>;
  delete(accountId: string, name: SecretName): Promise<boolean>;
  list(accountId?: string): Promise<SecretRef[]>;
  /** Deletes every secret of the account; returns how many were removed. */
  deleteAccount(accountId: string): Promise<number>;
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly values = new Map<string, string>();

  private static key(accountId: string, name: SecretName): string {
    return `${accountId}\u0000${name}`;
  }

  async get(accountId: string, name: SecretName): Promise<string | null> {
    return this.values.get(MemorySecretStore.key(accountId, name)) ?? null;
  }

  async set(accountId: string, name: SecretName, value: string): Promise<void> {
    this.values.set(MemorySecretStore.key(accountId, name), value);
  }

  async delete(accountId: string, name: SecretName): Promise<boolean> {
    return this.values.delete(MemorySecretStore.key(accountId, name));
  }

  async list(accountId?: string): Promise<SecretRef[]> {
    const refs: SecretRef[] = [];
    for (const key of this.values.keys()) {
      const [id, name] = key.split('\u0000') as [string, SecretName];
      if (accountId === undefined || id === accountId) refs.push({ accountId: id, name });
    }
    return refs;
  }

  async deleteAccount(accountId: string): Promise<number> {
    let removed = 0;
    for (const ref of await this.list(accountId)) {
      if (await this.delete(ref.accountId, ref.name)) removed++;
    }
    return removed;
  }
}
