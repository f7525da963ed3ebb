/**
 * A fault-injecting HTTP proxy for tests: in front of a registry it answers 429 (with Retry-After) or 503, resets
 * connections, drops the response after the registry acted, or delays, chosen by a seeded random source so a run is
 * reproducible.
 */

import * as http from 'http';
import * as net from 'net';

/** Probabilities (0-1) of each fault per matching request; the rest pass through. */
export interface FaultRates {
  readonly tooMany?: number;
  readonly unavailable?: number;
  readonly reset?: number;
  /** Forward, let the registry act, then cut the connection before the client sees the answer. */
  readonly drop?: number;
  readonly delay?: number;
}

export interface FaultProxyOptions {
  readonly target: string;
  readonly rates: FaultRates;
  readonly seed: number;
  /** Only requests whose `METHOD path` matches are faulted. @default every request */
  readonly match?: RegExp;
  /** Retry-After seconds sent with 429. @default 0 */
  readonly retryAfter?: number;
  /** Delay in ms for `delay`. @default 50 */
  readonly delayMs?: number;
  /** Fault each `METHOD path` at most once (the retry then passes). @default false */
  readonly oncePerPath?: boolean;
  /** Called before a request is forwarded (e.g. to change the registry mid-run). */
  readonly onRequest?: (method: string, path: string) => Promise<void> | void;
}

export interface FaultProxy {
  readonly url: string;
  readonly stats: Record<'requests' | 'forwarded' | 'tooMany' | 'unavailable' | 'reset' | 'drop' | 'delay', number>;
  close(): Promise<void>;
}

/** mulberry32: a tiny seeded PRNG. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(o: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(o.target);
  const random = seeded(o.seed);
  const stats = { requests: 0, forwarded: 0, tooMany: 0, unavailable: 0, reset: 0, drop: 0, delay: 0 };
  const sockets = new Set<net.Socket>();
  const faulted = new Set<string>();
  const server = http.createServer((req, res) => {
    stats.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const line = `${req.method} ${req.url}`;
      let fault: keyof FaultRates | undefined;
      if ((!o.match || o.match.test(line)) && !(o.oncePerPath && faulted.has(line))) {
        let r = random();
        for (const k of ['tooMany', 'unavailable', 'reset', 'drop', 'delay'] as const) {
          const p = o.rates[k] ?? 0;
          if (r < p) {
            fault = k;
            break;
          }
          r -= p;
        }
      }
      if (fault) {
        stats[fault]++;
        faulted.add(line);
      }
      if (fault === 'tooMany') {
        res.writeHead(429, { 'Retry-After': String(o.retryAfter ?? 0), 'Content-Type': 'application/json' });
        res.end('{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}');
        return;
      }
      if (fault === 'unavailable') {
        res.writeHead(503, { 'Content-Type': 'text/plain' });
        res.end('unavailable');
        return;
      }
      if (fault === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault === 'delay') await new Promise((r) => setTimeout(r, o.delayMs ?? 50));
      try {
        await o.onRequest?.(req.method ?? 'GET', req.url ?? '/');
      } catch {
        // a hook failure must not hang the client
      }
      stats.forwarded++;
      const up = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (upRes) => {
          const body: Buffer[] = [];
          upRes.on('data', (c: Buffer) => body.push(c));
          upRes.on('end', () => {
            if (fault === 'drop') {
              req.socket.destroy();
              return;
            }
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      up.on('error', () => req.socket.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
