/**
 * Consumes export customs' acknowledgements and results from the `inspectionResponses` topic in a
 * consumer group (instances share the partitions) and applies them to the database.
 *
 * Ordering of effects: the database update commits first, the Kafka offset after (the subscriber
 * commits only once `handle` resolved). A crash in between redelivers the message; the update is
 * idempotent (a repeated acknowledgement or result is recognised under a row lock), so redelivery
 * changes nothing twice. A database failure throws, the offset stays, and the subscriber retries
 * the same message with backoff, keeping the partition's order.
 *
 * Messages that can never be applied go to the dead-letter topic with the reason, and consumption
 * goes on: a message that fails its schema (reported by the subscriber), and a well-formed one for
 * a request that does not exist or was not addressed to the sender's country. The dead letter is
 * published (broker-acknowledged) before the offset is committed, so none is lost either.
 */
import type { Logger } from 'pino';
import type { Database } from '@safe-screen/db';
import { KafkaSubscriber, type InspectionResponse, type KafkaPublisher, type MessageMeta } from '@safe-screen/kafka';
import { applyInspectionResponse, type ApplyOutcome } from './apply-inspection-response.js';

export interface InspectionResponseConsumerOptions {
  database: Database;
  brokers: string;
  clientId: string;
  /** Consumer group shared by every instance of this deployment. */
  groupId?: string;
  logger: Logger;
  /** Publishes dead letters. */
  publisher: Pick<KafkaPublisher, 'publish'>;
  /** ms: first retry delay after a database failure. */
  retryInitialMs?: number;
  sessionTimeoutMs?: number;
  /** Called after each applied message (tests and metrics). */
  onApplied?: (response: InspectionResponse, outcome: ApplyOutcome, meta: MessageMeta) => void;
  onDeadLetter?: (reason: string, meta: { topic: string; partition: number; offset: number }) => void;
}

export const DEFAULT_RESPONSE_GROUP = 'safe-screen.inspection-responses';
const MAX_DEAD_LETTER_PAYLOAD = 64 * 1024;

export class InspectionResponseConsumer {
  private readonly subscriber: KafkaSubscriber<'inspectionResponses'>;

  constructor(private readonly options: InspectionResponseConsumerOptions) {
    this.subscriber = new KafkaSubscriber({
      brokers: options.brokers,
      clientId: `${options.clientId}-responses`,
      groupId: options.groupId ?? DEFAULT_RESPONSE_GROUP,
      topics: ['inspectionResponses'],
      logger: options.logger,
      ...(options.retryInitialMs === undefined ? {} : { retryInitialMs: options.retryInitialMs }),
      ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: options.sessionTimeoutMs }),
      handle: (_topic, message, meta) => this.handle(message, meta),
      onInvalid: (invalid) =>
        this.deadLetter('MESSAGE_INVALID', invalid.issues, invalid.value, invalid),
    });
  }

  async start(): Promise<void> {
    await this.subscriber.start();
  }

  /** Finishes the message in hand, commits, leaves the group. */
  async stop(): Promise<void> {
    await this.subscriber.stop();
  }

  private async handle(response: InspectionResponse, meta: MessageMeta): Promise<void> {
    const outcome = await applyInspectionResponse(this.options.database.db, response, {
      actor: { id: null, name: `export-customs:${response.exportCountry}` },
    });
    if (outcome.status === 'not_found') {
      await this.deadLetter(
        'REQUEST_UNKNOWN',
        [`no inspection request ${response.requestId} addressed to ${response.exportCountry}`],
        Buffer.from(JSON.stringify(response)),
        meta,
      );
      return;
    }
    if (outcome.status === 'invalid') {
      await this.deadLetter(outcome.code, [outcome.message], Buffer.from(JSON.stringify(response)), meta);
      return;
    }
    if (outcome.status === 'duplicate') this.options.logger.info({ requestId: response.requestId, type: response.type, attempt: meta.attempt }, 'duplicate inspection response ignored');
    if (outcome.status === 'withdrawn') this.options.logger.info({ requestId: response.requestId, type: response.type }, 'acknowledgement of a withdrawn inspection request ignored');
    this.options.onApplied?.(response, outcome, meta);
  }

  private async deadLetter(reason: string, issues: readonly string[], value: Buffer | null | undefined, meta: { topic: string; partition: number; offset: number; key?: string | null }): Promise<void> {
    const payload = value === null || value === undefined ? '' : value.toString('utf8').slice(0, MAX_DEAD_LETTER_PAYLOAD);
    await this.options.publisher.publish('deadLetters', {
      schemaVersion: 1,
      sourceTopic: meta.topic,
      partition: meta.partition,
      offset: meta.offset,
      ...(meta.key === null || meta.key === undefined ? {} : { key: meta.key }),
      reason,
      issues: [...issues],
      payload,
      deadLetteredAt: new Date().toISOString(),
    });
    this.options.logger.warn({ reason, issues, topic: meta.topic, partition: meta.partition, offset: meta.offset }, 'inspection response sent to the dead-letter topic');
    this.options.onDeadLetter?.(reason, meta);
  }
}
