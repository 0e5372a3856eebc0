import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyCaseTransition, findFilingByMrn, findInspectionRequest, listInspectionAudit, listInspectionOutcomes, listInspectionRequests, listNotificationsForFiling, openDatabase, type Database,
} from '@safe-screen/db';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import type { InspectionResponse } from '@safe-screen/kafka';
import { applyInspectionResponse } from './apply-inspection-response.js';
import { EscalationSweep } from './escalation-sweep.js';
import { createFiler, seedInspectionRequests } from './testing/seed-inspections.js';
import { pino } from 'pino';

let testDb: TestDatabase;
let database: Database;
let filerId: string;
const actor = { id: null, name: 'export-customs:CN' };
const officerId = randomUUID();

beforeAll(async () => {
  testDb = await createTestDatabase('relay_apply');
  database = openDatabase({ kind: 'postgres', url: testDb.url, poolSize: 5 });
  await database.migrate();
  filerId = await createFiler(database);
});

afterAll(async () => {
  await database.close();
  await testDb.drop();
});

const ack = (requestId: string, exportCountry = 'CN'): InspectionResponse => ({ schemaVersion: 1, type: 'acknowledged', requestId, exportCountry, acknowledgedAt: new Date().toISOString() });
const result = (requestId: string, outcome: 'no_anomaly' | 'anomaly_found' | 'seized' | 'not_inspected', exportCountry = 'CN'): InspectionResponse => ({
  schemaVersion: 1, type: 'result', requestId, exportCountry, outcome, inspectedAt: new Date().toISOString(), reportedAt: new Date().toISOString(),
  ...(outcome === 'not_inspected' ? { reason: 'container already loaded' } : {}),
});

async function holdOf(mrn: string, consignmentId: string): Promise<string | undefined> {
  return (await findFilingByMrn(database.db, mrn))?.consignments.find((c) => c.id === consignmentId)?.holdStatus;
}

describe('applying export customs responses', () => {
  it('acknowledges once, recognises the repeat, then a seizure makes the consignment Do Not Load with a notice, a label and an audit trail', async () => {
    const seeded = await seedInspectionRequests(database, { filerId, countries: ['CN'] });
    const request = seeded.requests[0]!;
    expect(await holdOf(seeded.mrn, request.consignmentId)).toBe('inspection_requested');

    expect(await applyInspectionResponse(database.db, ack(request.requestId), { actor })).toEqual({ status: 'acknowledged' });
    expect(await applyInspectionResponse(database.db, ack(request.requestId), { actor })).toEqual({ status: 'duplicate' });
    expect((await findInspectionRequest(database.db, request.requestId))?.status).toBe('acknowledged');

    expect(await applyInspectionResponse(database.db, result(request.requestId, 'seized'), { actor })).toEqual({ status: 'recorded', requestStatus: 'completed', holdStatus: 'do_not_load' });
    // Redelivered result: nothing changes twice.
    expect(await applyInspectionResponse(database.db, result(request.requestId, 'seized'), { actor })).toEqual({ status: 'duplicate' });

    const stored = await findInspectionRequest(database.db, request.requestId);
    expect(stored).toMatchObject({ status: 'completed', result: { outcome: 'seized' } });
    expect(await holdOf(seeded.mrn, request.consignmentId)).toBe('do_not_load');
    const notices = await listNotificationsForFiling(database.db, { mrn: seeded.mrn, filerId });
    expect(notices.map((n) => n.kind)).toEqual(['do_not_load']);
    const outcomes = await listInspectionOutcomes(database.db, request.consignmentId);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ source: 'export_customs', outcome: 'serious_finding', features: { commodityCode: '930621', loadingCountry: 'CN', mode: 'sea' } });
    const audit = await listInspectionAudit(database.db, request);
    // The decision that asked for the inspection is in the trail too (the lifecycle audits it), then the answers.
    expect(audit.map((a) => a.action)).toEqual([
      'consignment.hold_changed', 'inspection_request.created', 'assessment.decided',
      'inspection_request.acknowledged', 'inspection_request.result_recorded', 'consignment.hold_changed',
    ]);
    expect(audit[5]).toMatchObject({ details: { from: 'inspection_requested', to: 'do_not_load' } });
  });

  it('releases on no anomaly, escalates not inspected, and never lets one country answer for another', async () => {
    const seeded = await seedInspectionRequests(database, { filerId, countries: ['CN', 'CN', 'VN'] });
    const [clean, skipped, vietnam] = seeded.requests as [typeof seeded.requests[0], typeof seeded.requests[0], typeof seeded.requests[0]];

    expect(await applyInspectionResponse(database.db, result(clean.requestId, 'no_anomaly'), { actor })).toMatchObject({ status: 'recorded', holdStatus: 'released' });
    expect((await findInspectionRequest(database.db, clean.requestId))?.acknowledgedAt).not.toBeNull();

    expect(await applyInspectionResponse(database.db, result(skipped.requestId, 'not_inspected'), { actor })).toMatchObject({ status: 'recorded', requestStatus: 'escalated', holdStatus: 'held' });
    expect(await listInspectionOutcomes(database.db, skipped.consignmentId)).toEqual([]);
    const escalated = await listInspectionRequests(database.db, { status: 'escalated', mrn: seeded.mrn });
    expect(escalated.map((r) => [r.id, r.escalationReason])).toEqual([[skipped.requestId, 'not_inspected']]);

    // China answering Viet Nam's request: not found, nothing written.
    expect(await applyInspectionResponse(database.db, result(vietnam.requestId, 'no_anomaly', 'CN'), { actor })).toEqual({ status: 'not_found' });
    expect(await applyInspectionResponse(database.db, ack(vietnam.requestId, 'CN'), { actor })).toEqual({ status: 'not_found' });
    expect((await findInspectionRequest(database.db, vietnam.requestId))?.status).toBe('requested');
    expect(await holdOf(seeded.mrn, vietnam.consignmentId)).toBe('inspection_requested');

    const notices = await listNotificationsForFiling(database.db, { mrn: seeded.mrn, filerId });
    expect(notices.map((n) => n.kind)).toEqual(['assessment_complete']);
  });

  it('escalates unacknowledged requests once, whichever instance sweeps, and a late acknowledgement still counts', async () => {
    const seeded = await seedInspectionRequests(database, { filerId, countries: ['TR'] });
    const request = seeded.requests[0]!;
    const logger = pino({ level: 'silent' });
    // Zero minutes: everything created before this sweep's transaction is overdue.
    const sweeps = [1, 2, 3].map(() => new EscalationSweep({ database, logger, ackEscalationMinutes: 0, intervalMs: 60_000 }));
    const escalated = (await Promise.all(sweeps.map((s) => s.sweep()))).flat().filter((r) => r.id === request.requestId);
    expect(escalated).toHaveLength(1);
    expect(await findInspectionRequest(database.db, request.requestId)).toMatchObject({ status: 'escalated', escalationReason: 'not_acknowledged' });
    // After the decision's own entries, the escalation alone.
    expect((await listInspectionAudit(database.db, request)).map((a) => a.action).slice(3)).toEqual(['inspection_request.escalated']);

    expect(await applyInspectionResponse(database.db, ack(request.requestId, 'TR'), { actor })).toEqual({ status: 'acknowledged' });
    expect((await findInspectionRequest(database.db, request.requestId))?.status).toBe('acknowledged');
  });

  it('records a result and an officer\'s release of the same consignment at the same moment without a deadlock', async () => {
    // Both lock the consignment and the request; they must take them in the same order.
    const seeded = await seedInspectionRequests(database, { filerId, countries: Array.from({ length: 12 }, () => 'CN') });
    const release = (consignmentId: string) =>
      applyCaseTransition(database.db, {
        consignmentId, event: { kind: 'release_requested' }, actor: { kind: 'officer', id: officerId }, auditActor: { id: officerId, name: 'officer' }, reason: 'cleared',
        env: { now: new Date().toISOString(), newId: randomUUID, administrationCountry: 'GB' },
      }).catch((error: unknown) => {
        // The result may have released it first: then there is nothing left to release.
        if ((error as { code?: string }).code !== 'ACTION_NOT_ALLOWED') throw error;
      });
    const settled = await Promise.allSettled(seeded.requests.flatMap((r) => [applyInspectionResponse(database.db, result(r.requestId, 'no_anomaly'), { actor }), release(r.consignmentId)]));
    expect(settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
    for (const r of seeded.requests) {
      const request = await findInspectionRequest(database.db, r.requestId);
      // Whichever came first: a recorded result, or a withdrawal the result then completed.
      expect(request?.status).toBe('completed');
      expect(await holdOf(seeded.mrn, r.consignmentId)).toBe('released');
    }
  });
});
