/**
 * Rate limit per authenticated principal: a token bucket of `burst` requests refilled at
 * `perMinute` per minute. A filer's system that loops on a bad request, or a script that floods the
 * API, is told to slow down (429 RATE_LIMITED with Retry-After) before it crowds out other carriers.
 *
 * Why a hook on onRequest and not the route's preHandler: the refusal must come before a 60 MB body
 * is read. The principal is resolved through the authenticator's cache (the same lookup the route's
 * own auth then finds warm). Requests without credentials, or with unknown ones, draw on a separate
 * budget per client address (`unauthenticated`), so a flood of anonymous requests, refused keys or
 * sign-in posts from one address is slowed without touching anyone else's allowance; sign-in
 * attempts have their own throttle on top (routes/sessions.ts). The client address is the peer,
 * or X-Forwarded-For's client when the peer is one of TRUSTED_PROXIES.
 *
 * The buckets live in this instance's memory: behind a load balancer with N instances a principal
 * gets at most N times the limit, which is what the setting documents.
 */
import { AppError } from '@safe-screen/domain';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface RateLimitOptions {
  /** Per authenticated principal (per filer for filer keys); undefined: no limit. */
  authenticated?: { perMinute: number; burst: number };
  /** Per client address, for requests without valid credentials; undefined: no limit. */
  unauthenticated?: { perMinute: number; burst: number };
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Pure token bucket: takes one token if there is one, otherwise says how long until there is. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(private readonly options: { perMinute: number; burst: number; maxKeys?: number }) {
    this.perMs = options.perMinute / 60_000;
  }

  /** Returns 0 when the request may go ahead, else the milliseconds until a token is back. */
  take(key: string, now: number): number {
    const { burst } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    if (!this.buckets.has(key)) {
      // Principals are few (one per filer system or officer), but a cap keeps memory bounded whatever happens.
      if (this.buckets.size >= (this.options.maxKeys ?? 100_000)) this.buckets.clear();
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.perMs);
  }
}

async function principalKey(fastify: FastifyInstance, request: FastifyRequest): Promise<string | undefined> {
  try {
    const principal = await fastify.auth.principalFor(request);
    // Several keys of one filer share its allowance: the limit is per filer, not per key.
    return principal.filerId ?? principal.id;
  } catch {
    return undefined;
  }
}

export const rateLimitPlugin = fp<RateLimitOptions>(async (fastify, options) => {
  const principals = options.authenticated === undefined ? undefined : new TokenBuckets(options.authenticated);
  const addresses = options.unauthenticated === undefined ? undefined : new TokenBuckets(options.unauthenticated);
  const now = options.now ?? Date.now;
  fastify.addHook('onRequest', async (request) => {
    const hasSession = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies !== undefined && request.headers.cookie !== undefined;
    const key = request.headers.authorization === undefined && !hasSession ? undefined : await principalKey(fastify, request);
    const buckets = key === undefined ? addresses : principals;
    if (buckets === undefined) return;
    const waitMs = buckets.take(key ?? `address:${request.ip}`, now());
    if (waitMs > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new AppError('RATE_LIMITED', `too many requests; retry after ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
  });
}, { name: 'safe-screen-rate-limit', dependencies: ['@fastify/cookie'] });
