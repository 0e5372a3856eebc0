/**
 * Officer actions that do not touch customs control. Hold actions (release, confirm hold, outbound
 * inspection, Do Not Load, request for information, four-eyes approvals, results) are lifecycle
 * events of `@safe-screen/cases`, applied by `applyCaseTransition`; what is left here is the
 * dismissal of a sanctions false positive, written with its audit entry in one transaction.
 */
import type { CaseActionWrite } from '@safe-screen/db';

export function planSanctionsDismissal(input: { fingerprint: string; entryId: string; partyName: string; ruleId: string }): CaseActionWrite {
  return {
    auditAction: 'case.sanctions_match_dismissed',
    auditDetails: { ruleId: input.ruleId, entryId: input.entryId, partyName: input.partyName, fingerprint: input.fingerprint },
    dismissal: { fingerprint: input.fingerprint, entryId: input.entryId, partyName: input.partyName },
  };
}
