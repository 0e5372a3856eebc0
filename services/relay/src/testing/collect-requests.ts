/**
 * Reads the inspection request topic as a partner would (its own consumer group, from the
 * beginning) and keeps what is in the log, in arrival order, so tests can count copies per request
 * id and check each export country's order. The reader itself is at-least-once (after a broker
 * restart it may read a position again), so copies are counted by log position.
 */
import { randomUUID } from 'node:crypto';
import { KafkaSubscriber, type InspectionRequest } from '@safe-screen/kafka';
import { pino } from 'pino';

export interface RequestCollector {
  /** Messages in arrival order, each once per log position (a consumer redelivery after a broker restart is not a new message). */
  readonly arrived: InspectionRequest[];
  /** Copies per request id in the broker's log (distinct partition/offset). */
  counts(): Map<string, number>;
  /** Resolves once every id has arrived at least once. */
  waitFor(ids: readonly string[], timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function collectRequests(brokers: string): Promise<RequestCollector> {
  const arrived: InspectionRequest[] = [];
  const positions = new Set<string>();
  const subscriber = new KafkaSubscriber({
    brokers,
    groupId: `test-partner-${randomUUID()}`,
    topics: ['inspectionRequests'],
    logger: pino({ level: 'silent' }),
    handle: async (_topic, message, meta) => {
      const position = `${meta.partition}/${meta.offset}`;
      if (positions.has(position)) return;
      positions.add(position);
      arrived.push(message);
    },
  });
  await subscriber.start();
  const counts = () => {
    const map = new Map<string, number>();
    for (const m of arrived) map.set(m.requestId, (map.get(m.requestId) ?? 0) + 1);
    return map;
  };
  return {
    arrived,
    counts,
    async waitFor(ids, timeoutMs) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const seen = counts();
        const missing = ids.filter((id) => !seen.has(id));
        if (missing.length === 0) return;
        if (Date.now() > until) throw new Error(`${missing.length} of ${ids.length} requests never arrived`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => subscriber.stop(),
  };
}
