/**
 * Pushes filer notifications to the webhook each filer registered. Deliveries are claimed with SKIP
 * LOCKED and a lease (see notification-repository.ts), so any number of instances can dispatch; a
 * notice is delivered at least once, and its id (body and X-SafeScreen-Notification-Id) lets the
 * filer drop repeats.
 *
 * Each filer signs with its own key, derived from the service's webhook secret and the filer id:
 * a filer can verify our messages but cannot forge one to another filer. A non-2xx answer, a
 * redirect, a timeout or a refused connection is a failure: retried after base·2^(attempt-1) (capped),
 * and marked failed after `maxAttempts`. The filer can still read every notice by polling its MRN.
 *
 * Destinations are checked on every attempt (webhook-destination.ts): an internal address is never
 * connected to, and such a notice is marked failed at once with the same status whether or not
 * anything listens there, so the status tells the filer nothing about the internal network.
 *
 * Fairness: each filer has at most `perFilerConcurrency` deliveries in flight, and a claim skips the
 * filers that are busy (webhook-claim-repository.ts). Deliveries run in the background of the loop,
 * so an endpoint that takes its whole timeout holds its own filer's slots and nobody else's.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Logger } from 'pino';
import { deferWebhookDelivery, markWebhookDelivered, type Database, type WebhookDelivery } from '@safe-screen/db';
import { findWebhookKeyState, type WebhookKeyState } from '@safe-screen/db/webhook-key-repository';
import { claimWebhookDeliveriesFairly } from '@safe-screen/db/webhook-claim-repository';
import { PollingLoop } from './polling-loop.js';
import { WebhookDestinationPolicy, WebhookDestinationRefused } from './webhook-destination.js';
import { signWebhookWithKeys } from './webhook-signature.js';

export interface WebhookDispatcherOptions {
  database: Database;
  logger: Logger;
  /** The service's webhook secret; each filer's signing key is derived from it. */
  secret: string;
  /** Milliseconds between polls when idle. */
  pollMs: number;
  batchSize?: number;
  /** Attempts before a notice is marked failed. */
  maxAttempts?: number;
  /** First retry delay in milliseconds; doubles with each attempt. */
  retryBaseMs?: number;
  /** Longest retry delay in milliseconds. */
  retryMaxMs?: number;
  /** Milliseconds a filer's endpoint may take to answer. */
  timeoutMs?: number;
  /** Deliveries in flight to one filer at once (default 2). */
  perFilerConcurrency?: number;
  /** Internal addresses or CIDR ranges deliveries may still go to (WEBHOOK_ALLOWED_ADDRESSES). */
  allowedAddresses?: readonly string[];
  now?: () => Date;
}

/** What the filer's status shows for a refused destination: never whether anything answered there. */
export const REFUSED_DESTINATION_ERROR = 'destination refused: internal or reserved address';

type Outcome = { ok: true } | { ok: false; error: string; refused: boolean };

/**
 * The signing key of one filer: HMAC(service secret, "webhook:" + filer id), hex, for generation 0;
 * after the filer rotates (POST /v1/webhook/key), HMAC(service secret, "webhook:<filer id>:<generation>").
 */
export function deriveFilerWebhookSecret(secret: string, filerId: string, generation = 0): string {
  return createHmac('sha256', secret).update(generation === 0 ? `webhook:${filerId}` : `webhook:${filerId}:${generation}`).digest('hex');
}

/** How long after a rotation messages are signed with the previous key as well. */
export const WEBHOOK_KEY_OVERLAP_MS = 24 * 3600_000;

/** The keys to sign with now: the current generation, and the previous one during the overlap. */
export function filerSigningKeys(secret: string, filerId: string, state: WebhookKeyState, now: Date): string[] {
  const current = deriveFilerWebhookSecret(secret, filerId, state.generation);
  const inOverlap = state.rotatedAt !== undefined && now.getTime() - state.rotatedAt.getTime() < WEBHOOK_KEY_OVERLAP_MS;
  return inOverlap ? [current, deriveFilerWebhookSecret(secret, filerId, state.generation - 1)] : [current];
}

export function describeWebhookBody(delivery: WebhookDelivery): string {
  return JSON.stringify({
    schemaVersion: 1,
    notificationId: delivery.id,
    mrn: delivery.mrn,
    ...(delivery.consignmentId === null ? {} : { consignmentId: delivery.consignmentId }),
    kind: delivery.kind,
    message: delivery.message,
    issuedAt: delivery.createdAt.toISOString(),
  });
}

export class WebhookDispatcher extends PollingLoop {
  private readonly policy: WebhookDestinationPolicy;
  private readonly inFlight = new Map<string, number>();
  private readonly deliveries = new Set<Promise<void>>();

  constructor(private readonly options: WebhookDispatcherOptions) {
    super({ pollMs: options.pollMs, logger: options.logger, name: 'webhook dispatcher' });
    this.policy = new WebhookDestinationPolicy(options.allowedAddresses);
  }

  /** Claims what the free slots allow and starts those deliveries; returns how many were started. */
  override async tick(): Promise<number> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const perFiler = this.options.perFilerConcurrency ?? 2;
    const busyFilers = [...this.inFlight].filter(([, count]) => count >= perFiler).map(([filer]) => filer);
    const free = (this.options.batchSize ?? 50) - this.deliveries.size;
    // The lease outlives the slowest attempt, so another instance never sends the same notice concurrently.
    const claimed = await claimWebhookDeliveriesFairly(this.options.database.db, { limit: free, perFiler, leaseMs: timeoutMs + 30_000, busyFilers });
    let started = 0;
    for (const delivery of claimed) {
      const count = this.inFlight.get(delivery.filerId) ?? 0;
      // A filer with one delivery in flight may have claimed perFiler more; the lease brings the extra back.
      if (count >= perFiler) continue;
      this.inFlight.set(delivery.filerId, count + 1);
      const task = this.deliver(delivery, timeoutMs)
        .catch((error: unknown) => this.options.logger.error({ err: error, notificationId: delivery.id }, 'webhook delivery bookkeeping failed'))
        .finally(() => {
          const left = (this.inFlight.get(delivery.filerId) ?? 1) - 1;
          if (left <= 0) this.inFlight.delete(delivery.filerId);
          else this.inFlight.set(delivery.filerId, left);
          this.deliveries.delete(task);
        });
      this.deliveries.add(task);
      started++;
    }
    return started;
  }

  /** Stops claiming, then waits for the deliveries in flight. */
  override async stop(): Promise<void> {
    await super.stop();
    await Promise.all([...this.deliveries]);
  }

  private async deliver(delivery: WebhookDelivery, timeoutMs: number): Promise<void> {
    const { database, logger } = this.options;
    const body = describeWebhookBody(delivery);
    const now = (this.options.now ?? (() => new Date()))();
    const keys = filerSigningKeys(this.options.secret, delivery.filerId, await findWebhookKeyState(database.db, delivery.filerId), now);
    const signature = signWebhookWithKeys(keys, body, Math.floor(now.getTime() / 1000));
    const outcome = await this.post(delivery.url, {
      'content-type': 'application/json',
      'x-safescreen-signature': signature,
      'x-safescreen-notification-id': delivery.id,
      'x-safescreen-delivery-attempt': String(delivery.attempts),
    }, body, timeoutMs);
    if (outcome.ok) {
      await markWebhookDelivered(database.db, delivery.id);
      return;
    }
    const base = this.options.retryBaseMs ?? 5_000;
    const retryMs = Math.min(this.options.retryMaxMs ?? 3_600_000, base * 2 ** Math.min(delivery.attempts - 1, 20));
    // A refused destination fails at once: retrying would only probe the address again later.
    const maxAttempts = outcome.refused ? delivery.attempts : (this.options.maxAttempts ?? 8);
    const verdict = await deferWebhookDelivery(database.db, { id: delivery.id, attempts: delivery.attempts, maxAttempts, error: outcome.error, retryMs });
    logger[verdict === 'failed' ? 'error' : 'warn']({ notificationId: delivery.id, filerId: delivery.filerId, attempt: delivery.attempts, error: outcome.error, retryMs }, verdict === 'failed' ? 'webhook delivery failed; giving up' : 'webhook delivery failed; will retry');
  }

  /** One POST, redirects not followed, through the destination policy's DNS lookup. */
  private post(target: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Outcome> {
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(target);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookDestinationRefused('unsupported scheme');
        this.policy.checkLiteralHost(url);
      } catch (error) {
        resolve({ ok: false, error: error instanceof WebhookDestinationRefused ? REFUSED_DESTINATION_ERROR : 'invalid webhook URL', refused: true });
        return;
      }
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: this.policy.lookup, timeout: timeoutMs }, (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve(status >= 200 && status < 300 ? { ok: true } : { ok: false, error: `HTTP ${status}`, refused: false });
      });
      const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      req.on('close', () => clearTimeout(deadline));
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (error: Error & { code?: string }) => {
        if (error instanceof WebhookDestinationRefused) resolve({ ok: false, error: REFUSED_DESTINATION_ERROR, refused: true });
        else resolve({ ok: false, error: `${error.name}: ${error.message}${error.code === undefined ? '' : ` (${error.code})`}`, refused: false });
      });
      req.end(body);
    });
  }
}
