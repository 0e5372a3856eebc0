/**
 * Licences the claimed consignments cite, looked up in the register, checked against the consignment
 * (everything but quantity), and for those that fit, the consignment's quantity reserved under a lock
 * on the licence row. The assessment then sees, per citation, the licence, what was left and whether
 * the reservation succeeded: the decision itself stays pure.
 *
 * The drawing is taken when the consignment is assessed, whatever the final decision (a sanctions
 * hit can still hold it); an amendment or re-assessment replaces the consignment's own drawing.
 */
import type { ClaimedJob, Db } from '@safe-screen/db';
import { findLicenceDrawings, findLicencesByNumber, reserveLicenceDrawing, type LicenceRow } from '@safe-screen/db/licence-repository';
import { checkLicenceTerms, licenceDemand, type CitedLicence, type LicenceRecord } from '@safe-screen/risk';

function recordOf(row: LicenceRow): LicenceRecord {
  return {
    number: row.number,
    issuingCountry: row.issuingCountry,
    direction: row.direction as LicenceRecord['direction'],
    category: row.category as LicenceRecord['category'],
    holderName: row.holderName,
    ...(row.holderIdentifier === null ? {} : { holderIdentifier: row.holderIdentifier }),
    goodsDescription: row.goodsDescription,
    hsCodes: row.hsCodes,
    quantity: row.quantity,
    unit: row.unit as LicenceRecord['unit'],
    validFrom: row.validFrom,
    validTo: row.validTo,
    status: row.status as LicenceRecord['status'],
  };
}

interface Citing {
  consignmentId: string;
  consignment: ClaimedJob['consignment'];
}

type Reserve = (row: LicenceRow, consignmentId: string, quantity: number) => Promise<{ reserved: boolean; remaining: number }>;

async function citedLicences(db: Db, jobs: readonly Citing[], nowIso: string, reserve: (rows: LicenceRow[]) => Promise<Reserve>): Promise<Record<string, CitedLicence[]>> {
  const citing = jobs.filter((job) => (job.consignment.licences ?? []).length > 0);
  if (citing.length === 0) return {};
  const rows = await findLicencesByNumber(db, citing.flatMap((job) => job.consignment.licences!.map((l) => l.number)));
  const take = await reserve(rows);
  const out: Record<string, CitedLicence[]> = {};
  for (const job of citing) {
    const cited: CitedLicence[] = [];
    for (const citation of job.consignment.licences!) {
      const row = rows.find((r) => r.number === citation.number && (citation.issuingCountry === undefined || r.issuingCountry === citation.issuingCountry));
      if (row === undefined) {
        cited.push({ citation });
        continue;
      }
      const licence = recordOf(row);
      if (checkLicenceTerms(job.consignment, citation, licence, nowIso).length > 0) {
        cited.push({ citation, licence });
        continue;
      }
      const { quantity } = licenceDemand(job.consignment, licence);
      cited.push({ citation, licence, ...(await take(row, job.consignmentId, quantity)) });
    }
    out[job.consignmentId] = cited;
  }
  return out;
}

/** For assessment: reserves each fitting citation's quantity (one locked transaction per licence and consignment). */
export function gatherLicenceFacts(db: Db, jobs: readonly Citing[], nowIso: string): Promise<Record<string, CitedLicence[]>> {
  return citedLicences(db, jobs, nowIso, () => Promise.resolve((row, consignmentId, quantity) => reserveLicenceDrawing(db, { licenceId: row.id, consignmentId, quantity })));
}

/**
 * For replay and shadow mode, which write nothing: a citation counts as reserved when the consignment
 * already holds a drawing of at least its demand on the licence, as its live assessment left it.
 */
export function lookupLicenceFacts(db: Db, jobs: readonly Citing[], nowIso: string): Promise<Record<string, CitedLicence[]>> {
  return citedLicences(db, jobs, nowIso, async (rows) => {
    const drawings = await findLicenceDrawings(db, rows.map((r) => r.id));
    return (row, consignmentId, quantity) => {
      const own = drawings.find((d) => d.licenceId === row.id && d.consignmentId === consignmentId);
      const others = drawings.filter((d) => d.licenceId === row.id && d.consignmentId !== consignmentId).reduce((s, d) => s + d.quantity, 0);
      return Promise.resolve({ reserved: own !== undefined && own.quantity >= quantity, remaining: Math.round((row.quantity - others) * 1000) / 1000 });
    };
  });
}
