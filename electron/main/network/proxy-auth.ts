// The proxy's sign-in, decided once for every request of the app: a proxy that asks gets the
// sign-in the agent already gave (this session, or saved in the keychain), else the agent is asked
// once — however many pollers hit the proxy at the same moment — and a refused sign-in is never
// offered again. A "cancel" holds further questions back for a while, so a poller that runs every
// few seconds does not put the question back in front of the agent each time.
//
// Both network stacks come here: Chromium's login events (desktop) and undici's 407s (web host).
// Passwords stay in this object and the keychain: never in a log, an event or a reply.
import { randomUUID } from 'node:crypto';
import type { ProxyLoginRequest } from '@shared/ipc/network';
import { registerSecretForRedaction, silentLogger, type Logger } from '../log/logger';
import type { SecretStore } from '../secrets/secret-store';
import { systemClock, type Clock } from '../vendors/http/clock';
import { NetworkFailure } from './failure';
import type { ProxyCredentials } from './proxy-rules';

export interface ProxyChallenge {
  /** `host:port` of the proxy. */
  proxy: string;
  scheme: string;
  realm: string;
  /** The sign-in this request sent and the proxy turned down; absent on a first challenge. */
  refused?: ProxyCredentials;
}

export type ProxyLoginAnswer = { action: 'signIn'; requestId: string; username: string; password: string; remember: boolean } | { action: 'cancel'; requestId: string };

export interface ProxyAuthOptions {
  secrets: SecretStore;
  /** Puts the question in front of the agent (an IPC event to the window). */
  ask(request: ProxyLoginRequest): void;
  /** The question was answered or dropped: the window closes it. */
  settled(requestId: string): void;
  logger?: Logger;
  clock?: Clock;
  /** How long a "cancel" keeps the question away. */
  holdOffMs?: number;
  /** An unanswered question is dropped after this long. */
  questionTtlMs?: number;
}

/** An open question is put to the window again when a request still waits on it this much later. */
const REMIND_AFTER_MS = 30_000;

interface Question {
  request: ProxyLoginRequest;
  askedAt: number;
  remindedAt: number;
  waiters: Array<(answer: ProxyCredentials | null) => void>;
}

/** The keychain entry of a proxy's sign-in: one "account" per proxy. */
export function proxyKeychainId(proxy: string): string {
  return `proxy:${proxy}`;
}

function same(a: ProxyCredentials | undefined, b: ProxyCredentials | undefined): boolean {
  return a !== undefined && b !== undefined && a.username === b.username && a.password === b.password;
}

export class ProxyAuth {
  private readonly known = new Map<string, ProxyCredentials>();
  private readonly refused = new Map<string, ProxyCredentials[]>();
  private readonly heldOff = new Map<string, number>();
  private readonly questions = new Map<string, Question>();
  private readonly offered = new Map<string, ProxyCredentials>();
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: ProxyAuthOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child('proxy-auth');
  }

  /** A sign-in that came with the proxy's address (HTTPS_PROXY=http://user:pass@host:port). */
  seed(proxy: string, credentials: ProxyCredentials): void {
    if (!this.known.has(proxy)) this.remember(proxy, credentials);
  }

  /** What to send before the proxy asks: this session's sign-in, else the saved one. */
  async current(proxy: string): Promise<ProxyCredentials | undefined> {
    const inMemory = this.known.get(proxy);
    if (inMemory && !this.isRefused(proxy, inMemory)) return inMemory;
    const saved = await this.saved(proxy);
    if (saved && !this.isRefused(proxy, saved)) {
      this.remember(proxy, saved);
      return saved;
    }
    return undefined;
  }

  /** The sign-in last handed out for a proxy: what Chromium sent when it asks again. */
  lastOffered(proxy: string): ProxyCredentials | undefined {
    return this.offered.get(proxy);
  }

  /**
   * The proxy asked. Resolves with the sign-in to send, or null when there is none to give (the
   * agent cancelled, or cancelled a moment ago). Waits for the agent's answer when it has to ask;
   * an aborted signal ends the wait with a `proxyAuthPending` failure while the question stays open.
   */
  async challenge(challenge: ProxyChallenge, signal?: AbortSignal): Promise<ProxyCredentials | null> {
    const { proxy } = challenge;
    if (challenge.refused) this.markRefused(proxy, challenge.refused);
    const usable = await this.current(proxy);
    if (usable && !same(usable, challenge.refused)) return this.offer(proxy, usable);
    if ((this.heldOff.get(proxy) ?? 0) > this.clock.now()) return null;
    const answer = await this.ask(challenge, signal);
    return answer ? this.offer(proxy, answer) : null;
  }

  /** The agent's answer to a question; false when the question is no longer open. */
  async answer(answer: ProxyLoginAnswer): Promise<boolean> {
    const question = this.questions.get(answer.requestId);
    if (!question) return false;
    this.questions.delete(answer.requestId);
    const { proxy } = question.request;
    let result: ProxyCredentials | null = null;
    if (answer.action === 'signIn') {
      result = { username: answer.username, password: answer.password };
      this.remember(proxy, result);
      this.heldOff.delete(proxy);
    } else {
      this.heldOff.set(proxy, this.clock.now() + (this.options.holdOffMs ?? 5 * 60_000));
    }
    this.logger.info(answer.action === 'signIn' ? 'proxy sign-in given' : 'proxy sign-in cancelled', { proxy, remember: answer.action === 'signIn' && answer.remember });
    // Waiting requests go on before the keychain write, which may take a while (or a prompt).
    for (const waiter of question.waiters) waiter(result);
    this.options.settled(answer.requestId);
    if (result && answer.action === 'signIn' && answer.remember) await this.saveQuietly(proxy, result);
    return true;
  }

  /** Settings: the manual proxy's sign-in, saved in the keychain and used from now on. */
  async save(proxy: string, credentials: ProxyCredentials): Promise<void> {
    const id = proxyKeychainId(proxy);
    await this.options.secrets.set(id, 'proxyUsername', credentials.username);
    await this.options.secrets.set(id, 'proxyPassword', credentials.password);
    this.remember(proxy, credentials);
    this.heldOff.delete(proxy);
  }

  /** Settings: the saved sign-in goes, from the keychain and this session. */
  async forget(proxy: string): Promise<void> {
    await this.options.secrets.deleteAccount(proxyKeychainId(proxy));
    this.known.delete(proxy);
    this.offered.delete(proxy);
  }

  /** The saved user name (never the password), for Settings. */
  async savedUser(proxy: string): Promise<{ username?: string; hasPassword: boolean }> {
    try {
      const id = proxyKeychainId(proxy);
      const username = (await this.options.secrets.get(id, 'proxyUsername')) ?? undefined;
      const hasPassword = (await this.options.secrets.get(id, 'proxyPassword')) !== null;
      return { ...(username ? { username } : {}), hasPassword };
    } catch {
      return { hasPassword: false };
    }
  }

  /** The proxy setting changed: questions and hold-offs about the old one no longer apply. */
  reset(): void {
    this.heldOff.clear();
    this.refused.clear();
  }

  private async saved(proxy: string): Promise<ProxyCredentials | undefined> {
    try {
      const id = proxyKeychainId(proxy);
      const password = await this.options.secrets.get(id, 'proxyPassword');
      if (password === null) return undefined;
      const username = (await this.options.secrets.get(id, 'proxyUsername')) ?? '';
      return { username, password };
    } catch (error) {
      // No keychain: the agent can still sign in for this session.
      this.logger.warn('saved proxy sign-in unreadable', { proxy, reason: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }

  private async saveQuietly(proxy: string, credentials: ProxyCredentials): Promise<void> {
    try {
      await this.save(proxy, credentials);
    } catch (error) {
      this.logger.warn('proxy sign-in not saved; it is used for this session only', { proxy, reason: error instanceof Error ? error.message : String(error) });
    }
  }

  private remember(proxy: string, credentials: ProxyCredentials): void {
    registerSecretForRedaction(credentials.password);
    this.known.set(proxy, credentials);
    const refused = this.refused.get(proxy);
    if (refused) this.refused.set(proxy, refused.filter((r) => !same(r, credentials)));
  }

  private offer(proxy: string, credentials: ProxyCredentials): ProxyCredentials {
    this.offered.set(proxy, credentials);
    return credentials;
  }

  private isRefused(proxy: string, credentials: ProxyCredentials): boolean {
    return (this.refused.get(proxy) ?? []).some((r) => same(r, credentials));
  }

  private markRefused(proxy: string, credentials: ProxyCredentials): void {
    if (this.isRefused(proxy, credentials)) return;
    this.logger.warn('proxy refused the sign-in', { proxy });
    this.refused.set(proxy, [...(this.refused.get(proxy) ?? []), credentials]);
    if (same(this.known.get(proxy), credentials)) this.known.delete(proxy);
  }

  private ask(challenge: ProxyChallenge, signal?: AbortSignal): Promise<ProxyCredentials | null> {
    const { proxy } = challenge;
    // An answer may have come in while this request read the keychain.
    const fresh = this.known.get(proxy);
    if (fresh && !this.isRefused(proxy, fresh)) return Promise.resolve(fresh);
    this.dropStaleQuestions();
    let question = [...this.questions.values()].find((q) => q.request.proxy === proxy);
    if (!question) {
      const request: ProxyLoginRequest = {
        requestId: randomUUID(),
        proxy,
        scheme: challenge.scheme,
        realm: challenge.realm,
        refused: challenge.refused !== undefined,
        ...(challenge.refused?.username ? { username: challenge.refused.username } : {}),
      };
      question = { request, askedAt: this.clock.now(), remindedAt: this.clock.now(), waiters: [] };
      this.questions.set(request.requestId, question);
      this.logger.info('asking for the proxy sign-in', { proxy, refused: request.refused });
      this.options.ask(request);
    } else if (this.clock.now() - question.remindedAt >= REMIND_AFTER_MS) {
      // Still open: asked again (same id), for a window that was reloaded or closed meanwhile.
      question.remindedAt = this.clock.now();
      this.options.ask(question.request);
    }
    const open = question;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(pending(proxy));
      const waiter = (answer: ProxyCredentials | null) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(answer);
      };
      const onAbort = () => {
        open.waiters = open.waiters.filter((w) => w !== waiter);
        reject(pending(proxy));
      };
      open.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private dropStaleQuestions(): void {
    const ttl = this.options.questionTtlMs ?? 10 * 60_000;
    for (const [id, question] of this.questions) {
      if (this.clock.now() - question.askedAt < ttl) continue;
      this.questions.delete(id);
      for (const waiter of question.waiters) waiter(null);
      this.options.settled(id);
    }
  }
}

function pending(proxy: string): NetworkFailure {
  return new NetworkFailure('proxyAuthPending', { proxy });
}
