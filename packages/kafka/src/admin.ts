/**
 * Topic provisioning and a readiness check.
 *
 * ensureTopics creates the catalog topics that are missing, so a fresh cluster (or one with
 * auto-creation disabled, as production clusters usually are) has them with the intended partition
 * count before the first publish or subscribe. Existing topics are left exactly as they are.
 */
import Kafka from 'node-rdkafka';
import type { LibrdKafkaError } from 'node-rdkafka';
import { KafkaUnavailableError } from './errors.js';
import { TOPIC_KEYS, TOPICS } from './topics.js';

export interface EnsureTopicsOptions {
  /** Partitions for topics that are created. Default 3. */
  partitions?: number;
  /** Replication factor for created topics; -1 = the broker's default.replication.factor. Default -1. */
  replicationFactor?: number;
  /** ms per create request. Default 10 000. */
  timeoutMs?: number;
}

/**
 * Creates every catalog topic that does not exist yet. Returns the names it created.
 * Throws KafkaUnavailableError when the brokers cannot be reached.
 */
export async function ensureTopics(brokers: string, partitions: number | EnsureTopicsOptions = {}): Promise<string[]> {
  const options: EnsureTopicsOptions = typeof partitions === 'number' ? { partitions } : partitions;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const admin = Kafka.AdminClient.create({
    'bootstrap.servers': brokers,
    'client.id': 'safe-screen-admin',
    'socket.connection.setup.timeout.ms': Math.min(timeoutMs, 10_000),
  });
  const created: string[] = [];
  try {
    for (const key of TOPIC_KEYS) {
      const name = TOPICS[key].name;
      const error = await new Promise<LibrdKafkaError | undefined>((resolve) => {
        admin.createTopic(
          { topic: name, num_partitions: options.partitions ?? 3, replication_factor: options.replicationFactor ?? -1 },
          timeoutMs,
          (err) => resolve(err ?? undefined),
        );
      });
      if (error === undefined) created.push(name);
      else if (error.code !== Kafka.CODES.ERRORS.ERR_TOPIC_ALREADY_EXISTS) {
        throw new KafkaUnavailableError(`cannot create topic ${name} on ${brokers}: ${error.message}`, { cause: error });
      }
    }
  } finally {
    admin.disconnect();
  }
  return created;
}

/**
 * Readiness: resolves when a broker answers a metadata request within timeoutMs, otherwise throws
 * KafkaUnavailableError. A TCP connect is not enough: a broker accepts connections before it can
 * serve clients.
 */
export async function checkKafka(brokers: string, timeoutMs: number): Promise<void> {
  const client = new Kafka.Producer({
    'bootstrap.servers': brokers,
    'client.id': 'safe-screen-readiness',
    'socket.connection.setup.timeout.ms': Math.max(1_000, timeoutMs),
    // A dead broker should not be retried quietly in the background after we gave up.
    'reconnect.backoff.max.ms': 1_000,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      client.connect({ timeout: timeoutMs, allTopics: false }, (error, metadata) => {
        if (error) reject(new KafkaUnavailableError(`Kafka at ${brokers} did not answer within ${timeoutMs} ms: ${error.message}`, { cause: error }));
        else if (metadata.brokers.length === 0) reject(new KafkaUnavailableError(`Kafka at ${brokers} reported no brokers`));
        else resolve();
      });
    });
  } finally {
    // disconnect() on a client that never connected throws synchronously (node-rdkafka).
    if (client.isConnected()) {
      await new Promise<void>((resolve) => client.disconnect(1_000, () => resolve()));
    }
  }
}
