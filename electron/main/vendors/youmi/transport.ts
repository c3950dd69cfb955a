// What the v1 and v2 clients share: the HTTP client with Youmi's default budget, the token read
// fresh for every attempt, and the envelope check. Only the auth header differs between versions.
import { registerSecretForRedaction, type Logger } from '../../log/logger';
import type { SecretStore } from '../../secrets/secret-store';
import type { Clock } from '../http/clock';
import { HttpClient, parseJsonBody, type HttpRequest } from '../http/http-client';
import { RateLimiter, type RateBudget } from '../http/rate-limiter';
import type { BackoffOptions } from '../http/retry';
import { payloadText, UndecodedRecorder, type UndecodedReport } from '../undecoded';
import { missingToken, youmiAuthError, youmiHttpError, youmiMalformed, youmiRefusal } from './errors';
import type { DecodedMessage } from '@shared/model';
import { YOUMI_DECODER_VERSION, type YoumiApiVersion } from './decoder';
import { youmiRowReader } from './reader';
import { readChatRow, rowsOf, YoumiEnvelope } from './wire';

/** Youmi documents no budget; one call a second per endpoint is polite and plenty for polling. */
export const YOUMI_DEFAULT_BUDGET: RateBudget = { limit: 60, intervalMs: 60_000 };

export interface YoumiClientOptions {
  /** The tenant's base URL (v1 paths such as `ChatMess` and v2 `/v2/...` are joined to it). */
  baseUrl: string;
  /** Read for every attempt, so a token changed in the settings takes effect at once. */
  getToken: () => Promise<string>;
  logger?: Logger;
  timeoutMs?: number;
  /** Per-endpoint budget; a function may give each endpoint its own. Ignored when `limiter` is given. */
  rateLimit?: RateBudget | ((endpoint: string) => RateBudget | undefined);
  /** Share one limiter between clients of the same tenant. */
  limiter?: RateLimiter;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  clock?: Clock;
  random?: () => number;
  fetch?: typeof fetch;
  /** Hears what the decoder could not read (the account's health panel). */
  onUndecoded?: UndecodedReport;
}

export class YoumiTransport {
  readonly http: HttpClient;
  readonly undecoded: UndecodedRecorder;

  constructor(
    readonly options: YoumiClientOptions,
    private readonly authHeaders: (token: string) => Record<string, string>,
  ) {
    const budget = options.rateLimit ?? YOUMI_DEFAULT_BUDGET;
    const limiter = options.limiter ?? new RateLimiter(typeof budget === 'function' ? budget : () => budget, options.clock);
    this.undecoded = new UndecodedRecorder(YOUMI_DECODER_VERSION, options.onUndecoded);
    this.http = new HttpClient({
      vendor: 'youmi',
      baseUrl: options.baseUrl,
      limiter,
      ...pick(options, ['timeoutMs', 'maxAttempts', 'backoff', 'logger', 'clock', 'random', 'fetch']),
    });
  }

  /** Sends the request with a fresh token and returns the envelope of a `succeed:true` answer. */
  async call(req: Omit<HttpRequest, 'prepare'>, extraHeaders: Record<string, string> = {}): Promise<YoumiEnvelope> {
    const response = await this.http.request({
      ...req,
      prepare: async () => {
        const token = await this.options.getToken();
        if (!token) throw missingToken();
        registerSecretForRedaction(token);
        return { headers: { ...req.headers, ...extraHeaders, ...this.authHeaders(token) } };
      },
    });
    if (response.status === 401 || response.status === 403) throw youmiAuthError(req.endpoint, response.status);
    if (response.status >= 400) throw youmiHttpError(req.endpoint, response.status);
    let body: unknown;
    try {
      body = parseJsonBody(response, 'youmi');
    } catch (error) {
      this.undecoded.unreadableAnswer(req.endpoint, response.text, 'not JSON', response.status);
      throw error;
    }
    const parsed = YoumiEnvelope.safeParse(body);
    if (!parsed.success) {
      this.undecoded.unreadableAnswer(req.endpoint, response.text, 'no succeed flag', response.status);
      throw youmiMalformed(req.endpoint, 'no succeed flag');
    }
    this.undecoded.answerFields(req.endpoint, YoumiEnvelope, body);
    if (!parsed.data.succeed) throw youmiRefusal(parsed.data, req.endpoint);
    return parsed.data;
  }


}

/** An answer without what the endpoint promises: kept for the health panel, then a VENDOR error. */
export function malformedAnswer(undecoded: UndecodedRecorder, endpoint: string, envelope: YoumiEnvelope, what: string) {
  undecoded.unreadableAnswer(endpoint, payloadText(envelope), what);
  return youmiMalformed(endpoint, what);
}

/** The token of a Youmi account, from the keychain (secret name 'token'). */
export function youmiTokenFromStore(store: SecretStore, accountId: string): () => Promise<string> {
  return async () => {
    const token = await store.get(accountId, 'token');
    if (!token) throw missingToken();
    registerSecretForRedaction(token);
    return token;
  };
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/** One page of chat rows, decoded; the rows' raw JSON stays in each message. */
export interface YoumiChatPage {
  messages: DecodedMessage[];
  /** Rows in the answer (equal to messages.length: nothing is dropped). */
  rowCount: number;
  /** Highest ad_chatting_id on the page (v2): the next `minChattingId`. */
  lastChattingId?: number;
  /** The vendor's clock at answer time (MsgTime / msgTime), as sent. */
  vendorTime?: string;
}

/** The page of a list answer; `undecoded` hears what could not be read (the clients pass their transport's). */
export function chatPage(
  envelope: YoumiEnvelope,
  endpoint: string,
  version: YoumiApiVersion,
  undecoded: UndecodedRecorder = new UndecodedRecorder(YOUMI_DECODER_VERSION),
): YoumiChatPage {
  const rows = rowsOf(envelope.values);
  if (!rows) throw malformedAnswer(undecoded, endpoint, envelope, 'values is not a list');
  let lastChattingId: number | undefined;
  for (const row of rows) {
    const id = readChatRow(row)?.ad_chatting_id;
    if (id !== undefined && (lastChattingId === undefined || id > lastChattingId)) lastChattingId = id;
  }
  const messages = undecoded.rows(endpoint, youmiRowReader(version), rows);
  const vendorTime = envelope.msgTime ?? envelope.MsgTime ?? undefined;
  return { messages, rowCount: rows.length, ...(lastChattingId !== undefined ? { lastChattingId } : {}), ...(vendorTime ? { vendorTime } : {}) };
}
