// 7moor tokens, kept in the SecretStore and nowhere else.
//
// The doc's rules: getToken(clientId, clientSecret) gives an accessToken (2 h) and a refreshToken
// (30 days). reToken before the access token ends returns the SAME token with a new expiry; after
// it ends, a NEW token. The refresh token is never renewed by reToken, so we sign in again with
// the client secret before it runs out (the doc suggests day 29).
//
// The vendor never tells us expiry times; we note them when a token is issued or extended.
import { AppError } from '@shared/errors';
import { registerSecretForRedaction, silentLogger, type Logger } from '../../log/logger';
import type { SecretName, SecretStore } from '../../secrets/secret-store';
import { systemClock, type Clock } from '../http/clock';
import type { HttpClient } from '../http/http-client';
import type { UndecodedRecorder } from '../undecoded';
import { MOOR_STATUS_ADVICE, credentialsRefused } from './errors';
import { callMoor, readData } from './transport';
import { TokenData } from './wire';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** 'reloginNeeded': 7moor refused the client secret (or none is stored); only the agent can fix it. */
export type MoorAuthState = 'unknown' | 'ready' | 'reloginNeeded';

export interface MoorAuthTiming {
  /** Refresh this long before the access token ends. */
  refreshAheadMs?: number;
  /** Sign in again with clientId/clientSecret this long before the refresh token ends. */
  renewAheadMs?: number;
  accessTokenTtlMs?: number;
  refreshTokenTtlMs?: number;
}

export interface MoorAuthOptions extends MoorAuthTiming {
  accountId: string;
  /** Not a secret: shown in settings. */
  clientId: string;
  secrets: SecretStore;
  http: HttpClient;
  clock?: Clock;
  logger?: Logger;
  /** Hears token answers it cannot read (secrets are scrubbed before anything is kept). */
  undecoded?: UndecodedRecorder;
}

interface TokenSet {
  accessToken?: string;
  accessTokenExpiresAt?: number;
  refreshToken?: string;
  refreshTokenExpiresAt?: number;
}

export class MoorAuth {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly refreshAheadMs: number;
  private readonly renewAheadMs: number;
  private readonly accessTtlMs: number;
  private readonly refreshTtlMs: number;
  private tokens: TokenSet | undefined;
  /** A token 7moor refused on an API call: never handed out again. */
  private rejected: string | undefined;
  private pending: Promise<string> | undefined;
  private currentState: MoorAuthState = 'unknown';
  private refusal: AppError | undefined;
  private readonly listeners = new Set<(state: MoorAuthState) => void>();

  constructor(private readonly options: MoorAuthOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child('auth');
    this.refreshAheadMs = options.refreshAheadMs ?? 5 * 60 * 1000;
    this.renewAheadMs = options.renewAheadMs ?? DAY;
    this.accessTtlMs = options.accessTokenTtlMs ?? 2 * HOUR;
    this.refreshTtlMs = options.refreshTokenTtlMs ?? 30 * DAY;
  }

  get state(): MoorAuthState {
    return this.currentState;
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onDidChangeState(listener: (state: MoorAuthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A valid access token: the stored one while it lasts, else refreshed or signed in anew.
   * Concurrent callers share one request.
   */
  getAccessToken(): Promise<string> {
    if (this.currentState === 'reloginNeeded' && this.refusal) return Promise.reject(this.refusal);
    return this.pending ?? this.track(this.resolveToken());
  }

  /** An API call said `token` is no longer valid: the next getAccessToken must not return it. */
  invalidate(token: string): void {
    if (this.tokens?.accessToken === token) this.rejected = token;
  }

  /**
   * Signs in now with clientId/clientSecret (storing `clientSecret` first when given): how the
   * agent verifies an account in settings and leaves the reloginNeeded state.
   */
  async signIn(clientSecret?: string): Promise<void> {
    if (clientSecret !== undefined) {
      registerSecretForRedaction(clientSecret);
      await this.options.secrets.set(this.options.accountId, 'clientSecret', clientSecret);
    }
    this.refusal = undefined;
    if (this.currentState === 'reloginNeeded') this.setState('unknown');
    const previous = this.pending ?? Promise.resolve('');
    await this.track(previous.catch(() => '').then(() => this.signInWithSecret()));
  }

  /** Makes `work` the one token request that concurrent callers share until it settles. */
  private track(work: Promise<string>): Promise<string> {
    const tracked: Promise<string> = work.finally(() => {
      if (this.pending === tracked) this.pending = undefined;
    });
    this.pending = tracked;
    return tracked;
  }

  /** Forgets the tokens (not the client secret); the next call signs in again. */
  async signOut(): Promise<void> {
    const { secrets, accountId } = this.options;
    for (const name of ['accessToken', 'accessTokenExpiresAt', 'refreshToken', 'refreshTokenExpiresAt'] as const) {
      await secrets.delete(accountId, name);
    }
    this.tokens = {};
    this.setState('unknown');
  }

  private async resolveToken(): Promise<string> {
    const tokens = await this.load();
    const now = this.clock.now();
    const { refreshToken, refreshTokenExpiresAt, accessToken, accessTokenExpiresAt } = tokens;
    if (refreshToken && refreshTokenExpiresAt !== undefined && refreshTokenExpiresAt - now <= this.renewAheadMs) {
      this.logger.info('refresh token near its end; signing in again with the client secret');
      return this.signInWithSecret();
    }
    if (accessToken && accessToken !== this.rejected && (accessTokenExpiresAt ?? 0) - now > this.refreshAheadMs) {
      this.setState('ready');
      return accessToken;
    }
    if (refreshToken) {
      try {
        return await this.refresh(refreshToken);
      } catch (error) {
        // Only a refusal by 7moor is cured by signing in; a network failure would fail that too.
        if (!(error instanceof AppError) || error.details?.['vendorCode'] === undefined) throw error;
        this.logger.info('refresh refused; signing in again with the client secret', { vendorMsg: error.details['vendorMsg'] });
      }
    }
    return this.signInWithSecret();
  }

  private async refresh(refreshToken: string): Promise<string> {
    const endpoint = 'moor.oauth.reToken';
    const data = await callMoor(this.options.http, {
      endpoint,
      path: '/oauth/token/reToken',
      query: () => ({ timestamp: this.clock.now(), refreshToken }),
      retry: 'safe',
      ...(this.options.undecoded ? { undecoded: this.options.undecoded } : {}),
    });
    const accessToken = readData(TokenData, data, endpoint, this.options.undecoded).accessToken;
    if (!accessToken) throw credentialsRefused(endpoint, { code: 1, msg: 'no accessToken in the answer', statusCode: undefined });
    registerSecretForRedaction(accessToken);
    if (accessToken === this.rejected) {
      // 7moor extended the very token it just refused: only a fresh sign-in gets a working one.
      this.logger.info('refresh returned the refused token; signing in again');
      return this.signInWithSecret();
    }
    const same = accessToken === this.tokens?.accessToken;
    await this.save({ accessToken, accessTokenExpiresAt: this.clock.now() + this.accessTtlMs });
    this.logger.info('access token refreshed', { sameToken: same });
    this.setState('ready');
    return accessToken;
  }

  private async signInWithSecret(): Promise<string> {
    const { secrets, accountId, clientId } = this.options;
    const clientSecret = await secrets.get(accountId, 'clientSecret');
    if (!clientSecret) {
      throw this.refuse(
        new AppError({
          code: 'AUTH',
          messageZh: '尚未保存七陌的 clientSecret：请在设置中填写管理后台生成的 clientId 和 clientSecret',
          message: 'No 7moor clientSecret is saved: enter the clientId and clientSecret from the 7moor admin console in Settings',
          details: { endpoint: 'moor.oauth.getToken', reloginNeeded: true },
        }),
      );
    }
    registerSecretForRedaction(clientSecret);
    const endpoint = 'moor.oauth.getToken';
    let data: unknown;
    try {
      data = await callMoor(this.options.http, {
        endpoint,
        path: '/oauth/token/getToken',
        json: { clientId, clientSecret },
        query: () => ({ timestamp: this.clock.now() }),
        retry: 'safe',
        ...(this.options.undecoded ? { undecoded: this.options.undecoded } : {}),
      });
    } catch (error) {
      throw this.classifySignInFailure(endpoint, error);
    }
    const { accessToken, refreshToken } = readData(TokenData, data, endpoint, this.options.undecoded);
    if (!accessToken || !refreshToken) {
      throw this.refuse(credentialsRefused(endpoint, { code: 1, msg: 'no token in the answer', statusCode: undefined }));
    }
    registerSecretForRedaction(accessToken);
    registerSecretForRedaction(refreshToken);
    const now = this.clock.now();
    await this.save({
      accessToken,
      accessTokenExpiresAt: now + this.accessTtlMs,
      refreshToken,
      refreshTokenExpiresAt: now + this.refreshTtlMs,
    });
    this.rejected = undefined;
    this.refusal = undefined;
    this.logger.info('signed in to 7moor');
    this.setState('ready');
    return accessToken;
  }

  /** A code-0 answer without a documented statusCode means the credentials were refused. */
  private classifySignInFailure(endpoint: string, error: unknown): unknown {
    if (!(error instanceof AppError)) return error;
    const details = error.details ?? {};
    const vendorCode = details['vendorCode'];
    if (vendorCode === undefined) return error;
    const statusCode = typeof details['statusCode'] === 'number' ? details['statusCode'] : undefined;
    if (statusCode !== undefined && MOOR_STATUS_ADVICE[statusCode]) return error;
    const msg = typeof details['vendorMsg'] === 'string' ? details['vendorMsg'] : undefined;
    return this.refuse(credentialsRefused(endpoint, { code: typeof vendorCode === 'number' ? vendorCode : 0, msg, statusCode }));
  }

  private refuse(error: AppError): AppError {
    this.refusal = error;
    this.setState('reloginNeeded');
    return error;
  }

  private async load(): Promise<TokenSet> {
    if (this.tokens) return this.tokens;
    const { secrets, accountId } = this.options;
    const read = async (name: SecretName) => (await secrets.get(accountId, name)) ?? undefined;
    const accessToken = await read('accessToken');
    const refreshToken = await read('refreshToken');
    registerSecretForRedaction(accessToken);
    registerSecretForRedaction(refreshToken);
    this.tokens = {
      ...(accessToken ? { accessToken } : {}),
      ...(refreshToken ? { refreshToken } : {}),
      ...epoch('accessTokenExpiresAt', await read('accessTokenExpiresAt')),
      ...epoch('refreshTokenExpiresAt', await read('refreshTokenExpiresAt')),
    };
    return this.tokens;
  }

  private async save(update: TokenSet): Promise<void> {
    const { secrets, accountId } = this.options;
    for (const [name, value] of Object.entries(update) as [keyof TokenSet, string | number][]) {
      await secrets.set(accountId, name, String(value));
    }
    this.tokens = { ...this.tokens, ...update };
  }

  private setState(state: MoorAuthState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    for (const listener of this.listeners) listener(state);
  }
}

function epoch<K extends string>(key: K, value: string | undefined): Partial<Record<K, number>> {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? ({ [key]: n } as Partial<Record<K, number>>) : {};
}
