/**
 * Turns an assessment into what the decision writer stores: the assessment, the consignment's
 * assessment state, and the decision as the lifecycle (`@safe-screen/cases`) reads it. What follows
 * from the decision (hold, outbound inspection request, the filer's notice, outbox messages) is the
 * lifecycle's to decide under the consignment's lock, in the transaction that stores the decision,
 * because only there is the current control known (a re-screening never loosens an officer's hold,
 * and the same cargo filed again inherits its control).
 *
 * Only reasons marked shareable go to export customs; rule weights never leave the administration.
 */
import type { Assessment } from '@safe-screen/domain';
import type { ClaimedJob, DecisionWrite } from '@safe-screen/db';

export interface PlanInput {
  job: ClaimedJob;
  assessment: Assessment;
  incompleteReason: string | undefined;
  now: string;
  administrationCountry: string;
  /** Kept for callers; ids are drawn by the lifecycle when it writes. */
  newId?: () => string;
}

export function planDecision(input: PlanInput): DecisionWrite {
  const { job, now } = input;
  const assessment: Assessment =
    input.incompleteReason === undefined
      ? input.assessment
      : { ...input.assessment, outcome: 'incomplete', summary: `Incomplete: ${input.incompleteReason}. Not assessed as low risk until the missing parts arrive.` };
  return {
    jobId: job.jobId,
    consignmentId: job.consignmentId,
    filingVersion: job.filingVersion,
    assessment,
    state: assessment.outcome === 'incomplete' ? 'incomplete' : 'assessed',
    lifecycle: {
      decision: {
        outcome: assessment.outcome,
        lane: assessment.lane,
        summary: assessment.summary,
        requestedMethods: assessment.requestedMethods,
        reasons: assessment.hits.filter((h) => h.shareableReason !== undefined).map((h) => ({ code: h.ruleId, text: h.shareableReason! })),
        ...(input.incompleteReason === undefined ? {} : { incompleteReason: input.incompleteReason }),
      },
      requestId: job.requestId,
      now,
      administrationCountry: input.administrationCountry,
    },
  };
}
