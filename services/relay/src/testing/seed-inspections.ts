/**
 * Test fixture: registers a filing whose consignments were each decided "outbound inspection", the
 * way the assessor stores it (decision, inspection request and outbox message in one transaction),
 * through the db repositories only. One consignment per entry of `countries` (the export country).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { claimAssessmentJobs, createPrincipal, listInspectionRequests, registerFiling, storeDecisions, tables, type Database, type DecisionWrite } from '@safe-screen/db';
import type { Assessment, Consignment, Filing } from '@safe-screen/domain';

export interface SeededRequest {
  requestId: string;
  consignmentId: string;
  exportCountry: string;
}

export interface SeededFiling {
  mrn: string;
  filerId: string;
  requests: SeededRequest[];
}

export async function createFiler(database: Database, name = `filer-${randomUUID().slice(0, 8)}`): Promise<string> {
  return (await createPrincipal(database.db, { role: 'filer', name })).id;
}

function consignment(sequence: number, country: string, documentPrefix: string): Consignment {
  return {
    sequence,
    // Bills of lading of their own per seeded filing: the same document filed again would inherit its control.
    transportDocument: { type: 'N705', number: `${documentPrefix}${sequence.toString().padStart(6, '0')}` },
    parties: [{ role: 'consignee', identifier: 'GB123456789000', name: 'Importer Ltd' }, { role: 'consignor', identifier: `${country}EXP0001`, name: 'Exporter Co' }],
    placeOfLoading: { unlocode: `${country}XXX`, country },
    routingCountries: [country, 'GB'],
    goods: [{ itemNumber: 1, description: 'Cartridges for shotguns', commodityCode: '930621', netMassKg: 900, grossMassKg: 1000, packages: [], containerNumbers: ['MSCU1234565'], originCountry: country }],
    equipment: [{ containerNumber: 'MSCU1234565', seals: ['S1'] }],
    totalGrossMassKg: 1000,
  };
}

export async function seedInspectionRequests(
  database: Database,
  input: {
    filerId: string;
    countries: string[];
    lrn?: string;
    /** Give the first outbox row a malformed request id after it is stored (a row from an older writer). */
    corruptFirst?: boolean;
    /** The HTTP request id the filing came with (tags the outbox rows for log correlation). */
    httpRequestId?: string;
  },
): Promise<SeededFiling> {
  const loadingAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const filing: Filing = {
    format: 'canonical',
    level: 'complete',
    lrn: input.lrn ?? `LRN-${randomUUID().slice(0, 12)}`,
    parties: [],
    conveyance: { mode: 'sea', identifier: '9321483', routingCountries: [...new Set(input.countries)], itinerary: [], expectedLoadingAt: loadingAt },
    consignments: input.countries.map((c, i) => consignment(i + 1, c, `BL${randomUUID().slice(0, 6).toUpperCase()}`)),
  };
  const registered = await registerFiling(database.db, {
    filerId: input.filerId,
    principalId: input.filerId,
    filing,
    sha256: randomUUID().replace(/-/g, ''),
    archiveKey: `test/${randomUUID()}`,
    size: 1,
    issues: [],
    timing: { late: false },
    receivedAt: new Date(),
    administrationCountry: 'GB',
    partyKeys: [],
  });
  const jobs = (await claimAssessmentJobs(database.db, 100_000, 60_000)).filter((j) => j.mrn === registered.mrn);
  const now = new Date().toISOString();
  const writes: DecisionWrite[] = jobs
    .sort((a, b) => a.consignment.sequence - b.consignment.sequence)
    .map((job) => {
      const assessment: Assessment = {
        score: 80, lane: 'red', outcome: 'outbound_inspection', requestedMethods: ['xray'], ruleSetVersion: 'test', assessedAt: now, summary: 'arms',
        hits: [{ source: 'rule', ruleId: 'ARMS', description: 'arms', category: 'security', weight: 80, evidence: [], shareableReason: 'Goods classified as arms or ammunition' }],
      };
      return {
        jobId: job.jobId,
        consignmentId: job.consignmentId,
        filingVersion: job.filingVersion,
        assessment,
        state: 'assessed',
        // The lifecycle writes the hold, the request and its outbox message, as for a real decision.
        lifecycle: {
          decision: { outcome: 'outbound_inspection', lane: 'red', summary: 'arms', requestedMethods: ['xray'], reasons: [{ code: 'ARMS', text: 'Goods classified as arms or ammunition' }] },
          requestId: input.httpRequestId ?? null,
          now,
          administrationCountry: 'GB',
        },
      } satisfies DecisionWrite;
    });
  await storeDecisions(database.db, writes);
  const sequenceOf = new Map(jobs.map((j) => [j.consignmentId, j.consignment.sequence]));
  const requests: SeededRequest[] = (await listInspectionRequests(database.db, { mrn: registered.mrn, limit: 1000 }))
    .map((r) => ({ requestId: r.id, consignmentId: r.consignmentId, exportCountry: r.exportCountry }))
    .sort((a, b) => (sequenceOf.get(a.consignmentId) ?? 0) - (sequenceOf.get(b.consignmentId) ?? 0));
  if (input.corruptFirst === true && requests[0] !== undefined) {
    // A row no current writer can produce (messages are validated where they are built): one left
    // by an older version, or edited by hand. The relay must mark it failed, not block its country.
    await database.db.update(tables.outbox).set({ payload: sql`jsonb_set(${tables.outbox.payload}, '{requestId}', '"not-a-uuid"')` })
      .where(sql`${tables.outbox.payload}->>'requestId' = ${requests[0].requestId}`);
  }
  return { mrn: registered.mrn, filerId: input.filerId, requests };
}
