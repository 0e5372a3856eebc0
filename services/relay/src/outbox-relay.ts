/**
 * Publishes outbox rows to Kafka. Rows are claimed in id order with SKIP LOCKED and a lease, so any
 * number of relay instances can run; a row is marked sent only after the broker's delivery report
 * (idempotent producer, acks=all). Messages are keyed by the catalog's key (the export country for
 * inspection requests), so one country's requests stay ordered within its partition.
 *
 * A failed publish defers the row with exponential backoff and keeps the error for operators; it is
 * never dropped. A relay that dies after publishing but before marking sends the row again after the
 * lease: delivery is at-least-once and consumers deduplicate by request id. Claims keep each key's
 * order across instances and retries (see claimOutbox).
 */
import type { Logger } from 'pino';
import { claimOutbox, deferOutbox, failOutbox, markOutboxSent, type Database, type OutboxRow } from '@safe-screen/db';
import { isTopicKey, KafkaMessageInvalidError, type KafkaPublisher } from '@safe-screen/kafka';
import { PollingLoop } from './polling-loop.js';

export interface OutboxRelayOptions {
  database: Database;
  publisher: Pick<KafkaPublisher, 'publish'>;
  logger: Logger;
  pollMs: number;
  batchSize?: number;
  leaseSeconds?: number;
  /** ms: first delay after a failed publish; doubles per attempt up to five minutes. Default 1000. */
  retryBaseMs?: number;
  onPublished?: (count: number) => void;
  onFailed?: (count: number) => void;
}

const MAX_BACKOFF_MS = 5 * 60_000;

export class OutboxRelay extends PollingLoop {
  constructor(private readonly options: OutboxRelayOptions) {
    super({ pollMs: options.pollMs, logger: options.logger, name: 'outbox relay' });
  }

  /** Publishes one claimed batch; returns how many rows it handled. */
  override async tick(): Promise<number> {
    const { database } = this.options;
    const rows = await claimOutbox(database.db, this.options.batchSize ?? 500, (this.options.leaseSeconds ?? 60) * 1000);
    if (rows.length === 0) return 0;
    // Keys in parallel; within a key, rows in id order (ordering matters within a key only).
    const byKey = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const group = byKey.get(`${row.topic}\u0000${row.key}`) ?? [];
      group.push(row);
      byKey.set(`${row.topic}\u0000${row.key}`, group);
    }
    const results = await Promise.all([...byKey.values()].map((group) => this.publishGroup(group)));
    const sent = results.reduce((n, r) => n + r.sent, 0);
    const failed = results.reduce((n, r) => n + r.failed, 0);
    if (sent > 0) this.options.onPublished?.(sent);
    if (failed > 0) this.options.onFailed?.(failed);
    return rows.length;
  }

  /**
   * One key's rows. All are handed to the producer at once, in order, and the delivery reports
   * awaited together: the idempotent producer keeps them in order within the partition, so this
   * pipelines without reordering. Delivered rows are marked sent as soon as the group is done (a
   * crash re-sends at most the group in flight). On a failure, the failed row and every later
   * undelivered row of the key are deferred together, so the key's order holds on the next attempt
   * too; a row that can never be published (not in the catalog, or failing its schema) is marked
   * failed for an operator instead of blocking its key forever.
   */
  private async publishGroup(group: OutboxRow[]): Promise<{ sent: number; failed: number }> {
    const { database, publisher, logger } = this.options;
    const settled = await Promise.allSettled(
      group.map(async (row) => {
        if (!isTopicKey(row.topic)) throw new KafkaMessageInvalidError(row.topic, [`unknown topic key "${row.topic}"`]);
        await publisher.publish(row.topic, row.payload as never);
      }),
    );
    const sent: number[] = [];
    let deferFrom: number | undefined;
    let failed = 0;
    for (let i = 0; i < group.length; i++) {
      const row = group[i]!;
      const outcome = settled[i]!;
      if (outcome.status === 'fulfilled') {
        sent.push(row.id);
        continue;
      }
      const error = outcome.reason as Error & { code?: string };
      failed++;
      if (error.code === 'KAFKA_MESSAGE_INVALID') {
        logger.error({ reqId: row.requestId ?? undefined, outboxId: row.id, topic: row.topic, error: error.message }, 'outbox row can never be published; marked failed');
        await failOutbox(database.db, row.id, error.message);
        continue;
      }
      deferFrom ??= i;
      const delay = Math.min(MAX_BACKOFF_MS, (this.options.retryBaseMs ?? 1000) * 2 ** Math.min(row.attempts - 1, 12));
      await deferOutbox(database.db, row.id, error.message, delay);
    }
    if (deferFrom !== undefined) {
      const first = group[deferFrom]!;
      logger.warn({ reqId: first.requestId ?? undefined, outboxId: first.id, topic: first.topic, key: first.key, deferred: failed, error: String((settled[deferFrom] as PromiseRejectedResult).reason) }, 'outbox publish failed; deferred');
    }
    await markOutboxSent(database.db, sent);
    // Under fastify's request-id key (reqId), so one search follows a filing or an officer's action
    // from its HTTP request to the message on the broker.
    for (let i = 0; i < group.length; i++) {
      const row = group[i]!;
      if (settled[i]!.status === 'fulfilled') logger.info({ reqId: row.requestId ?? undefined, outboxId: row.id, topic: row.topic, key: row.key }, 'outbox message published');
    }
    return { sent: sent.length, failed };
  }
}
