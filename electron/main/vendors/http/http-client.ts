// The HTTP layer under every vendor client: timeouts, transient-failure retries with full jitter,
// Retry-After, a per-endpoint rate budget, and logs that never carry a secret.
// Vendor envelopes (code/statusCode, succeed/errmsg, Zhuge's code) are the clients' business;
// this layer only turns transport failures into typed AppErrors, saying which part of the way
// failed (name lookup, certificate, the proxy, its sign-in) as network/failure.ts tells them apart.
import { AppError } from '@shared/errors';
import type { Logger } from '../../log/logger';
import { silentLogger } from '../../log/logger';
import { redactUrl } from '../../log/redact';
import { systemClock, type Clock } from './clock';
import type { RateLimiter } from './rate-limiter';
import { defaultBackoff, fullJitterDelay, parseRetryAfter, type BackoffOptions } from './retry';
import { failureText, NetworkFailure, nodeFailure } from '../../network/failure';

export type QueryValue = string | number | boolean | undefined | null;

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Joined to the client's base URL. */
  path: string;
  /** A short name for logs, errors and the rate limiter, e.g. "moor.device.call". */
  endpoint: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** JSON body. */
  json?: unknown;
  /** application/x-www-form-urlencoded body. */
  form?: Record<string, string>;
  /**
   * 'safe': the request may be repeated after a transient failure (reads, and sends that carry
   * the same idempotency key). 'never': a second attempt could act twice; fail instead.
   */
  retry: 'safe' | 'never';
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Recomputed before each attempt, e.g. to put a fresh timestamp/signature into the query. */
  prepare?: () => Promise<Partial<Pick<HttpRequest, 'query' | 'headers'>>> | Partial<Pick<HttpRequest, 'query' | 'headers'>>;
  /**
   * Called right before each attempt goes out, after the rate limiter and `prepare` (a keychain
   * read) are done: until then the vendor certainly has not seen the request, from then on it may
   * have. A throw stops the attempt.
   */
  onDispatch?: () => void;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  endpoint: string;
}

export interface HttpClientOptions {
  vendor: string;
  baseUrl: string;
  timeoutMs?: number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  logger?: Logger;
  limiter?: RateLimiter;
  clock?: Clock;
  random?: () => number;
  fetch?: typeof fetch;
}

export class HttpClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.backoff = options.backoff ?? defaultBackoff;
    this.logger = (options.logger ?? silentLogger).child(`http:${options.vendor}`);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const attempts = req.retry === 'safe' ? this.maxAttempts : 1;
    let lastError: AppError | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (req.signal?.aborted) throw cancelled(req.endpoint);
      await this.options.limiter?.acquire(req.endpoint, req.signal);
      try {
        const response = await this.once(req);
        const transient = transientStatus(response);
        if (!transient) return response;
        lastError = transient;
        if (attempt + 1 >= attempts) break;
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
        await this.wait(attempt, retryAfter, req);
      } catch (error) {
        const appErr = error instanceof AppError ? error : toAppError(error, req.endpoint);
        if (!appErr.retryable || attempt + 1 >= attempts) throw appErr;
        lastError = appErr;
        await this.wait(attempt, undefined, req);
      }
    }
    throw lastError ?? cancelled(req.endpoint);
  }

  private async wait(attempt: number, retryAfterMs: number | undefined, req: HttpRequest): Promise<void> {
    const delay = retryAfterMs !== undefined ? Math.min(retryAfterMs, 120_000) : fullJitterDelay(attempt, this.backoff, this.random);
    this.logger.info('retrying', { endpoint: req.endpoint, attempt: attempt + 1, delayMs: delay });
    await this.clock.sleep(delay, req.signal);
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    const prepared = req.prepare ? await req.prepare() : {};
    const url = new URL(this.baseUrl + (req.path.startsWith('/') ? req.path : `/${req.path}`));
    for (const [key, value] of Object.entries({ ...req.query, ...prepared.query })) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers, ...prepared.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    }

    req.onDispatch?.();
    const timeout = AbortSignal.timeout(req.timeoutMs ?? this.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const started = this.clock.now();
    const safeUrl = redactUrl(url);
    try {
      const response = await this.fetchImpl(url, { method: req.method, headers, body, signal, redirect: 'error' });
      const text = await response.text();
      this.logger.debug('response', { endpoint: req.endpoint, url: safeUrl, status: response.status, ms: this.clock.now() - started });
      // A proxy's "sign in first", whichever stack let it through: never the vendor's answer.
      if (response.status === 407) throw this.networkError(new NetworkFailure('proxyAuth', { status: 407, code: 'HTTP 407' }), req.endpoint);
      return { status: response.status, headers: response.headers, text, endpoint: req.endpoint };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (req.signal?.aborted) throw cancelled(req.endpoint);
      const failure = nodeFailure(error);
      // Waiting for the agent's proxy password is not the vendor being slow.
      if ((timeout.aborted && failure.kind !== 'proxyAuthPending') || failure.kind === 'timeout') {
        this.logger.warn('timeout', { endpoint: req.endpoint, url: safeUrl });
        throw new AppError({
          code: 'TIMEOUT',
          message: `${this.options.vendor} did not answer in time (${req.endpoint})`,
          messageZh: `${vendorZh(this.options.vendor)}服务响应超时（${req.endpoint}）`,
          details: { endpoint: req.endpoint },
          retryable: true,
        });
      }
      this.logger.warn('network error', { endpoint: req.endpoint, url: safeUrl, reason: failure.kind, code: failure.facts.code, proxy: failure.facts.proxy });
      throw this.networkError(failure, req.endpoint);
    }
  }

  private networkError(failure: NetworkFailure, endpoint: string): AppError {
    const text = failureText(failure, { vendorEn: this.options.vendor, vendorZh: vendorZh(this.options.vendor), endpoint });
    const { proxy, status, code } = failure.facts;
    return new AppError({
      code: 'NETWORK',
      message: text.en,
      messageZh: text.zh,
      details: { endpoint, reason: failure.kind, ...(proxy ? { proxy } : {}), ...(status ? { httpStatus: status } : {}), ...(code ? { networkCode: code } : {}) },
      retryable: text.retryable,
    });
  }
}

/** Parses a response body as JSON; a body that is not JSON is a clear VENDOR error, not a crash. */
export function parseJsonBody(response: HttpResponse, vendor: string): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    throw new AppError({
      code: 'VENDOR',
      message: `${vendor} sent a response that is not valid JSON (${response.endpoint}, HTTP ${response.status})`,
      messageZh: `${vendorZh(vendor)}返回的数据无法解析（${response.endpoint}，HTTP ${response.status}）`,
      details: { endpoint: response.endpoint, httpStatus: response.status },
      retryable: false,
    });
  }
}

export function vendorZh(vendor: string): string {
  switch (vendor) {
    case 'moor':
      return '七陌工作手机';
    case 'youmi':
      return '友米聚合';
    case 'zhuge':
      return '诸葛雷达';
    default:
      return vendor;
  }
}

function transientStatus(response: HttpResponse): AppError | undefined {
  if (response.status === 429) {
    return new AppError({
      code: 'RATE_LIMIT',
      message: `Too many requests to ${response.endpoint}; slowing down`,
      messageZh: `请求过于频繁（${response.endpoint}），稍后自动重试`,
      details: { endpoint: response.endpoint, httpStatus: 429 },
      retryable: true,
    });
  }
  if (response.status >= 500) {
    return new AppError({
      code: 'VENDOR',
      message: `The vendor service failed (${response.endpoint}, HTTP ${response.status})`,
      messageZh: `服务方出错（${response.endpoint}，HTTP ${response.status}），稍后自动重试`,
      details: { endpoint: response.endpoint, httpStatus: response.status },
      retryable: true,
    });
  }
  return undefined;
}

function cancelled(endpoint: string): AppError {
  return new AppError({
    code: 'NETWORK',
    message: `Request cancelled (${endpoint})`,
    messageZh: `请求已取消（${endpoint}）`,
    details: { endpoint, cancelled: true },
    retryable: false,
  });
}

function toAppError(error: unknown, endpoint: string): AppError {
  return new AppError({
    code: 'INTERNAL',
    message: `Unexpected failure calling ${endpoint}`,
    messageZh: `调用 ${endpoint} 时发生意外错误`,
    details: { endpoint },
    cause: error,
  });
}
