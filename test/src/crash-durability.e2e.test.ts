/**
 * The durability promise under kill -9: the service is killed while many filings are in flight and
 * started again with the same settings. Every filing that got an MRN is there with all its
 * consignments, its archived body and its assessment, nothing is half-stored, and the filings that
 * got no answer can be sent again: one filing per LRN (idempotent by filer, LRN and sha256).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { listFilingIntegrity, openDatabase, type Database } from '@safe-screen/db';
import { createTestDatabase, requireEnv, type TestDatabase } from '@safe-screen/testing';
import { startServiceProcess, type ServiceProcess } from './fault-harness.js';
import { seaFiling } from './sample-filings.js';

const IN_FLIGHT = 80;
/** Kill once this many registrations have been answered: the rest are queued, parsing or committing. */
const KILL_AFTER = 12;

interface Sent {
  lrn: string;
  xml: string;
  sha256: string;
  mrn?: string;
  status?: number;
  error?: string;
}

describe('kill -9 with filings in flight', () => {
  let database: TestDatabase;
  let service: ServiceProcess;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase('safe_crash');
    service = await startServiceProcess({
      DATABASE_URL: database.url,
      MIGRATE_ON_START: 'true',
      S3_BUCKET: `crash-${randomBytes(4).toString('hex')}`,
      S3_ENDPOINT: requireEnv('TEST_S3_ENDPOINT'),
      S3_ACCESS_KEY_ID: 'local',
      S3_SECRET_ACCESS_KEY: 'local-secret',
      KAFKA_BROKERS: requireEnv('TEST_KAFKA_BROKERS'),
      WORKER_THREADS: '2',
      ASSESSMENT_POLL_MS: '100',
      ADMINISTRATION_COUNTRY: 'NL',
      RATE_LIMIT_PER_MINUTE: '0',
      // A job claimed when the process died comes back after its lease: short here so the test is bounded.
      ASSESSMENT_LEASE_S: '10',
    });
    db = openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
  });
  afterAll(async () => {
    await service?.stop();
    await db?.close();
    await database?.drop();
  });

  const file = async (sent: Sent) => {
    const response = await fetch(`${service.baseUrl}/v1/filings`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${service.keys.filer}` },
      body: sent.xml,
      signal: AbortSignal.timeout(60_000),
    });
    const body = (await response.json()) as { mrn?: string };
    return { status: response.status, mrn: body.mrn };
  };

  it('keeps every filing that got an MRN, whole, and takes the others again exactly once', async () => {
    const batch: Sent[] = Array.from({ length: IN_FLIGHT }, (_, i) => {
      const lrn = `CRASH-${i}-${randomUUID().slice(0, 6)}`;
      const xml = seaFiling({ lrn, arms: i % 4 === 0, sanctioned: i % 7 === 0 });
      return { lrn, xml, sha256: createHash('sha256').update(xml).digest('hex') };
    });

    let answered = 0;
    let killed: Promise<void> | undefined;
    await Promise.all(
      batch.map(async (sent) => {
        try {
          const result = await file(sent);
          sent.status = result.status;
          if (result.mrn !== undefined && result.status < 300) sent.mrn = result.mrn;
        } catch (error) {
          sent.error = (error as Error).message;
        }
        answered++;
        if (answered === KILL_AFTER) killed = service.kill9();
      }),
    );
    await killed;
    const withMrn = batch.filter((s) => s.mrn !== undefined);
    const without = batch.filter((s) => s.mrn === undefined);
    console.log(`kill -9 after ${KILL_AFTER} answers: ${withMrn.length} with an MRN, ${without.length} without (${without.filter((s) => s.error !== undefined).length} connection errors)`);
    expect(withMrn.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(without.length).toBeGreaterThan(0);
    // Nothing but success or a dropped connection: a kill is not an error the service reports.
    expect(batch.every((s) => s.error !== undefined || s.status === 201)).toBe(true);

    await service.restart();

    // Every MRN answered before the kill is stored whole, with its body archived.
    const integrity = new Map((await listFilingIntegrity(db.db)).map((row) => [row.lrn, row]));
    for (const sent of withMrn) {
      const row = integrity.get(sent.lrn);
      expect(row?.mrn, sent.lrn).toBe(sent.mrn);
      expect(row?.sha256).toBe(sent.sha256);
    }
    // None is half-stored: whatever was committed, answered or not, has every consignment and its job.
    for (const row of integrity.values()) {
      expect(row.documentConsignments, row.lrn).toBe(3);
      expect(row.consignmentRows, row.lrn).toBe(3);
      expect(row.consignmentsWithJobs, row.lrn).toBe(3);
    }
    const committedUnanswered = without.filter((s) => integrity.has(s.lrn)).length;
    console.log(`committed but unanswered before the kill: ${committedUnanswered}`);

    // Those without an answer are sent again: one filing each, the same MRN where it was committed.
    for (const sent of without) {
      const again = await file(sent);
      expect([200, 201], sent.lrn).toContain(again.status);
      if (integrity.has(sent.lrn)) expect([again.status, again.mrn]).toEqual([200, integrity.get(sent.lrn)!.mrn]);
      sent.mrn = again.mrn;
    }
    const after = await listFilingIntegrity(db.db);
    expect(after).toHaveLength(IN_FLIGHT);
    expect(new Set(after.map((r) => r.lrn)).size).toBe(IN_FLIGHT);

    // And every one is assessed after the restart, including jobs that were claimed when the process died.
    const until = Date.now() + 90_000;
    let pending = Number.POSITIVE_INFINITY;
    while (Date.now() < until) {
      const rows = await listFilingIntegrity(db.db);
      pending = rows.reduce((n, r) => n + (r.consignmentRows - r.assessed), 0);
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(pending).toBe(0);

    // The archived body of an MRN answered before the kill is the body that was sent, byte for byte.
    const first = withMrn[0]!;
    const view = (await (await fetch(`${service.baseUrl}/v1/filings/${first.mrn}`, { headers: { authorization: `Bearer ${service.keys.officer}` } })).json()) as { consignments: { id: string }[] };
    const raw = await fetch(`${service.baseUrl}/v1/cases/${view.consignments[0]!.id}/raw`, { headers: { authorization: `Bearer ${service.keys.officer}` } });
    expect(raw.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await raw.arrayBuffer())).digest('hex')).toBe(first.sha256);
  });
});
