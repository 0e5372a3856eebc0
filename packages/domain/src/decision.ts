/**
 * Outcomes of risk assessment, per consignment (ICS2 granularity: decisions are per house
 * consignment, not per file).
 */

export const OUTCOMES = [
  'incomplete',
  'assessment_complete',
  'request_for_information',
  'screening_request',
  'outbound_inspection',
  'do_not_load',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const LANES = ['green', 'yellow', 'red'] as const;
export type Lane = (typeof LANES)[number];

export const RISK_CATEGORIES = ['security', 'safety', 'revenue'] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export const INSPECTION_METHODS = ['documentary', 'xray', 'physical', 'radiation', 'sampling'] as const;
export type InspectionMethod = (typeof INSPECTION_METHODS)[number];

export interface Evidence {
  /** What was looked at, in the consignment's terms: `goods[1].commodityCode`. */
  field: string;
  value: string;
  /** Location in the source document, when known. */
  location?: string;
  note?: string;
}

/** One reason behind a score: a rule that fired, a sanctions match, a learned-history signal. */
export interface RiskHit {
  source: 'rule' | 'sanctions' | 'history' | 'aeo' | 'indicator';
  ruleId: string;
  description: string;
  category: RiskCategory;
  /** Contribution to the score (negative for mitigation such as AEO treatment). */
  weight: number;
  evidence: Evidence[];
  /** Text that may be shared with a foreign administration; absent means internal only. */
  shareableReason?: string;
  /** A rule marked as intelligence: never mitigated by AEO status, never moved by a lane quota. */
  intelligence?: true;
}

export interface Assessment {
  score: number;
  lane: Lane;
  outcome: Outcome;
  hits: RiskHit[];
  requestedMethods: InspectionMethod[];
  ruleSetVersion: string;
  modelVersion?: string;
  sanctionsEdition?: string;
  assessedAt: string;
  /** Why the outcome, in one sentence an officer reads first. */
  summary: string;
  /**
   * Selected at random as part of the control group (domain §3 #24), not because of its score; kept
   * apart when rule effectiveness is measured. Added for the risk package; absent means false.
   */
  controlGroup?: boolean;
}
