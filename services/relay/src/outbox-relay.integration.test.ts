/**
 * "Nothing lost", against a real broker of the test's own (so it can be stopped) and the real
 * PostgreSQL: the broker goes away while decisions keep coming, a relay is killed mid-batch, two
 * relays share one outbox. Each test counts, on the broker, how often each request id arrived and
 * checks that every export country's requests arrived in the order they were decided.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { openDatabase, outboxBacklog, type Database } from '@safe-screen/db';
import { ensureTopics, KafkaPublisher, type InspectionRequest } from '@safe-screen/kafka';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import { OutboxRelay } from './outbox-relay.js';
import { collectRequests } from './testing/collect-requests.js';
import { createPrivateBroker, type PrivateBroker } from './testing/private-broker.js';
import { createFiler, seedInspectionRequests, type SeededRequest } from './testing/seed-inspections.js';

const COUNTRIES = ['CN', 'VN', 'TR', 'IN'];
const logger = pino({ level: 'silent' });

let testDb: TestDatabase;
let database: Database;
let broker: PrivateBroker;
let filerId: string;

beforeAll(async () => {
  testDb = await createTestDatabase('relay_faults');
  database = openDatabase({ kind: 'postgres', url: testDb.url, poolSize: 8 });
  await database.migrate();
  filerId = await createFiler(database);
  broker = createPrivateBroker(29_092);
  await broker.start();
  await ensureTopics(broker.brokers, 3);
}, 120_000);

afterAll(async () => {
  await broker?.destroy();
  await database?.close();
  await testDb?.drop();
}, 60_000);

async function seed(batches: number, perBatch: number): Promise<SeededRequest[]> {
  const all: SeededRequest[] = [];
  for (let i = 0; i < batches; i++) {
    const countries = Array.from({ length: perBatch }, (_, j) => COUNTRIES[(i + j) % COUNTRIES.length]!);
    all.push(...(await seedInspectionRequests(database, { filerId, countries })).requests);
  }
  return all;
}

/** Each country's requests, deduplicated by id, must arrive in the order they were decided. */
function expectCountryOrder(seeded: SeededRequest[], arrived: InspectionRequest[]): void {
  for (const country of COUNTRIES) {
    const decided = seeded.filter((r) => r.exportCountry === country).map((r) => r.requestId);
    const wanted = new Set(decided);
    const firstArrivals = [...new Set(arrived.filter((m) => wanted.has(m.requestId)).map((m) => m.requestId))];
    expect(firstArrivals, `order of ${country}`).toEqual(decided);
  }
}

async function startPublisher(deliveryTimeoutMs = 30_000): Promise<KafkaPublisher> {
  const publisher = new KafkaPublisher({ brokers: broker.brokers, clientId: 'relay-test', logger, deliveryTimeoutMs });
  await publisher.start();
  return publisher;
}

describe('outbox relay against a real broker', () => {
  it('keeps rows pending while the broker is down and sends every one, in order, when it is back', async () => {
    const collector = await collectRequests(broker.brokers);
    const publisher = await startPublisher(4_000);
    let failed = 0;
    const relay = new OutboxRelay({ database, publisher, logger, pollMs: 50, retryBaseMs: 200, leaseSeconds: 30, onFailed: (n) => { failed += n; } });
    relay.start();
    const seeded = await seed(5, 8);
    await collector.waitFor(seeded.map((r) => r.requestId), 30_000);

    await broker.stop();
    // Decisions keep coming while the broker is away.
    const during = await seed(10, 8);
    await new Promise((r) => setTimeout(r, 6_000));
    const backlog = await outboxBacklog(database.db);
    expect(backlog.pending).toBeGreaterThan(0);
    await broker.start();
    const after = await seed(5, 8);

    const all = [...seeded, ...during, ...after];
    await collector.waitFor(all.map((r) => r.requestId), 90_000);
    await relay.stop();
    await publisher.stop();
    await new Promise((r) => setTimeout(r, 500));
    await collector.stop();

    const counts = collector.counts();
    const twice = all.filter((r) => (counts.get(r.requestId) ?? 0) > 1);
    console.info(`[fault: broker down] ${all.length} requests, ${failed} publish failures deferred, backlog while down ${backlog.pending}, delivered twice ${twice.length}`);
    // At-least-once: a message whose delivery report timed out while the broker went down may have
    // been written anyway and is sent again, always under its own request id with the same content.
    expect(twice.length).toBeLessThanOrEqual(failed);
    for (const request of twice) {
      const copies = collector.arrived.filter((m) => m.requestId === request.requestId);
      expect(new Set(copies.map((m) => JSON.stringify(m))).size).toBe(1);
    }
    expectCountryOrder(all, collector.arrived);
    expect((await outboxBacklog(database.db)).pending).toBe(0);
  }, 240_000);

  it('re-sends what a relay killed mid-batch had not marked sent, under the same request ids', async () => {
    const collector = await collectRequests(broker.brokers);
    const seeded = await seed(10, 30);
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', fileURLToPath(new URL('./testing/relay-process.ts', import.meta.url)), '3'], {
      env: { ...process.env, DATABASE_URL: testDb.url, KAFKA_BROKERS: broker.brokers, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((r) => child.once('exit', r));
    let deliveredBeforeKill = 0;
    let batchDone = false;
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the relay process exited by itself (${String(code)})`)));
      const timer = setTimeout(() => reject(new Error('the relay process delivered nothing within 60 s')), 60_000);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) {
          if (line.startsWith('delivered ')) deliveredBeforeKill++;
          if (line === 'batch-done') batchDone = true;
        }
        if (deliveredBeforeKill >= 20 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          clearTimeout(timer);
          resolve();
        }
      });
    }).finally(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    await exited;
    expect(batchDone).toBe(false);

    const publisher = await startPublisher();
    const relay = new OutboxRelay({ database, publisher, logger, pollMs: 50 });
    relay.start();
    await collector.waitFor(seeded.map((r) => r.requestId), 60_000);
    // The rows the killed relay leased come back after its lease and are all marked sent.
    const until = Date.now() + 60_000;
    while ((await outboxBacklog(database.db)).pending > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect((await outboxBacklog(database.db)).pending).toBe(0);
    await relay.stop();
    await publisher.stop();
    await new Promise((r) => setTimeout(r, 1000));
    await collector.stop();

    const counts = collector.counts();
    const ids = seeded.map((r) => r.requestId);
    const twice = ids.filter((id) => (counts.get(id) ?? 0) > 1).length;
    console.info(`[fault: relay killed] ${ids.length} requests, ${deliveredBeforeKill} acknowledged before SIGKILL, sent again after the lease: ${twice}, never more than twice: ${ids.every((id) => (counts.get(id) ?? 0) <= 2)}`);
    expect(ids.every((id) => counts.get(id)! >= 1)).toBe(true);
    // What the killed relay had published but not marked comes again (a consumer drops it by
    // request id); nothing else does.
    expect(twice).toBeGreaterThanOrEqual(deliveredBeforeKill);
    expect(twice).toBeLessThan(ids.length);
    expect(ids.every((id) => (counts.get(id) ?? 0) <= 2)).toBe(true);
    expectCountryOrder(seeded, collector.arrived.filter((m, i, all) => all.findIndex((x) => x.requestId === m.requestId) === i));
  }, 240_000);

  it('marks a row that can never be published failed instead of blocking its country', async () => {
    const collector = await collectRequests(broker.brokers);
    const seeded = (await seedInspectionRequests(database, { filerId, countries: ['PK', 'PK', 'PK'], corruptFirst: true })).requests;
    const publisher = await startPublisher();
    const relay = new OutboxRelay({ database, publisher, logger, pollMs: 20 });
    relay.start();
    const behind = seeded.slice(1).map((r) => r.requestId);
    await collector.waitFor(behind, 30_000);
    await relay.stop();
    await publisher.stop();
    await collector.stop();
    expect(collector.arrived.some((m) => m.requestId === seeded[0]!.requestId)).toBe(false);
    expect((await outboxBacklog(database.db)).pending).toBe(0);
  }, 60_000);

  it('logs each published message under the request id of the HTTP request that caused it', async () => {
    const lines: { reqId?: string; msg: string; topic: string }[] = [];
    const capture = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
    const httpRequestId = `req-${Date.now()}`;
    const collector = await collectRequests(broker.brokers);
    const seeded = (await seedInspectionRequests(database, { filerId, countries: ['BD', 'BD', 'LK'], httpRequestId })).requests;
    const publisher = await startPublisher();
    const relay = new OutboxRelay({ database, publisher, logger: capture, pollMs: 20 });
    relay.start();
    await collector.waitFor(seeded.map((r) => r.requestId), 30_000);
    await relay.stop();
    await publisher.stop();
    await collector.stop();
    const published = lines.filter((l) => l.msg === 'outbox message published' && l.reqId === httpRequestId);
    expect(published).toHaveLength(seeded.length);
    expect(published.every((l) => l.topic === 'inspectionRequests')).toBe(true);
  }, 60_000);

  it('shares one outbox between two relays: every row once, each country in order; measures throughput', async () => {
    const collector = await collectRequests(broker.brokers);
    const seeded = await seed(40, 50);
    const publishers = [await startPublisher(), await startPublisher()];
    const relays = publishers.map((publisher) => new OutboxRelay({ database, publisher, logger, pollMs: 20, batchSize: 200 }));
    const started = performance.now();
    for (const relay of relays) relay.start();
    await collector.waitFor(seeded.map((r) => r.requestId), 120_000);
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(publishers.map((p) => p.stop()));
    await new Promise((r) => setTimeout(r, 500));
    await collector.stop();

    const counts = collector.counts();
    const twice = seeded.filter((r) => (counts.get(r.requestId) ?? 0) > 1).length;
    console.info(`[two relays] ${seeded.length} requests in ${seconds.toFixed(2)} s = ${(seeded.length / seconds).toFixed(0)} requests/s outbox-to-consumer, duplicates ${twice}`);
    expect(twice).toBe(0);
    expectCountryOrder(seeded, collector.arrived);
  }, 240_000);
});
