/**
 * Against the real broker started by infra/with-servers.sh (Apache Kafka, KRaft, 3 partitions per
 * topic). Topic names are fixed by the catalog and shared with earlier runs, so every test uses a
 * fresh consumer group, reads from the beginning and looks only at the messages it published
 * (matched by this run's id in consignmentId).
 */
import { randomUUID } from 'node:crypto';
import Kafka from 'node-rdkafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkKafka, ensureTopics } from './admin.js';
import { KafkaSubscriber, type MessageMeta } from './consumer.js';
import { KafkaDeliveryError, KafkaMessageInvalidError, KafkaUnavailableError } from './errors.js';
import type { KafkaLogger } from './logger.js';
import { KafkaPublisher, type DeliveryResult } from './producer.js';
import { TOPICS, type InspectionRequest } from './topics.js';

function testBrokers(): string {
  const value = process.env['TEST_KAFKA_BROKERS'];
  if (value === undefined || value === '') {
    throw new Error(
      'TEST_KAFKA_BROKERS is not set. These tests need the real broker: run them through ' +
        '`bash infra/with-servers.sh npx vitest run` (or `npm test` at the repo root).',
    );
  }
  return value;
}

const brokers = testBrokers();
const runId = randomUUID().slice(0, 8);
let sequence = 0;

function makeRequest(exportCountry: string, tag: string): InspectionRequest {
  const n = ++sequence;
  return {
    schemaVersion: 1,
    requestId: randomUUID(),
    mrn: `26NL${String(n).padStart(13, '0')}A`,
    consignmentId: `${runId}:${tag}:${exportCountry}:${n}`,
    transportDocumentNumber: `BL-${runId}-${n}`,
    containerNumbers: ['MSKU1234565'],
    exportCountry,
    requestingCountry: 'NL',
    placeOfLoading: `${exportCountry}ABC`,
    deadline: '2026-11-30T00:00:00Z',
    reasons: [{ code: 'R-TEST', text: 'integration test' }],
    requestedMethods: ['xray'],
    issuedAt: new Date().toISOString(),
  };
}

function collectingLogger() {
  const warnings: { obj: Record<string, unknown>; msg: string | undefined }[] = [];
  const logger: KafkaLogger = {
    debug: () => {},
    info: () => {},
    warn: (obj, msg) => warnings.push({ obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg) => warnings.push({ obj: obj as Record<string, unknown>, msg }),
  };
  return { logger, warnings };
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 45_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const mine = (tag: string) => (m: InspectionRequest) => m.consignmentId.startsWith(`${runId}:${tag}:`);

describe('Kafka port against a real broker', () => {
  const { logger: publisherLogger } = collectingLogger();
  const publisher = new KafkaPublisher({ brokers, clientId: `test-${runId}`, logger: publisherLogger });

  beforeAll(async () => {
    await ensureTopics(brokers);
    await publisher.start();
  });
  afterAll(async () => {
    await publisher.stop();
  });

  it('answers a readiness check, and reports a closed port as unavailable within the timeout', async () => {
    await checkKafka(brokers, 5_000);
    const started = Date.now();
    await expect(checkKafka('127.0.0.1:1', 1_500)).rejects.toBeInstanceOf(KafkaUnavailableError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('creates catalog topics idempotently', async () => {
    // Created by beforeAll (or an earlier run): a second call creates nothing and does not fail.
    expect(await ensureTopics(brokers)).toEqual([]);
  });

  it('refuses to publish before start and fails start against a closed port', async () => {
    const idle = new KafkaPublisher({ brokers, clientId: 'idle', logger: collectingLogger().logger });
    await expect(idle.publish('inspectionRequests', makeRequest('CN', 'idle'))).rejects.toBeInstanceOf(KafkaUnavailableError);
    await idle.stop(); // a stop without start is a no-op, not a throw
    const nowhere = new KafkaPublisher({ brokers: '127.0.0.1:1', clientId: 'nowhere', connectTimeoutMs: 1_500, logger: collectingLogger().logger });
    await expect(nowhere.start()).rejects.toBeInstanceOf(KafkaUnavailableError);
    await nowhere.stop();
  });

  // Checked by the ordering test below: its subscriber reads partition CN past where these would be.
  it('rejects a batch holding an invalid message before sending any of it', async () => {
    const good = makeRequest('CN', 'invalid-batch');
    const bad = { ...makeRequest('CN', 'invalid-batch'), exportCountry: 'CHN' };
    await expect(publisher.publishBatch('inspectionRequests', [good, bad])).rejects.toBeInstanceOf(KafkaMessageInvalidError);
  });

  it('delivers every message, acknowledged with partition and offset, in order per export country', async () => {
    const countries = ['CN', 'US', 'BR', 'IN', 'ZA', 'VN'];
    const sent: InspectionRequest[] = [];
    for (let i = 0; i < 10; i++) for (const c of countries) sent.push(makeRequest(c, 'order'));
    // Publish each country's messages sequentially but the countries concurrently, as the relay does.
    const reports = new Map<string, DeliveryResult>();
    await Promise.all(
      countries.map(async (c) => {
        for (const m of sent.filter((s) => s.exportCountry === c)) reports.set(m.requestId, await publisher.publish('inspectionRequests', m));
      }),
    );
    // One country, one partition; offsets grow in publish order.
    for (const c of countries) {
      const ofCountry = sent.filter((s) => s.exportCountry === c).map((s) => reports.get(s.requestId)!);
      expect(new Set(ofCountry.map((r) => r.partition)).size).toBe(1);
      const offsets = ofCountry.map((r) => r.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      expect(ofCountry[0]!.topic).toBe(TOPICS.inspectionRequests.name);
    }

    const received: { message: InspectionRequest; meta: MessageMeta }[] = [];
    const leakedFromInvalidBatch: string[] = [];
    const subscriber = new KafkaSubscriber({
      brokers,
      groupId: `test-order-${randomUUID()}`,
      topics: ['inspectionRequests'],
      logger: collectingLogger().logger,
      handle: async (_topic, message, meta) => {
        if (mine('order')(message)) received.push({ message, meta });
        if (mine('invalid-batch')(message)) leakedFromInvalidBatch.push(message.requestId);
      },
    });
    await subscriber.start();
    try {
      await waitFor(`${sent.length} messages`, () => received.length >= sent.length);
    } finally {
      await subscriber.stop();
    }
    expect(received.map((r) => r.message.requestId).sort()).toEqual(sent.map((s) => s.requestId).sort());
    expect(leakedFromInvalidBatch).toEqual([]);
    for (const c of countries) {
      const inOrderSent = sent.filter((s) => s.exportCountry === c).map((s) => s.requestId);
      const inOrderReceived = received.filter((r) => r.message.exportCountry === c).map((r) => r.message.requestId);
      expect(inOrderReceived).toEqual(inOrderSent);
    }
    expect(received.every((r) => r.meta.key === r.message.exportCountry && r.meta.attempt === 1)).toBe(true);
    expect(received.every((r) => reports.get(r.message.requestId)?.offset === r.meta.offset)).toBe(true);
  });

  it('redelivers a message whose handler threw, before anything behind it, and commits only after success', async () => {
    const sent = [makeRequest('KE', 'retry'), makeRequest('KE', 'retry'), makeRequest('KE', 'retry')];
    await publisher.publishBatch('inspectionRequests', sent);
    const failOnce = sent[1]!.requestId;
    const handled: { requestId: string; attempt: number }[] = [];
    let thrown = 0;
    const groupId = `test-retry-${randomUUID()}`;
    const { logger, warnings } = collectingLogger();
    const subscriber = new KafkaSubscriber({
      brokers,
      groupId,
      topics: ['inspectionRequests'],
      logger,
      retryInitialMs: 100,
      handle: async (_topic, message, meta) => {
        if (!mine('retry')(message)) return;
        if (message.requestId === failOnce && thrown === 0) {
          thrown++;
          throw new Error('database briefly unavailable');
        }
        handled.push({ requestId: message.requestId, attempt: meta.attempt });
      },
    });
    await subscriber.start();
    try {
      await waitFor('all three handled', () => handled.length >= 3);
    } finally {
      await subscriber.stop();
    }
    expect(thrown).toBe(1);
    expect(handled).toEqual([
      { requestId: sent[0]!.requestId, attempt: 1 },
      { requestId: failOnce, attempt: 2 },
      { requestId: sent[2]!.requestId, attempt: 1 },
    ]);
    expect(warnings.some((w) => w.msg?.includes('handler failed'))).toBe(true);

    // Everything was committed: the same group, restarted, gets none of them again.
    const again: string[] = [];
    const probe = new KafkaSubscriber({
      brokers,
      groupId,
      topics: ['inspectionRequests'],
      logger: collectingLogger().logger,
      handle: async (_topic, message) => {
        if (mine('retry')(message)) again.push(message.requestId);
      },
    });
    const marker = makeRequest('KE', 'retry');
    await probe.start();
    try {
      // A message published now must arrive; if the old ones were not committed they come first.
      await publisher.publish('inspectionRequests', marker);
      await waitFor('the marker', () => again.includes(marker.requestId));
    } finally {
      await probe.stop();
    }
    expect(again).toEqual([marker.requestId]);
  });

  it('does not commit a message whose handler never succeeded: the next member of the group gets it', async () => {
    const poison = makeRequest('MX', 'uncommitted');
    await publisher.publish('inspectionRequests', poison);
    const groupId = `test-uncommitted-${randomUUID()}`;
    let attempts = 0;
    const failing = new KafkaSubscriber({
      brokers,
      groupId,
      topics: ['inspectionRequests'],
      logger: collectingLogger().logger,
      retryInitialMs: 50,
      handle: async (_topic, message) => {
        if (message.requestId !== poison.requestId) return;
        attempts++;
        throw new Error('always fails');
      },
    });
    await failing.start();
    try {
      await waitFor('two failed attempts', () => attempts >= 2);
    } finally {
      await failing.stop();
    }

    const delivered: MessageMeta[] = [];
    const next = new KafkaSubscriber({
      brokers,
      groupId,
      topics: ['inspectionRequests'],
      logger: collectingLogger().logger,
      handle: async (_topic, message, meta) => {
        if (message.requestId === poison.requestId) delivered.push(meta);
      },
    });
    await next.start();
    try {
      await waitFor('the uncommitted message', () => delivered.length >= 1);
    } finally {
      await next.stop();
    }
    expect(delivered[0]!.attempt).toBe(1);
  });

  it('skips and commits an invalid payload, logs its offset, and keeps consuming', async () => {
    // Raw bytes straight onto the catalog topic, as a misbehaving partner could send them.
    // Same partitioner as KafkaPublisher, so the garbage and the valid message after it share a
    // partition and the valid one can only be consumed after the garbage was dealt with.
    const raw = new Kafka.Producer({ 'bootstrap.servers': brokers, dr_cb: true }, { partitioner: 'murmur2_random' });
    await new Promise<void>((resolve, reject) => raw.connect({}, (error) => (error ? reject(error) : resolve())));
    raw.setPollInterval(20);
    const rawOffset = await new Promise<number>((resolve, reject) => {
      raw.on('delivery-report', (error, report) => (error ? reject(error) : resolve(report.offset)));
      raw.produce(TOPICS.inspectionRequests.name, null, Buffer.from(`{"schemaVersion":1,"mrn":"${runId}-garbage"`), 'ZW');
    });
    await new Promise<void>((resolve) => raw.disconnect(() => resolve()));
    const after = makeRequest('ZW', 'invalid');
    await publisher.publish('inspectionRequests', after);

    const groupId = `test-invalid-${randomUUID()}`;
    const { logger, warnings } = collectingLogger();
    const received: InspectionRequest[] = [];
    const subscriber = new KafkaSubscriber({
      brokers,
      groupId,
      topics: ['inspectionRequests'],
      logger,
      handle: async (_topic, message) => {
        if (mine('invalid')(message)) received.push(message);
      },
    });
    await subscriber.start();
    try {
      await waitFor('the valid message after the invalid one', () => received.length >= 1);
    } finally {
      await subscriber.stop();
    }
    expect(received.map((m) => m.requestId)).toEqual([after.requestId]);
    const skipped = warnings.find((w) => w.msg?.startsWith('invalid kafka message skipped') && w.obj['offset'] === rawOffset);
    expect(skipped, JSON.stringify(warnings)).toBeDefined();
    expect(skipped!.obj['topic']).toBe(TOPICS.inspectionRequests.name);
    expect(String(skipped!.obj['issues'])).toMatch(/not JSON/);
  });

  it('fails the publish of a message larger than the broker accepts with a delivery error', async () => {
    const huge = makeRequest('CN', 'huge');
    huge.reasons = Array.from({ length: 1_500 }, (_, i) => ({ code: `R-${i}`, text: 'x'.repeat(1_000) }));
    await expect(publisher.publish('inspectionRequests', huge)).rejects.toBeInstanceOf(KafkaDeliveryError);
    // The publisher stays usable.
    await expect(publisher.publish('inspectionRequests', makeRequest('CN', 'huge'))).resolves.toMatchObject({ topic: TOPICS.inspectionRequests.name });
  });
});
