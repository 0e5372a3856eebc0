/**
 * One entry point for export customs' answers, whichever way they came (Kafka or the partner HTTP
 * API): the same validation, the same repository functions, the same consequences. The response is
 * always scoped to its sender's country: a request addressed to another country is "not found".
 */
import { randomUUID } from 'node:crypto';
import { acknowledgeInspectionRequest, recordInspectionResult, type Actor, type Db } from '@safe-screen/db';
import type { InspectionResponse } from '@safe-screen/kafka';
import { planInspectionResult } from './plan-inspection-result.js';

export type ApplyOutcome =
  | { status: 'acknowledged' | 'duplicate' | 'withdrawn' | 'not_found' }
  | { status: 'recorded'; requestStatus: 'completed' | 'escalated'; holdStatus: string };

export interface ApplyOptions {
  actor: Actor;
  /** The partner API request that carried the response, so messages it causes are logged under it. */
  httpRequestId?: string;
  now?: () => Date;
  newId?: () => string;
}

export async function applyInspectionResponse(db: Db, response: InspectionResponse, options: ApplyOptions): Promise<ApplyOutcome> {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  if (response.type === 'acknowledged') {
    const status = await acknowledgeInspectionRequest(db, {
      requestId: response.requestId,
      exportCountry: response.exportCountry,
      actor: options.actor,
      acknowledgedAt: new Date(response.acknowledgedAt),
      ...(response.officer === undefined ? {} : { reference: response.officer }),
    });
    return { status };
  }
  const at = now().toISOString();
  const recorded = await recordInspectionResult(db, {
    ...(options.httpRequestId === undefined ? {} : { httpRequestId: options.httpRequestId }),
    requestId: response.requestId,
    exportCountry: response.exportCountry,
    actor: options.actor,
    result: {
      outcome: response.outcome,
      ...(response.reason === undefined ? {} : { reason: response.reason }),
      ...(response.findings === undefined ? {} : { findings: response.findings }),
      inspectedAt: response.inspectedAt,
      reportedAt: response.reportedAt,
    },
    resultAt: new Date(response.reportedAt),
    plan: (context) => planInspectionResult({ context, outcome: response.outcome, now: at, newId }),
  });
  if (recorded.status !== 'recorded') return { status: recorded.status };
  return { status: 'recorded', requestStatus: recorded.write.requestStatus, holdStatus: recorded.write.holdStatus ?? recorded.previousHold };
}
