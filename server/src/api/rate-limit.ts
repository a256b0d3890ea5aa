import type { Plugin } from 'graphql-yoga';
import { hashToken, looksLikeToken } from '../services/api-token.js';
import { errorResponse } from './limits-response.js';

export interface RateLimitOptions {
  /** Requests per second refilled into each bucket; 0 turns the limit off. */
  readonly perSecond: number;
  /** Bucket size: the requests allowed at once after a quiet spell. */
  readonly burst: number;
  /** Milliseconds; tests pass a clock they move. */
  readonly now?: () => number;
  /** Only requests to this path count (not /healthz, /readyz). */
  readonly endpoint?: string;
}

/**
 * Token buckets, one per key, in this process's memory: with several replicas each enforces its
 * own share, so the effective limit is the configured one times the number of replicas.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** After this long without a request a bucket is full again, so forgetting it changes nothing. */
  private readonly refillMs: number;
  private lastSweep: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.refillMs = (burst / perSecond) * 1000;
    this.lastSweep = now();
  }

  /** Takes one request from `key`'s bucket: 0 when granted, otherwise the seconds until one is. */
  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / this.perSecond;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.refillMs) return;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= this.refillMs) this.buckets.delete(key);
    this.lastSweep = now;
  }
}

/**
 * Refuses a request over its bucket with 429 and Retry-After, before the body is read or the
 * token checked against the database. The key is the bearer token's hash, which names exactly
 * one token row (so it is the token's bucket without a database read); a request without a
 * well-formed token counts against its client address.
 */
export function useRateLimit(options: RateLimitOptions): Plugin {
  if (options.perSecond <= 0) return {};
  const buckets = new TokenBuckets(options.perSecond, options.burst, options.now ?? Date.now);
  const endpoint = options.endpoint ?? '/graphql';
  return {
    onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint) return;
      const wait = buckets.take(clientKey(request, serverContext));
      if (wait === 0) return;
      const retryAfter = Math.max(1, Math.ceil(wait));
      const message =
        `Too many requests: the limit is ${options.perSecond} a second (bursts of ${options.burst}) ` +
        `for each token, or each address without one. Retry after ${retryAfter} s.`;
      endResponse(errorResponse(fetchAPI, 429, message, { 'retry-after': String(retryAfter) }));
    },
  };
}

function clientKey(request: Request, serverContext: unknown): string {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (bearer && looksLikeToken(bearer)) return `token:${hashToken(bearer)}`;
  // Node's http server puts the request in the server context; yoga.fetch in tests has none.
  const address = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress;
  return `address:${address ?? 'unknown'}`;
}
