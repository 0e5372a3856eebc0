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
 */
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { claimWebhookDeliveries, deferWebhookDelivery, markWebhookDelivered, type Database, type WebhookDelivery } from '@safe-screen/db';
import { PollingLoop } from './polling-loop.js';
import { signWebhook } from './webhook-signature.js';

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
  now?: () => Date;
}

/** The signing key of one filer: HMAC(service secret, "webhook:" + filer id), hex. */
export function deriveFilerWebhookSecret(secret: string, filerId: string): string {
  return createHmac('sha256', secret).update(`webhook:${filerId}`).digest('hex');
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
  constructor(private readonly options: WebhookDispatcherOptions) {
    super({ pollMs: options.pollMs, logger: options.logger, name: 'webhook dispatcher' });
  }

  /** Claims one batch and attempts each delivery; returns how many were attempted. */
  override async tick(): Promise<number> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    // The lease outlives the slowest attempt, so another instance never sends the same notice concurrently.
    const deliveries = await claimWebhookDeliveries(this.options.database.db, this.options.batchSize ?? 50, timeoutMs + 30_000);
    await Promise.all(deliveries.map((d) => this.deliver(d, timeoutMs)));
    return deliveries.length;
  }

  private async deliver(delivery: WebhookDelivery, timeoutMs: number): Promise<void> {
    const { database, logger } = this.options;
    const body = describeWebhookBody(delivery);
    const now = (this.options.now ?? (() => new Date()))();
    const signature = signWebhook(deriveFilerWebhookSecret(this.options.secret, delivery.filerId), body, Math.floor(now.getTime() / 1000));
    let failure: string | undefined;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-safescreen-signature': signature,
          'x-safescreen-notification-id': delivery.id,
          'x-safescreen-delivery-attempt': String(delivery.attempts),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300) failure = `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      failure = `${(error as Error).name}: ${(error as Error).message}${cause === undefined ? '' : ` (${cause})`}`;
    }
    if (failure === undefined) {
      await markWebhookDelivered(database.db, delivery.id);
      return;
    }
    const base = this.options.retryBaseMs ?? 5_000;
    const retryMs = Math.min(this.options.retryMaxMs ?? 3_600_000, base * 2 ** Math.min(delivery.attempts - 1, 20));
    const verdict = await deferWebhookDelivery(database.db, { id: delivery.id, attempts: delivery.attempts, maxAttempts: this.options.maxAttempts ?? 8, error: failure, retryMs });
    logger[verdict === 'failed' ? 'error' : 'warn']({ notificationId: delivery.id, filerId: delivery.filerId, attempt: delivery.attempts, error: failure, retryMs }, verdict === 'failed' ? 'webhook delivery failed; giving up' : 'webhook delivery failed; will retry');
  }
}
