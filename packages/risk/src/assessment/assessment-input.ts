/**
 * Everything one assessment looks at, supplied by the caller: no clock, no lookups, no randomness
 * inside. History, AEO status and the random draw are facts the service gathered beforehand, so the
 * same input with the same rule set and list editions always gives the same decision.
 */
import type { Consignment, Filing, RiskHit, ValidationIssue } from '@safe-screen/domain';
import type { AeoTreatment } from '../aeo/evaluate-aeo.js';
import type { CitedLicence } from '../licences/check-licence.js';

export interface FilingTiming {
  /** When the filing (version) was received, ISO 8601. */
  receivedAt: string;
  /** Filed after the deadline for its mode. */
  late: boolean;
  /** Hours between receipt and loading at the foreign port/airport; negative when filed after loading. */
  hoursBeforeLoading?: number;
  /** Amendments accepted so far for this consignment. */
  amendmentCount: number;
  /** Goods already on board; when omitted, inferred from `hoursBeforeLoading <= 0`. Do Not Load needs "not loaded". */
  loaded?: boolean;
}

/** History statistic for an HS6: gross mass per goods item, kg. */
export interface MassHistory {
  meanKg: number;
  stdevKg: number;
  samples: number;
}

export interface AssessmentHistory {
  /** Keyed by `partyKey(party)`. */
  parties?: Record<string, { firstSeen: boolean }>;
  /** Keyed by the first six digits of the commodity code. */
  massByHs6?: Record<string, MassHistory>;
}

export interface PartyAeoResult {
  /** `partyKey(party)` of the party the lookup was for. */
  partyKey: string;
  treatment: AeoTreatment;
}

export interface AssessmentInput {
  /** Stable id of the consignment (e.g. MRN + sequence); used in evidence and for the random draw. */
  consignmentId: string;
  filing: Omit<Filing, 'consignments'>;
  consignment: Consignment;
  timing: FilingTiming;
  /** Warnings from the data-quality gate for this filing (codes are the manifest package's). */
  indicators: ValidationIssue[];
  history?: AssessmentHistory;
  aeo?: PartyAeoResult[];
  /** `sanctionsFingerprint` values an officer dismissed as false positives. */
  sanctionsDismissals?: string[];
  /** Uniform in [0,1), chosen by the caller, e.g. `drawForConsignment(consignmentId, salt)`. */
  randomDraw: number;
  /** The licences the consignment cites, as the register has them (see `check-licence.ts`). */
  licences?: CitedLicence[];
  /** Hits computed elsewhere (a learned model, a watch list), added as they are. */
  extraHits?: RiskHit[];
}
