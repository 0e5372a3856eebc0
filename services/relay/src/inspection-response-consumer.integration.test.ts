/**
 * Export customs' answers over a real broker (the test's own) into the real PostgreSQL: results
 * update the hold, a crash between the database update and the offset commit redelivers without a
 * second effect, and malformed or unknown messages go to the dead-letter topic while consumption
 * goes on.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { findFilingByMrn, findInspectionRequest, listInspectionAudit, listNotificationsForFiling, openDatabase, type Database } from '@safe-screen/db';
import { ensureTopics, KafkaPublisher, KafkaSubscriber, type DeadLetter, type EncodedMessage, type InspectionResponse } from '@safe-screen/kafka';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import { InspectionResponseConsumer } from './inspection-response-consumer.js';
import { createPrivateBroker, type PrivateBroker } from './testing/private-broker.js';
import { createFiler, seedInspectionRequests } from './testing/seed-inspections.js';

const logger = pino({ level: 'silent' });
let testDb: TestDatabase;
let database: Database;
let broker: PrivateBroker;
let publisher: KafkaPublisher;

beforeAll(async () => {
  testDb = await createTestDatabase('relay_responses');
  database = openDatabase({ kind: 'postgres', url: testDb.url, poolSize: 5 });
  await database.migrate();
  broker = createPrivateBroker(29_192);
  await broker.start();
  await ensureTopics(broker.brokers, 3);
  publisher = new KafkaPublisher({ brokers: broker.brokers, clientId: 'export-customs-test', logger });
  await publisher.start();
}, 120_000);

afterAll(async () => {
  await publisher?.stop();
  await broker?.destroy();
  await database?.close();
  await testDb?.drop();
}, 60_000);

const now = () => new Date().toISOString();
const result = (requestId: string, outcome: 'no_anomaly' | 'seized', exportCountry = 'CN'): InspectionResponse => ({
  schemaVersion: 1, type: 'result', requestId, exportCountry, outcome, inspectedAt: now(), reportedAt: now(),
});

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('inspection response consumer', () => {
  it('applies results, survives a crash before the offset commit without a second effect, and dead-letters what it cannot apply', async () => {
    const filerId = await createFiler(database);
    const seeded = await seedInspectionRequests(database, { filerId, countries: ['CN', 'CN'] });
    const [seizedReq, cleanReq] = seeded.requests as [(typeof seeded.requests)[0], (typeof seeded.requests)[0]];

    const deadLetters: DeadLetter[] = [];
    const deadLetterReader = new KafkaSubscriber({
      brokers: broker.brokers, groupId: `ops-${randomUUID()}`, topics: ['deadLetters'], logger,
      handle: async (_topic, message) => { deadLetters.push(message); },
    });
    await deadLetterReader.start();

    const applied: { requestId: string; type: string; status: string; attempt: number }[] = [];
    let crashed = false;
    const consumer = new InspectionResponseConsumer({
      database, brokers: broker.brokers, clientId: 'relay-test', groupId: `responses-${randomUUID()}`, logger, publisher, retryInitialMs: 100,
      onApplied: (response, outcome, meta) => {
        applied.push({ requestId: response.requestId, type: response.type, status: outcome.status, attempt: meta.attempt });
        // The process dies after the database committed, before the offset did.
        if (response.requestId === seizedReq.requestId && response.type === 'result' && !crashed) {
          crashed = true;
          throw new Error('simulated crash before the offset commit');
        }
      },
    });
    await consumer.start();

    await publisher.publish('inspectionResponses', { schemaVersion: 1, type: 'acknowledged', requestId: seizedReq.requestId, exportCountry: 'CN', acknowledgedAt: now() });
    await publisher.publish('inspectionResponses', result(seizedReq.requestId, 'seized'));
    // Malformed: not JSON. Produced around the catalog on purpose (a partner's bug we must survive).
    const raw: EncodedMessage = { topic: 'safe-screen.inspection-responses.v1', key: 'CN', value: Buffer.from('{"type":"result", oops'), schemaVersion: 1 };
    await (publisher as unknown as { send(m: EncodedMessage): Promise<unknown> }).send(raw);
    // Well-formed, but no such request for China.
    const unknownId = randomUUID();
    await publisher.publish('inspectionResponses', result(unknownId, 'no_anomaly'));
    // And consumption goes on behind them.
    await publisher.publish('inspectionResponses', result(cleanReq.requestId, 'no_anomaly'));

    await until(() => applied.some((a) => a.requestId === cleanReq.requestId), 'the result behind the bad messages');
    await until(() => deadLetters.length >= 2, 'two dead letters');
    await consumer.stop();
    await deadLetterReader.stop();

    // The seizure was delivered twice (crash, then redelivery) and applied once.
    expect(applied.filter((a) => a.requestId === seizedReq.requestId && a.type === 'result').map((a) => [a.status, a.attempt])).toEqual([['recorded', 1], ['duplicate', 2]]);
    const filing = await findFilingByMrn(database.db, seeded.mrn);
    const hold = (id: string) => filing?.consignments.find((c) => c.id === id)?.holdStatus;
    expect(hold(seizedReq.consignmentId)).toBe('do_not_load');
    expect(hold(cleanReq.consignmentId)).toBe('released');
    expect(await findInspectionRequest(database.db, seizedReq.requestId)).toMatchObject({ status: 'completed', result: { outcome: 'seized' } });
    const audit = await listInspectionAudit(database.db, seizedReq);
    // After the decision's own entries (the lifecycle audits the decision that asked for the inspection), each answer once.
    expect(audit.map((a) => a.action).slice(3)).toEqual(['inspection_request.acknowledged', 'inspection_request.result_recorded', 'consignment.hold_changed']);
    const notices = await listNotificationsForFiling(database.db, { mrn: seeded.mrn, filerId });
    expect(notices.map((n) => n.kind).sort()).toEqual(['assessment_complete', 'do_not_load']);

    const ours = deadLetters.filter((d) => d.payload.includes('oops') || d.payload.includes(unknownId));
    expect(ours.map((d) => d.reason).sort()).toEqual(['MESSAGE_INVALID', 'REQUEST_UNKNOWN']);
    expect(ours.find((d) => d.reason === 'MESSAGE_INVALID')).toMatchObject({ sourceTopic: 'safe-screen.inspection-responses.v1', key: 'CN' });
    expect(ours.find((d) => d.reason === 'MESSAGE_INVALID')?.issues[0]).toMatch(/not JSON/);
  }, 120_000);
});
