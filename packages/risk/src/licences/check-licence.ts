/**
 * A cited licence against the consignment it is cited for: found in the register, in force on the
 * day, held by the consignor or consignee, covering the goods' HS codes, and with enough quantity left
 * after every other consignment's drawing. Pure: the register lookup and the reservation of the
 * quantity (a locked row in the database) are the caller's; their results come in as data.
 */
import type { Consignment, LicenceReference } from '@safe-screen/domain';
import { tokeniseName } from '../sanctions/normalise-name.js';
import type { LicenceRecord } from './licence-record.js';

/** What the service found for one citation. */
export interface CitedLicence {
  citation: LicenceReference;
  /** Absent: no licence with this number (and issuing country) in the register. */
  licence?: LicenceRecord;
  /** Quantity left before this consignment: granted minus every other consignment's drawing. */
  remaining?: number;
  /** The register reserved this consignment's demand on the licence (enough was left). */
  reserved?: boolean;
}

export type LicenceVerdict =
  | { ok: true; citation: LicenceReference; licence: LicenceRecord; goodsIndices: number[]; quantity: number }
  | { ok: false; citation: LicenceReference; reasons: string[] };

const normaliseId = (id: string | undefined) => id?.replace(/\s+/g, '').toUpperCase() ?? '';

/** Goods items the licence's HS codes cover, and how much of the licence they use. */
export function licenceDemand(consignment: Consignment, licence: Pick<LicenceRecord, 'hsCodes' | 'unit'>): { goodsIndices: number[]; quantity: number } {
  const goodsIndices: number[] = [];
  let quantity = 0;
  consignment.goods.forEach((item, index) => {
    const code = item.commodityCode ?? '';
    if (code === '' || !licence.hsCodes.some((prefix) => code.startsWith(prefix))) return;
    goodsIndices.push(index);
    quantity += licence.unit === 'kg' ? (item.netMassKg ?? item.grossMassKg ?? 0) : item.packages.reduce((s, p) => s + (p.count ?? 0), 0);
  });
  return { goodsIndices, quantity: Math.round(quantity * 1000) / 1000 };
}

/**
 * Everything but the quantity: the caller runs this before reserving, so a licence that does not fit
 * the consignment is never drawn on. `checkCitedLicence` adds the quantity.
 */
export function checkLicenceTerms(consignment: Consignment, citation: LicenceReference, licence: LicenceRecord | undefined, nowIso: string): string[] {
  if (licence === undefined) return [`licence ${citation.number}${citation.issuingCountry === undefined ? '' : ` (${citation.issuingCountry})`} is not in the licence register`];
  const reasons: string[] = [];
  const day = nowIso.slice(0, 10);
  if (licence.status !== 'valid') reasons.push(`licence ${licence.number} is ${licence.status}`);
  if (day < licence.validFrom) reasons.push(`licence ${licence.number} is valid only from ${licence.validFrom}`);
  if (day > licence.validTo) reasons.push(`licence ${licence.number} expired on ${licence.validTo}`);
  const holderId = normaliseId(licence.holderIdentifier);
  const holderName = tokeniseName(licence.holderName).join(' ');
  const parties = consignment.parties.filter((p) => p.role === 'consignee' || p.role === 'consignor');
  const holds = parties.some((p) => (holderId !== '' && normaliseId(p.identifier) === holderId) || (holderName !== '' && tokeniseName(p.name ?? '').join(' ') === holderName));
  if (!holds) reasons.push(`licence ${licence.number} is held by "${licence.holderName}", neither the consignor nor the consignee`);
  if (licenceDemand(consignment, licence).goodsIndices.length === 0) reasons.push(`licence ${licence.number} covers HS ${licence.hsCodes.join(', ')}, none of the goods declared`);
  return reasons;
}

export function checkCitedLicence(consignment: Consignment, cited: CitedLicence, nowIso: string): LicenceVerdict {
  const reasons = checkLicenceTerms(consignment, cited.citation, cited.licence, nowIso);
  const licence = cited.licence;
  if (licence === undefined || reasons.length > 0) return { ok: false, citation: cited.citation, reasons };
  const demand = licenceDemand(consignment, licence);
  if (cited.reserved !== true) {
    const left = cited.remaining ?? 0;
    return { ok: false, citation: cited.citation, reasons: [`licence ${licence.number} has ${left} ${licence.unit} left; this consignment needs ${demand.quantity} ${licence.unit}`] };
  }
  return { ok: true, citation: cited.citation, licence, ...demand };
}
