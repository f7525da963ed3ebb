/** The HTTP layer of `registry-lifecycle apply`: retries with backoff and jitter, Retry-After, timeouts, bounded concurrency and an overall time budget. */

/** Why a request finally failed; carries the last HTTP status when there was one. */
export class HttpError extends Error {
  constructor(
    message: string,
    /** The last HTTP status, absent for network errors and timeouts. */
    public readonly status?: number,
    /** The registry's error code (`MANIFEST_UNKNOWN`, `UNSUPPORTED`, …) when the body carried one. */
    public readonly code?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The run's time budget ran out: no new request is started. */
export class BudgetExhaustedError extends Error {
  constructor() {
    super('the time budget (--time-budget) is exhausted');
    this.name = 'BudgetExhaustedError';
  }
}

/** Retry and timeout settings. */
export interface RetryOptions {
  /** Attempts per request, the first included. @default 6 */
  readonly attempts?: number;
  /** First backoff, ms; doubles per attempt, full jitter. @default 200 */
  readonly baseDelayMs?: number;
  /** Longest single wait, ms (also caps Retry-After). @default 30000 */
  readonly maxDelayMs?: number;
  /** One request's timeout, ms. @default 30000 */
  readonly timeoutMs?: number;
  /** Random source in [0, 1), for jitter. @default Math.random */
  readonly random?: () => number;
}

/** Request headers, or a function giving them per attempt (tokens may change between attempts). */
export type HeaderSource = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

/** Status codes worth another attempt: rate limits and transient server errors. */
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Counts what the transport did, for the summary and for tests. */
export interface HttpStats {
  requests: number;
  retries: number;
  /** Total ms spent waiting before retries. */
  waitedMs: number;
}

/** A response whose body was read in full (so a connection reset mid-body is retried like any other reset). */
export interface FullResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
  /** The final URL (after redirects). */
  readonly url: string;
}

/** A counting semaphore: at most `limit` tasks at once, in arrival order. */
export class Limiter {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Runs `task` when a slot is free. */
  public async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

/** Reads `Retry-After` (seconds or an HTTP date) as ms; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Docker Hub's `X-RateLimit-Reset` (a Unix time in seconds) on a 429 without Retry-After, as ms to wait. */
export function rateLimitResetMs(status: number, reset: string | null, now: number = Date.now()): number | undefined {
  if (status !== 429 || !reset || !/^\d+$/.test(reset.trim())) return undefined;
  return Math.max(0, Number(reset) * 1000 - now);
}

/** The wait before attempt `attempt + 1` (attempt counts from 1): Retry-After when given, else full-jitter exponential backoff. */
export function backoffMs(attempt: number, retryAfter: number | undefined, o: Required<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>>): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, o.maxDelayMs);
  const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (o.random() * ceiling) / 2);
}

/**
 * Sends requests with bounded concurrency, retrying network errors, timeouts and 408/429/5xx with exponential
 * backoff and jitter (or the server's Retry-After), never past the deadline.
 */
export class Transport {
  public readonly stats: HttpStats = { requests: 0, retries: 0, waitedMs: 0 };
  private readonly limiter: Limiter;
  private readonly o: Required<RetryOptions>;

  constructor(
    concurrency: number,
    /** Epoch ms after which no request starts. */
    private readonly deadline: number,
    options: RetryOptions = {},
  ) {
    this.limiter = new Limiter(concurrency);
    this.o = {
      attempts: options.attempts ?? 6,
      baseDelayMs: options.baseDelayMs ?? 200,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      timeoutMs: options.timeoutMs ?? 30_000,
      random: options.random ?? Math.random,
    };
  }

  /** True once the deadline has passed. */
  public get exhausted(): boolean {
    return Date.now() >= this.deadline;
  }

  /**
   * Sends one request; `headers` is re-evaluated per attempt (tokens may refresh). Returns the last response, also
   * a retryable one when attempts ran out. Throws HttpError after the last network failure, BudgetExhaustedError
   * when the deadline passes first.
   */
  public async send(method: string, url: string, headers: HeaderSource = {}, body?: string): Promise<FullResponse> {
    let lastError: unknown;
    for (let attempt = 1; ; attempt++) {
      if (this.exhausted) throw new BudgetExhaustedError();
      let retryAfter: number | undefined;
      try {
        // Checked again once a slot is free: a request queued before the deadline must not start after it.
        const res = await this.limiter.run(() => (this.exhausted ? Promise.reject(new BudgetExhaustedError()) : this.once(method, url, headers, body)));
        if (!RETRY_STATUS.has(res.status) || attempt >= this.o.attempts) return res;
        retryAfter = retryAfterMs(res.headers.get('retry-after')) ?? rateLimitResetMs(res.status, res.headers.get('x-ratelimit-reset'));
        lastError = new HttpError(`${method} ${url}: ${res.status}`, res.status);
      } catch (e) {
        if (e instanceof BudgetExhaustedError) throw e;
        lastError = e;
        if (attempt >= this.o.attempts) break;
      }
      const wait = backoffMs(attempt, retryAfter, this.o);
      if (Date.now() + wait >= this.deadline) throw new BudgetExhaustedError();
      this.stats.retries++;
      this.stats.waitedMs += wait;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const cause = lastError as { message?: string; cause?: { code?: string; message?: string } };
    const detail = cause?.cause?.code ?? cause?.cause?.message ?? cause?.message ?? String(lastError);
    throw new HttpError(`${method} ${url}: ${detail} (after ${this.o.attempts} attempts)`);
  }

  private async once(method: string, url: string, headers: HeaderSource, body?: string): Promise<FullResponse> {
    this.stats.requests++;
    const h = typeof headers === 'function' ? await headers() : headers;
    const res = await fetch(url, { method, headers: h, body, signal: AbortSignal.timeout(this.o.timeoutMs), redirect: 'follow' });
    const data = method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body: data, url: res.url || url };
  }
}

/** The registry error code of a distribution-style error body (`{"errors":[{"code":…}]}`), if any. */
export function errorCode(body: Buffer): string | undefined {
  try {
    const doc = JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: string }> };
    return Array.isArray(doc.errors) && typeof doc.errors[0]?.code === 'string' ? doc.errors[0].code : undefined;
  } catch {
    return undefined;
  }
}

/** The `rel="next"` target of an RFC 8288 Link header, resolved against `base`. */
export function nextLink(link: string | null, base: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = part.match(/^\s*<([^>]*)>\s*;(.*)$/);
    if (m && /(^|;)\s*rel\s*=\s*"?next"?\s*(;|$)/i.test(m[2])) return new URL(m[1], base).toString();
  }
  return undefined;
}
