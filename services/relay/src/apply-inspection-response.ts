/**
 * One entry point for export customs' answers, whichever way they came (Kafka or the partner HTTP
 * API): the same validation, the same lifecycle event (`@safe-screen/cases`), the same consequences.
 * The response is always scoped to its sender's country: a request addressed to another country is
 * "not found". What a result does to the hold is the lifecycle's rule (see `transition.ts`): no
 * anomaly lifts the hold that waited for it, a find is Do Not Load (held if arrived), "not
 * inspected" leaves the request open for the real result and holds the cargo for an officer.
 */
import { randomUUID } from 'node:crypto';
import type { CaseEvent, Effects } from '@safe-screen/cases';
import { AppError } from '@safe-screen/domain';
import { applyCaseTransition, findInspectionRequest, type Actor, type Db } from '@safe-screen/db';
import type { InspectionResponse } from '@safe-screen/kafka';
import { labelInspectionOutcome, type InspectionFinding } from '@safe-screen/learning';

export type ApplyOutcome =
  | { status: 'acknowledged' | 'duplicate' | 'withdrawn' | 'not_found' }
  /** The result cannot be right as sent (an inspection time in the future): nothing was recorded. */
  | { status: 'invalid'; code: string; message: string }
  | { status: 'recorded'; requestStatus: 'completed' | 'escalated'; holdStatus: string };

export interface ApplyOptions {
  actor: Actor;
  /** The partner API request that carried the response, so messages it causes are logged under it. */
  httpRequestId?: string;
  /** This administration's country (the requesting country on withdrawals); only used by messages a result causes. */
  administrationCountry?: string;
  now?: () => Date;
  newId?: () => string;
}

const FINDING: Record<'no_anomaly' | 'anomaly_found' | 'seized', InspectionFinding> = {
  no_anomaly: 'no_finding',
  anomaly_found: 'irregularity',
  seized: 'serious_finding',
};

/** Refusals that are normal answers to a partner, not errors. */
const ANSWER_FOR_REFUSAL: Readonly<Record<string, ApplyOutcome['status']>> = {
  INSPECTION_REQUEST_NOT_FOUND: 'not_found',
  INSPECTION_REQUEST_CLOSED: 'withdrawn',
  INSPECTION_RESULT_DUPLICATE: 'duplicate',
};

export async function applyInspectionResponse(db: Db, response: InspectionResponse, options: ApplyOptions): Promise<ApplyOutcome> {
  const now = options.now ?? (() => new Date());
  const found = await findInspectionRequest(db, response.requestId, { exportCountry: response.exportCountry });
  if (found === undefined) return { status: 'not_found' };
  const event: CaseEvent = response.type === 'acknowledged'
    ? { kind: 'partner_acknowledged', requestId: response.requestId }
    : { kind: 'inspection_result', requestId: response.requestId, outcome: response.outcome, inspectedAt: response.inspectedAt };
  let effects: Effects;
  try {
    const result = await applyCaseTransition(db, {
      consignmentId: found.consignmentId,
      event,
      actor: { kind: 'partner', country: response.exportCountry },
      auditActor: options.actor,
      ...(options.httpRequestId === undefined ? {} : { httpRequestId: options.httpRequestId }),
      env: { now: now().toISOString(), newId: options.newId ?? randomUUID, administrationCountry: options.administrationCountry ?? '' },
      ...(response.type === 'result'
        ? {
            resultDetails: {
              outcome: response.outcome,
              ...(response.reason === undefined ? {} : { reason: response.reason }),
              ...(response.findings === undefined ? {} : { findings: response.findings }),
              inspectedAt: response.inspectedAt,
              reportedAt: response.reportedAt,
            },
          }
        : { resultDetails: { ...(response.officer === undefined ? {} : { reference: response.officer }), acknowledgedAt: response.acknowledgedAt } }),
      // Each inspected goods line becomes a labelled example for the targeting model.
      labels: (record, label) => labelInspectionOutcome({ filing: record.header, consignment: record.consignment, finding: FINDING[label.outcome], inspectedBy: 'export_customs', controlGroup: record.controlGroup })
        .map((l) => ({ source: l.source, outcome: l.outcome, features: { ...l.features } })),
    });
    if (result.status === 'not_found') return { status: 'not_found' };
    effects = result.effects;
  } catch (error) {
    if (error instanceof AppError && error.code === 'INSPECTION_TIME_INVALID') return { status: 'invalid', code: error.code, message: error.message };
    const answer = error instanceof AppError ? ANSWER_FOR_REFUSAL[error.code] : undefined;
    if (answer === undefined || answer === 'recorded') throw error;
    return { status: answer } as ApplyOutcome;
  }
  if (response.type === 'acknowledged') return { status: 'acknowledged' };
  const change = effects.requestChanges.find((c) => c.id === response.requestId);
  return { status: 'recorded', requestStatus: change?.status === 'escalated' ? 'escalated' : 'completed', holdStatus: effects.state.hold };
}
