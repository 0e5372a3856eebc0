/**
 * KafkaSubscriber: consumes catalog topics with at-least-once processing.
 *
 * Why the non-flowing `consume(n)` loop rather than flowing mode: flowing mode pushes messages as
 * fast as they arrive, whatever the handler is doing, so the subscriber would need its own queue,
 * back-pressure and per-partition ordering on top. With `consume(n)` the loop asks for a batch only
 * when it has finished the previous one, handles messages one at a time in offset order, and
 * nothing is in memory that has not been asked for.
 *
 * Commit rule: a message's offset is committed only after `handle` resolved for it (or after it
 * was found invalid and logged: an unparsable message can never succeed, and blocking its
 * partition forever would be worse than skipping it). Auto-commit is off. One async commit per
 * message is cheap at this system's volumes (a few messages per second); if that ever changes,
 * commit the highest handled offset per partition on a timer instead.
 *
 * Failure and retry: when `handle` throws, the offset is not committed, the partition is paused and
 * rewound (`seek`) to the failed message, and resumed after an exponential backoff; the same
 * message is then delivered again. Messages after it in the same partition that were already
 * fetched are dropped locally (they are fetched again after the rewind), so per-partition order
 * holds: nothing behind a failing message is handled before it. Other partitions keep flowing,
 * and the loop keeps polling, so the consumer never exceeds max.poll.interval.ms and stays in its
 * group while one partition backs off.
 *
 * Rebalance: on revocation the retry state of the revoked partitions is dropped; whoever gets the
 * partition next starts from its last committed offset, i.e. at the failed message.
 *
 * Stop order: stop polling -> wait for the message being handled -> commit handled offsets
 * synchronously -> leave the group (disconnect). A message whose handler did not finish is not
 * committed and is delivered again later.
 */
import Kafka from 'node-rdkafka';
import type { KafkaConsumer, LibrdKafkaError, Message, TopicPartition, TopicPartitionOffset } from 'node-rdkafka';
import { KafkaUnavailableError } from './errors.js';
import { stderrLogger, type KafkaLogger } from './logger.js';
import { decodeMessage, TOPICS, topicKeyForName, type TopicKey, type TopicMessage } from './topics.js';

export interface MessageMeta {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  /** Broker/producer timestamp, ms since the epoch. */
  timestamp: number | undefined;
  /** 1 on first delivery to this subscriber, then 2, 3, ... while `handle` keeps failing. */
  attempt: number;
}

/**
 * Handler arguments as a union of tuples, one per subscribed topic, so a handler can narrow the
 * message type by checking the topic key:
 * `handle: async (topic, message) => { if (topic === 'inspectionResponses') message.type ... }`.
 */
export type HandlerArgs<T extends TopicKey> = {
  [K in T]: [topicKey: K, message: TopicMessage<K>, meta: MessageMeta];
}[T];

export interface InvalidMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: Buffer | null | undefined;
  issues: string[];
}

export interface KafkaSubscriberOptions<T extends TopicKey> {
  /** Comma-separated host:port list. */
  brokers: string;
  groupId: string;
  clientId?: string;
  topics: readonly T[];
  handle: (...args: HandlerArgs<T>) => Promise<void>;
  /**
   * Called for a message that fails its topic's schema, before its offset is committed (e.g. to
   * publish it to a dead-letter topic). If it throws, the message is retried like a failed handle.
   * Without it, invalid messages are logged and skipped.
   */
  onInvalid?: (invalid: InvalidMessage) => Promise<void>;
  logger?: KafkaLogger;
  /** Where a group with no committed offset starts: true = earliest (default), false = latest. */
  fromBeginning?: boolean;
  /** Messages fetched per consume call. Default 100. */
  batchSize?: number;
  /** ms: first retry delay after `handle` failed; doubles per attempt. Default 200. */
  retryInitialMs?: number;
  /** ms: upper bound of the retry delay. Default 30 000. */
  retryMaxMs?: number;
  /** ms: how long start() waits for the brokers. Default 10 000. */
  connectTimeoutMs?: number;
  /** ms: group session timeout (a crashed consumer's partitions move after this). Default 10 000. */
  sessionTimeoutMs?: number;
}

interface Rewind {
  offset: number;
  attempt: number;
  timer: NodeJS.Timeout | undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class KafkaSubscriber<T extends TopicKey> {
  private consumer: KafkaConsumer | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  /** Partitions waiting to redeliver a failed message, by topic/partition. */
  private readonly rewinds = new Map<string, Rewind>();
  /** Next offset to commit per partition (handled + 1), kept for the final synchronous commit. */
  private readonly handled = new Map<string, TopicPartitionOffset>();
  private readonly logger: KafkaLogger;

  constructor(private readonly options: KafkaSubscriberOptions<T>) {
    this.logger = options.logger ?? stderrLogger;
    if (options.topics.length === 0) throw new Error('KafkaSubscriber needs at least one topic');
  }

  async start(): Promise<void> {
    if (this.consumer !== undefined) return;
    const { brokers, groupId } = this.options;
    const consumer = new Kafka.KafkaConsumer(
      {
        'bootstrap.servers': brokers,
        'group.id': groupId,
        'client.id': this.options.clientId ?? groupId,
        'enable.auto.commit': false,
        'enable.auto.offset.store': false,
        // Subscribing to a catalog topic that does not exist yet creates it (where the broker
        // allows it) instead of waiting for the next metadata refresh to notice it.
        'allow.auto.create.topics': true,
        'session.timeout.ms': this.options.sessionTimeoutMs ?? 10_000,
        'socket.keepalive.enable': true,
        // `true`: node-rdkafka assigns/unassigns itself and emits 'rebalance' for us to observe.
        rebalance_cb: true,
        offset_commit_cb: true,
      },
      { 'auto.offset.reset': this.options.fromBeginning === false ? 'latest' : 'earliest' },
    );
    consumer.on('rebalance', (error, assignment) => this.onRebalance(error, assignment));
    consumer.on('offset.commit', (error, offsets) => {
      // An async commit that failed (rebalance in between, coordinator moved) only means the
      // message may be delivered again: at-least-once, so log and carry on.
      if (error) this.logger.warn({ err: error, offsets }, 'kafka offset commit failed');
    });
    consumer.on('event.error', (error) => this.logger.warn({ err: error, code: error.code }, 'kafka consumer error'));

    await new Promise<void>((resolve, reject) => {
      consumer.connect({ timeout: this.options.connectTimeoutMs ?? 10_000, allTopics: false }, (error) => {
        if (error) reject(new KafkaUnavailableError(`cannot reach Kafka at ${brokers}: ${error.message}`, { cause: error }));
        else resolve();
      });
    });
    // Short consume timeout: bounds how long stop() waits for an idle poll to return.
    consumer.setDefaultConsumeTimeout(250);
    consumer.subscribe(this.options.topics.map((k) => TOPICS[k].name));
    this.consumer = consumer;
    this.running = true;
    this.loop = this.run(consumer).catch((error: unknown) => {
      // Only a bug in this file gets here (handler errors are caught per message). Stop consuming
      // rather than carry on past a message whose fate is unknown; the owner sees the error.
      this.running = false;
      this.logger.error({ err: error, groupId }, 'kafka subscriber loop crashed; consumption stopped');
    });
    this.logger.info({ groupId, topics: this.options.topics }, 'kafka subscriber started');
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (consumer === undefined) return;
    this.running = false;
    await this.loop; // finishes the message being handled, fetches no more
    this.consumer = undefined;
    for (const rewind of this.rewinds.values()) clearTimeout(rewind.timer);
    this.rewinds.clear();
    if (consumer.isConnected()) {
      // The async per-message commits may still be in flight; one synchronous commit of the
      // same offsets makes sure they are stored before the group hands the partitions on.
      const offsets = [...this.handled.values()];
      if (offsets.length > 0) {
        try {
          consumer.commitSync(offsets);
        } catch (error) {
          this.logger.warn({ err: error }, 'kafka final commit failed; some messages may be delivered again');
        }
      }
      await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
    }
    this.handled.clear();
    this.logger.info({ groupId: this.options.groupId }, 'kafka subscriber stopped');
  }

  private async run(consumer: KafkaConsumer): Promise<void> {
    const batchSize = this.options.batchSize ?? 100;
    let errorDelay = 100;
    while (this.running) {
      let batch: Message[];
      try {
        batch = await new Promise<Message[]>((resolve, reject) => {
          consumer.consume(batchSize, (error, messages) => (error ? reject(error) : resolve(messages)));
        });
        errorDelay = 100;
      } catch (error) {
        // Broker unreachable and the like: librdkafka reconnects; back off so as not to spin.
        this.logger.warn({ err: error }, 'kafka consume failed; retrying');
        await sleep(errorDelay);
        errorDelay = Math.min(errorDelay * 2, 5_000);
        continue;
      }
      for (const message of batch) {
        // Unhandled messages of this batch are not committed: they come back after a restart.
        if (!this.running) break;
        await this.process(consumer, message);
      }
    }
  }

  private async process(consumer: KafkaConsumer, message: Message): Promise<void> {
    const tp = tpKey(message.topic, message.partition);
    const rewind = this.rewinds.get(tp);
    // Fetched behind a failed message before the rewind took effect: drop it, it comes again.
    if (rewind !== undefined && message.offset !== rewind.offset) return;

    const topicKey = topicKeyForName(message.topic);
    const position = { topic: message.topic, partition: message.partition, offset: message.offset };
    if (topicKey === undefined || !(this.options.topics as readonly TopicKey[]).includes(topicKey)) {
      this.logger.warn(position, 'kafka message from a topic this subscriber does not handle; skipped');
      this.commit(consumer, message);
      return;
    }
    const decoded = decodeMessage(topicKey, message.value);
    const attempt = (rewind?.attempt ?? 0) + 1;
    if (!decoded.ok) {
      if (this.options.onInvalid !== undefined) {
        const key = message.key === null || message.key === undefined ? null : message.key.toString();
        try {
          await this.options.onInvalid({ ...position, key, value: message.value, issues: decoded.issues });
        } catch (error) {
          this.scheduleRetry(consumer, message, attempt, error);
          return;
        }
      }
      this.logger.warn({ ...position, issues: decoded.issues }, 'invalid kafka message skipped (offset committed)');
      this.rewinds.delete(tp);
      this.commit(consumer, message);
      return;
    }

    const meta: MessageMeta = {
      ...position,
      key: message.key === null || message.key === undefined ? null : message.key.toString(),
      timestamp: message.timestamp,
      attempt,
    };
    try {
      await this.options.handle(...([topicKey, decoded.message, meta] as unknown as HandlerArgs<T>));
    } catch (error) {
      this.scheduleRetry(consumer, message, attempt, error);
      return;
    }
    this.rewinds.delete(tp);
    this.commit(consumer, message);
  }

  private commit(consumer: KafkaConsumer, message: Message): void {
    const next = { topic: message.topic, partition: message.partition, offset: message.offset + 1 };
    this.handled.set(tpKey(message.topic, message.partition), next);
    try {
      consumer.commit(next);
    } catch (error) {
      this.logger.warn({ err: error, ...next }, 'kafka commit failed; the message may be delivered again');
    }
  }

  private scheduleRetry(consumer: KafkaConsumer, message: Message, attempt: number, error: unknown): void {
    const tp = tpKey(message.topic, message.partition);
    const partition: TopicPartition = { topic: message.topic, partition: message.partition };
    const initial = this.options.retryInitialMs ?? 200;
    const delay = Math.min(initial * 2 ** (attempt - 1), this.options.retryMaxMs ?? 30_000);
    this.logger.warn(
      { err: error, topic: message.topic, partition: message.partition, offset: message.offset, attempt, retryInMs: delay },
      'kafka message handler failed; will retry',
    );
    const rewind: Rewind = { offset: message.offset, attempt, timer: undefined };
    this.rewinds.set(tp, rewind);
    try {
      consumer.pause([partition]);
    } catch (pauseError) {
      this.logger.warn({ err: pauseError, ...partition }, 'kafka pause failed');
    }
    const seekAndResume = () => {
      if (this.rewinds.get(tp) !== rewind || !this.running) return; // revoked or stopped meanwhile
      consumer.seek({ ...partition, offset: message.offset }, 5_000, (seekError) => {
        if (this.rewinds.get(tp) !== rewind || !this.running) return;
        if (seekError) {
          // Still paused and still rewinding: try again later rather than skip the message.
          this.logger.warn({ err: seekError, ...partition }, 'kafka seek failed; retrying');
          rewind.timer = setTimeout(seekAndResume, 1_000);
          return;
        }
        try {
          consumer.resume([partition]);
        } catch (resumeError) {
          this.logger.warn({ err: resumeError, ...partition }, 'kafka resume failed');
        }
      });
    };
    rewind.timer = setTimeout(seekAndResume, delay);
  }

  private onRebalance(error: LibrdKafkaError, assignment: TopicPartition[]): void {
    if (error.code === Kafka.CODES.ERRORS.ERR__REVOKE_PARTITIONS) {
      for (const { topic, partition } of assignment) {
        const tp = tpKey(topic, partition);
        clearTimeout(this.rewinds.get(tp)?.timer);
        this.rewinds.delete(tp);
        this.handled.delete(tp);
      }
      this.logger.info({ groupId: this.options.groupId, revoked: assignment.length }, 'kafka partitions revoked');
    } else if (error.code === Kafka.CODES.ERRORS.ERR__ASSIGN_PARTITIONS) {
      this.logger.info({ groupId: this.options.groupId, assigned: assignment.length }, 'kafka partitions assigned');
    } else {
      this.logger.warn({ err: error }, 'kafka rebalance error');
    }
  }
}
