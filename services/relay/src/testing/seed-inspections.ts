/**
 * Test fixture: registers a filing whose consignments were each decided "outbound inspection", the
 * way the assessor stores it (decision, inspection request and outbox message in one transaction),
 * through the db repositories only. One consignment per entry of `countries` (the export country).
 */
import { randomUUID } from 'node:crypto';
import { claimAssessmentJobs, createPrincipal, registerFiling, storeDecisions, type Database, type DecisionWrite } from '@safe-screen/db';
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

function consignment(sequence: number, country: string): Consignment {
  return {
    sequence,
    transportDocument: { type: 'N705', number: `BL${sequence.toString().padStart(6, '0')}` },
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
    /** Give the first outbox message a malformed request id (a bug upstream). */
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
    consignments: input.countries.map((c, i) => consignment(i + 1, c)),
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
  const requests: SeededRequest[] = [];
  const writes: DecisionWrite[] = jobs
    .sort((a, b) => a.consignment.sequence - b.consignment.sequence)
    .map((job) => {
      const exportCountry = job.consignment.placeOfLoading!.country!;
      const requestId = randomUUID();
      requests.push({ requestId, consignmentId: job.consignmentId, exportCountry });
      const assessment: Assessment = {
        score: 80, lane: 'red', outcome: 'outbound_inspection', requestedMethods: ['xray'], ruleSetVersion: 'test', assessedAt: now, summary: 'arms',
        hits: [{ source: 'rule', ruleId: 'ARMS', description: 'arms', category: 'security', weight: 80, evidence: [], shareableReason: 'Goods classified as arms or ammunition' }],
      };
      const reasons = [{ code: 'ARMS', text: 'Goods classified as arms or ammunition' }];
      return {
        jobId: job.jobId,
        consignmentId: job.consignmentId,
        filingVersion: job.filingVersion,
        assessment,
        state: 'assessed',
        holdStatus: 'inspection_requested',
        inspectionRequest: { id: requestId, mrn: job.mrn, exportCountry, methods: ['xray'], reasons, deadline: loadingAt },
        notifications: [],
        outbox: [{
          topic: 'inspectionRequests',
          key: exportCountry,
          requestId: input.httpRequestId ?? null,
          payload: {
            schemaVersion: 1, requestId, mrn: job.mrn, consignmentId: job.consignmentId, transportDocumentNumber: job.consignment.transportDocument!.number,
            containerNumbers: ['MSCU1234565'], exportCountry, requestingCountry: 'GB', placeOfLoading: `${exportCountry}XXX`, expectedLoadingAt: loadingAt,
            deadline: loadingAt, reasons, requestedMethods: ['xray'], issuedAt: now,
          },
        }],
      } satisfies DecisionWrite;
    });
  if (input.corruptFirst === true && writes[0] !== undefined) {
    const first = writes[0].outbox[0]!;
    first.payload = { ...first.payload, requestId: 'not-a-uuid' };
  }
  await storeDecisions(database.db, writes);
  return { mrn: registered.mrn, filerId: input.filerId, requests };
}
