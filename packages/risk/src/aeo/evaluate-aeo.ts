/**
 * What an operator's AEO authorisations are worth to this administration on a given day. Only a
 * valid, in-date authorisation with a security component (AEOS/AEOF), issued domestically or by an
 * MRA partner that recognises that type, earns security treatment. AEOC is recognised but gives no
 * security benefit (domain §1.5). A failed lookup is represented as status "unknown" by the caller and
 * passes through as such, so the decision shows it.
 */
import { isSecurityType, type AeoAuthorisation, type AeoType, type MraTable } from './aeo-authorisation.js';

export type AeoTreatmentStatus = 'valid' | 'suspended' | 'revoked' | 'expired' | 'not_yet_valid' | 'none' | 'unknown';

export interface AeoTreatment {
  status: AeoTreatmentStatus;
  operatorId?: string;
  type?: AeoType;
  issuingCountry?: string;
  /** Issued here or by an MRA partner for this type. */
  recognised: boolean;
  /** Recognised and of a security type: the score of non-intelligence rules may be lowered. */
  securityTreatment: boolean;
  /** One line for the officer. */
  reason: string;
}

/** For a lookup that failed (registry down, timeout): no treatment, and say so. */
export function unknownAeoTreatment(reason: string): AeoTreatment {
  return { status: 'unknown', recognised: false, securityTreatment: false, reason: `AEO status unknown: ${reason}` };
}

function recognises(mra: MraTable, authorisation: AeoAuthorisation, day: string): boolean {
  if (mra.domesticCountries.includes(authorisation.issuingCountry)) return true;
  return mra.partners.some(
    (p) => p.country === authorisation.issuingCountry && p.types.includes(authorisation.type) && (p.since === undefined || p.since <= day),
  );
}

function statusOn(a: AeoAuthorisation, day: string): AeoTreatmentStatus {
  if (a.status !== 'valid') return a.status;
  if (day < a.validFrom) return 'not_yet_valid';
  if (a.validTo !== undefined && day > a.validTo) return 'expired';
  return 'valid';
}

const RANK: Readonly<Record<AeoTreatmentStatus, number>> = { valid: 6, suspended: 5, revoked: 4, expired: 3, not_yet_valid: 2, unknown: 1, none: 0 };

export function evaluateAeo(authorisations: readonly AeoAuthorisation[], mra: MraTable, nowIso: string): AeoTreatment {
  const day = nowIso.slice(0, 10);
  if (authorisations.length === 0) return { status: 'none', recognised: false, securityTreatment: false, reason: 'no AEO authorisation on record' };
  // Best first: a security-treated authorisation beats a recognised one, which beats any other status.
  const candidates = authorisations.map((a) => {
    const status = statusOn(a, day);
    const recognised = status === 'valid' && recognises(mra, a, day);
    return { a, status, recognised, security: recognised && isSecurityType(a.type) };
  });
  candidates.sort(
    (x, y) => Number(y.security) - Number(x.security) || Number(y.recognised) - Number(x.recognised) || RANK[y.status] - RANK[x.status] || x.a.operatorId.localeCompare(y.a.operatorId),
  );
  const best = candidates[0]!;
  const { a } = best;
  let reason: string;
  if (best.security) reason = `${a.type} ${a.operatorId} issued by ${a.issuingCountry}, valid and recognised`;
  else if (best.recognised) reason = `${a.type} ${a.operatorId} is valid and recognised but has no security component`;
  else if (best.status === 'valid') reason = `${a.type} ${a.operatorId} issued by ${a.issuingCountry} is not recognised here (no MRA for this type)`;
  else reason = `${a.type} ${a.operatorId} is ${best.status.replace(/_/g, ' ')}`;
  return { status: best.status, operatorId: a.operatorId, type: a.type, issuingCountry: a.issuingCountry, recognised: best.recognised, securityTreatment: best.security, reason };
}
