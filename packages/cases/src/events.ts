/**
 * What can happen to a consignment, and who may make it happen. The table `MAY_CAUSE` is the one
 * authority on actors: `transition` refuses an event from anyone else with `ACTOR_NOT_ALLOWED`,
 * and the README's state diagram is rendered from it.
 */
import type { InspectionMethod, Lane, Outcome } from '@safe-screen/domain';
import type { ShareableReason } from '@safe-screen/kafka/topics';
import type { HoldStatus, InspectionOutcome } from './states.js';

export const ACTOR_KINDS = ['filer', 'officer', 'supervisor', 'partner', 'policy', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/**
 * - `filer`: the carrier or forwarder that filed (only its own filings reach the machine);
 * - `officer`, `supervisor`: customs risk officers (a supervisor is an officer who may also approve);
 * - `partner`: export customs of one country (only requests addressed to it);
 * - `policy`: the risk engine's decision (a customs decision, made by rules customs control);
 * - `system`: housekeeping sweeps (deadlines, stale filings, list-edition re-screening).
 */
export type Actor =
  | { kind: 'filer'; filerId: string }
  | { kind: 'officer'; id: string }
  | { kind: 'supervisor'; id: string }
  | { kind: 'partner'; country: string }
  | { kind: 'policy' }
  | { kind: 'system'; component: string };

/** Everything the risk engine decided, as far as the lifecycle needs it. */
export interface AssessmentDecision {
  outcome: Outcome;
  lane: Lane;
  summary: string;
  requestedMethods: InspectionMethod[];
  /** Reasons that may be shared with export customs (never weights). */
  reasons: ShareableReason[];
  /** Set when parts of a multiple filing are missing: the consignment is incomplete, not low risk. */
  incompleteReason?: string;
  /**
   * The control of an earlier live filing of the same transport document by the same filer: the
   * new filing inherits it instead of being assessed afresh as clean.
   */
  inheritedHold?: HoldStatus;
}

export type CaseEvent =
  | { kind: 'assessment_decided'; decision: AssessmentDecision }
  | { kind: 'release_requested' }
  | { kind: 'hold_confirmed' }
  | { kind: 'inspection_requested'; methods: InspectionMethod[] }
  | { kind: 'do_not_load_issued' }
  | { kind: 'information_requested'; question: string }
  | { kind: 'approval_decided'; approvalId: string; approve: boolean }
  | { kind: 'partner_acknowledged'; requestId: string }
  | { kind: 'inspection_result'; requestId: string; outcome: InspectionOutcome; /** When inspected (ISO 8601): not in the future beyond the clock skew. */ inspectedAt?: string }
  | { kind: 'filing_amended' }
  | { kind: 'arrival_notified'; arrivedAt: string }
  | { kind: 'filing_invalidated'; reason: string }
  | { kind: 'list_edition_rescreened' }
  | { kind: 'deadline_passed' }
  | { kind: 'information_provided'; reply: InformationReply }
  | { kind: 'screening_reported'; report: ScreeningReport };

/**
 * A filer's answer to a request for information: the fields asked for (name to value), free text,
 * and documents stored in the archive, referenced by sha256. Recorded for the officer; it never
 * lifts control by itself.
 */
export interface InformationReply {
  answers: Record<string, string>;
  text: string;
  attachments: { sha256: string; name: string; mediaType: string }[];
}

/** Air cargo screening means (ICAO Annex 17 / EU 2015/1998 ch. 6): x-ray, explosive trace and dog detection, physical search, metal detection, other. */
export const SCREENING_METHODS = ['xray', 'etd', 'edd', 'physical_search', 'metal_detection', 'other'] as const;
export type ScreeningMethod = (typeof SCREENING_METHODS)[number];
/** `cleared`: screened, nothing found; `alarm_unresolved`: an alarm the screener could not resolve. */
export const SCREENING_RESULTS = ['cleared', 'alarm_unresolved'] as const;
export type ScreeningResult = (typeof SCREENING_RESULTS)[number];

/** A screening performed by the filer or the loading carrier for a screening request. */
export interface ScreeningReport {
  methods: ScreeningMethod[];
  result: ScreeningResult;
  /** Who screened: a name and, when it has one, the regulated agent or screener id. */
  screener: { name: string; id?: string };
  /** When the screening was performed (ISO 8601): not in the future beyond the clock skew. */
  screenedAt: string;
  remarks?: string;
}

export type CaseEventKind = CaseEvent['kind'];

export const EVENT_KINDS = [
  'assessment_decided',
  'release_requested',
  'hold_confirmed',
  'inspection_requested',
  'do_not_load_issued',
  'information_requested',
  'approval_decided',
  'partner_acknowledged',
  'inspection_result',
  'filing_amended',
  'arrival_notified',
  'filing_invalidated',
  'list_edition_rescreened',
  'deadline_passed',
  'information_provided',
  'screening_reported',
] as const satisfies readonly CaseEventKind[];

// Compile-time check that EVENT_KINDS lists every event kind.
type Missing = Exclude<CaseEventKind, (typeof EVENT_KINDS)[number]>;
const everyEventListed: Missing extends never ? true : never = true;
void everyEventListed;

const CUSTOMS = ['officer', 'supervisor'] as const satisfies readonly ActorKind[];

/**
 * Who may cause each event. An officer records an inspection result reported by phone, so
 * `inspection_result` is open to officers as well as to the partner the request was sent to.
 */
export const MAY_CAUSE: { readonly [K in CaseEventKind]: readonly ActorKind[] } = {
  assessment_decided: ['policy'],
  release_requested: CUSTOMS,
  hold_confirmed: CUSTOMS,
  inspection_requested: CUSTOMS,
  do_not_load_issued: CUSTOMS,
  information_requested: CUSTOMS,
  approval_decided: CUSTOMS,
  partner_acknowledged: ['partner'],
  inspection_result: ['partner', 'officer', 'supervisor'],
  filing_amended: ['filer'],
  arrival_notified: ['filer'],
  filing_invalidated: ['filer', 'system'],
  list_edition_rescreened: ['system'],
  deadline_passed: ['system'],
  // The filer answers; the loading carrier may report a screening too (it is told screening requests).
  information_provided: ['filer'],
  screening_reported: ['filer'],
};

/** Actors that are customs: the only ones that may lift a control. */
export function isCustoms(actor: Actor): boolean {
  return actor.kind === 'officer' || actor.kind === 'supervisor' || actor.kind === 'partner' || actor.kind === 'policy';
}

/** A stable id for the audit log and for four-eyes comparisons. */
export function actorId(actor: Actor): string {
  switch (actor.kind) {
    case 'filer':
      return `filer:${actor.filerId}`;
    case 'officer':
    case 'supervisor':
      return actor.id;
    case 'partner':
      return `partner:${actor.country}`;
    case 'policy':
      return 'policy';
    case 'system':
      return `system:${actor.component}`;
  }
}
