/**
 * The states of a consignment's life, as closed unions with their predicates in one place (after
 * trigger.dev's `statuses.ts`): nothing outside this package compares plain strings for a hold.
 *
 * Two things that used to share one column are kept apart here. `hold` is customs control (what
 * may be loaded); arrival and invalidation are facts about the filing. A held consignment that
 * arrives stays held, and its case says it arrived.
 */
import type { Lane, TransportMode } from '@safe-screen/domain';
import type { InspectionCargoDetails, InspectionResult } from '@safe-screen/kafka/topics';

/**
 * Customs control, loosest first:
 * - `released`: may be loaded (assessment complete, or customs lifted the hold);
 * - `open`: in the officers' queue without a hold decision (request for information, incomplete);
 * - `held`: held for screening or examination;
 * - `inspection_requested`: export customs were asked to inspect before loading;
 * - `do_not_load`: must not be loaded.
 */
export const HOLD_STATUSES = ['released', 'open', 'held', 'inspection_requested', 'do_not_load'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/** Holds only customs can lift: nothing a filer sends moves a consignment out of them. */
export const CONTROLLED_HOLDS = ['held', 'inspection_requested', 'do_not_load'] as const satisfies readonly HoldStatus[];
export type ControlledHold = (typeof CONTROLLED_HOLDS)[number];

/** Holds that put a consignment in the officers' queue. */
export const QUEUE_HOLDS = ['open', 'held', 'inspection_requested', 'do_not_load'] as const satisfies readonly HoldStatus[];

export function isHoldStatus(value: string): value is HoldStatus {
  return (HOLD_STATUSES as readonly string[]).includes(value);
}

export function isControlled(hold: HoldStatus): hold is ControlledHold {
  return (CONTROLLED_HOLDS as readonly string[]).includes(hold);
}

/** Strictness order: a higher rank is a stronger control. */
export function holdRank(hold: HoldStatus): number {
  return HOLD_STATUSES.indexOf(hold);
}

export function stricterHold(a: HoldStatus, b: HoldStatus): HoldStatus {
  return holdRank(a) >= holdRank(b) ? a : b;
}

/**
 * Reads a stored hold. Rows written before this package used `arrived` as a hold; what such a row
 * meant is unknown (the old arrival overwrote holds), so it reads as `held` for an officer to decide,
 * unless its assessment had completed.
 */
export function parseHoldStatus(stored: string, outcome: string | null): HoldStatus {
  if (isHoldStatus(stored)) return stored;
  return outcome === 'assessment_complete' ? 'released' : 'held';
}

/** Where the consignment's assessment stands. */
export const ASSESSMENT_STATES = ['pending', 'incomplete', 'assessed', 'failed'] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];

export function parseAssessmentState(stored: string): AssessmentState {
  return (ASSESSMENT_STATES as readonly string[]).includes(stored) ? (stored as AssessmentState) : 'pending';
}

/**
 * An outbound inspection request's life. Open: `requested`, `acknowledged`, `escalated` (not
 * acknowledged in time, or answered "not inspected": the real result may still come). Closed:
 * `completed` (a result was recorded), `withdrawn` (customs no longer need it), `expired` (its
 * deadline passed without a result).
 */
export const REQUEST_STATUSES = ['requested', 'acknowledged', 'escalated', 'completed', 'withdrawn', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const OPEN_REQUEST_STATUSES = ['requested', 'acknowledged', 'escalated'] as const satisfies readonly RequestStatus[];

export function parseRequestStatus(stored: string): RequestStatus {
  return (REQUEST_STATUSES as readonly string[]).includes(stored) ? (stored as RequestStatus) : 'requested';
}

export function isOpenRequest(request: { status: RequestStatus }): boolean {
  return (OPEN_REQUEST_STATUSES as readonly string[]).includes(request.status);
}

export type InspectionOutcome = InspectionResult['outcome'];

export interface InspectionRequestState {
  id: string;
  exportCountry: string;
  status: RequestStatus;
  deadline: string | null;
  acknowledged: boolean;
  /** The latest result recorded (`not_inspected` leaves the request open for the real one). */
  lastOutcome: InspectionOutcome | null;
}

export interface PendingApproval {
  id: string;
  action: 'release';
  requestedBy: string;
  /** The hold the release was asked for: a stricter hold since then cancels it. */
  requestedAtHold: HoldStatus;
}

/** Notices a filer or loading carrier receives (the carrier-notification topic's kinds). */
export const NOTICE_KINDS = ['assessment_complete', 'request_for_information', 'screening_request', 'do_not_load', 'released'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export function parseNoticeKind(stored: string | null | undefined): NoticeKind | null {
  return stored !== null && stored !== undefined && (NOTICE_KINDS as readonly string[]).includes(stored) ? (stored as NoticeKind) : null;
}

/** A place as filed: a UN/LOCODE when it has one, otherwise a country and a name. */
export interface PlaceFacts {
  unlocode: string | null;
  country: string | null;
  name: string | null;
}

/** What export customs need to find the cargo. */
export interface CargoFacts {
  transportDocumentNumber: string | null;
  /** Equipment identifiers as filed (containers, ULDs, plates, wagons). */
  equipment: string[];
  containerised: boolean | null;
  placeOfLoading: PlaceFacts;
  /** Derived from the place of loading, else the first routing country. */
  exportCountry: string | null;
  /** What an inspector needs beyond finding the cargo (see `inspectionDetails`); absent in older callers. */
  details?: InspectionCargoDetails;
}

export interface CaseState {
  consignmentId: string;
  mrn: string;
  filerId: string;
  /**
   * The carrier that would load the cargo when it is not the filer: the filer of the master filing
   * a forwarder's house filing travels under. Do Not Load and its release reach it too.
   */
  loadingCarrierId: string | null;
  transportMode: TransportMode;
  hold: HoldStatus;
  assessment: AssessmentState;
  lane: Lane | null;
  filing: 'live' | 'invalidated';
  arrivedAt: string | null;
  expectedLoadingAt: string | null;
  expectedDepartureAt: string | null;
  approvals: PendingApproval[];
  requests: InspectionRequestState[];
  /** The latest notice the filer was given. */
  told: NoticeKind | null;
  /** The filer's reference and the master transport document, for notices (absent in older callers). */
  lrn?: string | null;
  masterDocumentNumber?: string | null;
  /**
   * The latest notice was answered: a reply to a request for information or a screening report is
   * on record for the officer (or the policy) to decide on. The hold is what customs made it.
   * Absent: not answered. A new notice clears it.
   */
  answered?: 'request_for_information' | 'screening_request' | null;
  cargo: CargoFacts;
}

/** When loading is expected: the time after which an outbound inspection is too late. */
export function loadingTimeOf(state: Pick<CaseState, 'expectedLoadingAt' | 'expectedDepartureAt'>): string | null {
  return state.expectedLoadingAt ?? state.expectedDepartureAt;
}
