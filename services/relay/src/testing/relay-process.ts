/**
 * A relay in its own process, so a test can kill it with SIGKILL in the middle of a batch.
 * Prints "delivered <requestId>" per broker-acknowledged message and "batch-done" after the
 * batch was marked sent. Settings: DATABASE_URL and KAFKA_BROKERS (read by loadConfig); the lease in
 * seconds is the first argument.
 */
import { loadConfig } from '@safe-screen/config';
import { openDatabase } from '@safe-screen/db';
import { KafkaPublisher, type TopicKey, type TopicMessage } from '@safe-screen/kafka';
import { pino } from 'pino';
import { OutboxRelay } from '../outbox-relay.js';

const config = loadConfig();
if (config.kafka === undefined) throw new Error('KAFKA_BROKERS is not set');
const database = openDatabase(config.database);
const publisher = new KafkaPublisher({ brokers: config.kafka.brokers, clientId: 'relay-process' });
await publisher.start();
// Messages are handed to the producer 20 ms apart, so a kill after the first deliveries lands
// in the middle of the batch rather than after it.
let turn: Promise<void> = Promise.resolve();
const nextTurn = (): Promise<void> => {
  const mine = turn.then(() => new Promise<void>((r) => setTimeout(r, 20)));
  turn = mine;
  return mine;
};
const relay = new OutboxRelay({
  database,
  publisher: {
    publish: async <K extends TopicKey>(topic: K, message: TopicMessage<K>) => {
      await nextTurn();
      const result = await publisher.publish(topic, message);
      process.stdout.write(`delivered ${String((message as { requestId?: string }).requestId)}\n`);
      return result;
    },
  },
  logger: pino({ level: 'silent' }),
  pollMs: 50,
  leaseSeconds: Number(process.argv[2]),
  onPublished: () => process.stdout.write('batch-done\n'),
});
relay.start();

// Never outlive the test that started this process.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 1000).unref();
