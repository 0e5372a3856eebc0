/**
 * KafkaPublisher: publishes catalog messages and resolves each publish only when the broker's
 * delivery report for *that* message has arrived.
 *
 * Delivery guarantees: idempotent producer (`enable.idempotence`, which implies acks=all and
 * bounded in-flight requests), so librdkafka's internal retries never duplicate or reorder a
 * message within a partition. A publish that resolved is durably in the log of every in-sync
 * replica; a publish that rejected may still have been written (e.g. the report timed out after the
 * broker wrote it), so callers retry and consumers deduplicate by message id (at-least-once).
 *
 * Correlation: librdkafka reports deliveries asynchronously and in batches. Each produce carries a
 * numeric `opaque`; the delivery-report handler looks the pending promise up by it.
 *
 * Reports are only emitted when the producer is polled, hence the poll interval: it bounds the
 * extra latency of a publish (20 ms by default), and polling an idle producer costs next to nothing.
 *
 * Partitioning: `murmur2_random`, the Java client's partitioner, so a key lands on the same
 * partition whichever client (this one or a JVM partner) produces it.
 */
import Kafka from 'node-rdkafka';
import type { DeliveryReport, LibrdKafkaError, MessageHeader, Producer } from 'node-rdkafka';
import { KafkaDeliveryError, KafkaUnavailableError } from './errors.js';
import { stderrLogger, type KafkaLogger } from './logger.js';
import { encodeMessage, type EncodedMessage, type TopicKey, type TopicMessage } from './topics.js';

export interface KafkaPublisherOptions {
  /** Comma-separated host:port list. */
  brokers: string;
  clientId: string;
  logger?: KafkaLogger;
  /** ms: how long start() waits for the first metadata answer. Default 10 000. */
  connectTimeoutMs?: number;
  /** ms: how long librdkafka keeps retrying one message before its report says failed. Default 30 000. */
  deliveryTimeoutMs?: number;
  /** ms: poll interval that drives delivery reports. Default 20. */
  pollIntervalMs?: number;
  /** ms: how long stop() waits for outstanding messages to be delivered. Default 10 000. */
  flushTimeoutMs?: number;
}

export interface DeliveryResult {
  topic: string;
  partition: number;
  offset: number;
}

interface Pending {
  topic: string;
  resolve: (result: DeliveryResult) => void;
  reject: (error: Error) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class KafkaPublisher {
  private producer: Producer | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextOpaque = 1;
  private fatal: Error | undefined;
  private readonly logger: KafkaLogger;

  constructor(private readonly options: KafkaPublisherOptions) {
    this.logger = options.logger ?? stderrLogger;
  }

  /** Connects and fetches metadata; throws KafkaUnavailableError when the brokers do not answer. */
  async start(): Promise<void> {
    if (this.producer !== undefined) return;
    const { brokers, clientId } = this.options;
    const producer = new Kafka.Producer(
      {
        'bootstrap.servers': brokers,
        'client.id': clientId,
        'enable.idempotence': true,
        dr_cb: true,
        'linger.ms': 5,
        'socket.keepalive.enable': true,
      },
      {
        acks: -1,
        'delivery.timeout.ms': this.options.deliveryTimeoutMs ?? 30_000,
        partitioner: 'murmur2_random',
      },
    );
    producer.on('delivery-report', (error, report) => this.onDeliveryReport(error, report));
    producer.on('event.error', (error) => {
      // A fatal error (e.g. the idempotent producer lost its sequence state) poisons the instance:
      // every later message would fail too. Fail what is pending and refuse new publishes, so
      // the owner notices and restarts instead of silently queueing.
      if (error.isFatal === true) {
        this.fatal = new KafkaUnavailableError(`fatal producer error: ${error.message}`, { cause: error });
        this.failPending(this.fatal);
        this.logger.error({ err: error, code: error.code }, 'kafka producer fatal error');
      } else {
        // Transient (broker down, transport failure): librdkafka reconnects and retries by itself.
        this.logger.warn({ err: error, code: error.code }, 'kafka producer error');
      }
    });

    await new Promise<void>((resolve, reject) => {
      producer.connect({ timeout: this.options.connectTimeoutMs ?? 10_000, allTopics: false }, (error) => {
        if (error) reject(new KafkaUnavailableError(`cannot reach Kafka at ${brokers}: ${error.message}`, { cause: error }));
        else resolve();
      });
    });
    producer.setPollInterval(this.options.pollIntervalMs ?? 20);
    this.producer = producer;
    this.fatal = undefined;
    this.logger.info({ brokers, clientId }, 'kafka publisher started');
  }

  /**
   * Flushes outstanding messages, then disconnects. Publishes still unacknowledged after the flush
   * timeout are rejected with KafkaDeliveryError.
   */
  async stop(): Promise<void> {
    const producer = this.producer;
    if (producer === undefined) return;
    this.producer = undefined; // new publishes fail from here on
    // disconnect()/flush() on a producer that is not connected throw synchronously.
    if (producer.isConnected()) {
      const flushTimeoutMs = this.options.flushTimeoutMs ?? 10_000;
      await new Promise<void>((resolve) => {
        producer.flush(flushTimeoutMs, (error) => {
          if (error) this.logger.warn({ err: error }, 'kafka flush did not complete');
          resolve();
        });
      });
      // Reports produced by the flush reach JS through an async hop; give them a moment.
      for (let i = 0; i < 50 && this.pending.size > 0; i++) {
        producer.poll();
        await sleep(20);
      }
    }
    producer.setPollInterval(0);
    this.failPending(new KafkaDeliveryError('(all)', 'publisher stopped before the broker acknowledged the message'));
    if (producer.isConnected()) {
      await new Promise<void>((resolve) => {
        producer.disconnect(5_000, (error: unknown) => {
          if (error) this.logger.warn({ err: error }, 'kafka producer disconnect reported an error');
          resolve();
        });
      });
    }
    this.logger.info({}, 'kafka publisher stopped');
  }

  /**
   * Validates, serialises and sends one message; resolves with its partition and offset once the
   * broker has acknowledged it. Rejects with KafkaMessageInvalidError (nothing sent),
   * KafkaUnavailableError (not started) or KafkaDeliveryError.
   */
  async publish<K extends TopicKey>(topicKey: K, message: TopicMessage<K>): Promise<DeliveryResult> {
    return this.send(encodeMessage(topicKey, message));
  }

  /**
   * Publishes several messages of one topic. All are validated before any is sent; all deliveries
   * are awaited; the first failure (if any) is thrown after every report has arrived, so the caller
   * never retries while some of the batch is still in flight. Results are in input order.
   */
  async publishBatch<K extends TopicKey>(topicKey: K, messages: readonly TopicMessage<K>[]): Promise<DeliveryResult[]> {
    const encoded = messages.map((m) => encodeMessage(topicKey, m));
    const settled = await Promise.allSettled(encoded.map((e) => this.send(e)));
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<DeliveryResult>).value);
  }

  private async send(encoded: EncodedMessage): Promise<DeliveryResult> {
    const producer = this.producer;
    if (this.fatal !== undefined) throw this.fatal;
    if (producer === undefined) throw new KafkaUnavailableError('publisher is not started');
    const headers: MessageHeader[] = [
      { 'content-type': 'application/json' },
      { 'schema-version': String(encoded.schemaVersion) },
    ];
    const opaque = this.nextOpaque++;
    const delivered = new Promise<DeliveryResult>((resolve, reject) => {
      this.pending.set(opaque, { topic: encoded.topic, resolve, reject });
    });
    // The local queue can be full under a burst or while the broker is away; librdkafka then
    // refuses synchronously. Wait for it to drain rather than fail, up to the delivery timeout.
    const giveUpAt = Date.now() + (this.options.deliveryTimeoutMs ?? 30_000);
    for (;;) {
      try {
        producer.produce(encoded.topic, null, encoded.value, encoded.key, Date.now(), opaque, headers);
        break;
      } catch (error) {
        const code = (error as LibrdKafkaError).code;
        if (code === Kafka.CODES.ERRORS.ERR__QUEUE_FULL && Date.now() < giveUpAt) {
          producer.poll();
          await sleep(50);
          continue;
        }
        this.pending.delete(opaque);
        throw new KafkaDeliveryError(encoded.topic, (error as Error).message, { cause: error });
      }
    }
    return delivered;
  }

  private onDeliveryReport(error: LibrdKafkaError | null | undefined, report: DeliveryReport): void {
    const opaque = report.opaque as number | undefined;
    const entry = opaque === undefined ? undefined : this.pending.get(opaque);
    if (entry === undefined || opaque === undefined) return;
    this.pending.delete(opaque);
    if (error) entry.reject(new KafkaDeliveryError(entry.topic, error.message, { cause: error }));
    else entry.resolve({ topic: report.topic, partition: report.partition, offset: report.offset });
  }

  private failPending(error: Error): void {
    for (const [opaque, entry] of this.pending) {
      this.pending.delete(opaque);
      entry.reject(error);
    }
  }
}
