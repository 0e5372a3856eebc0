/**
 * Which officer actions a consignment's state allows now, asked of the lifecycle itself: each action
 * is a dry run of `transition()` on the case state, so the console offers exactly what the server
 * would accept (a released consignment offers no release, a Do Not Load no inspection, a request
 * the requester made offers no approval to them).
 */
import { transition, type Actor, type CaseEvent, type CaseState, type TransitionEnv } from '@safe-screen/cases';

export const OFFICER_ACTIONS = ['release', 'confirm-hold', 'request-inspection', 'do-not-load', 'request-information', 'inspection-result'] as const;
export type OfficerAction = (typeof OFFICER_ACTIONS)[number];

function probe(action: OfficerAction, state: CaseState): CaseEvent | undefined {
  switch (action) {
    case 'release': return { kind: 'release_requested' };
    case 'confirm-hold': return { kind: 'hold_confirmed' };
    case 'request-inspection': return { kind: 'inspection_requested', methods: ['documentary'] };
    case 'do-not-load': return { kind: 'do_not_load_issued' };
    case 'request-information': return { kind: 'information_requested', question: 'probe' };
    case 'inspection-result': {
      const open = state.requests.find((r) => r.status === 'requested' || r.status === 'acknowledged' || r.status === 'escalated');
      return open === undefined ? undefined : { kind: 'inspection_result', requestId: open.id, outcome: 'no_anomaly' };
    }
  }
}

/** The actions the actor may take on the consignment now; approvals are decided from the approvals list. */
export function allowedActions(state: CaseState, actor: Actor, env: TransitionEnv): OfficerAction[] {
  return OFFICER_ACTIONS.filter((action) => {
    const event = probe(action, state);
    // A dry run: the state is copied, nothing is written.
    return event !== undefined && transition(structuredClone(state), event, actor, env).ok;
  });
}

/** Whether the actor may approve or reject the pending approval (four eyes: not their own request). */
export function mayDecideApproval(state: CaseState, approvalId: string, actor: Actor, env: TransitionEnv): boolean {
  return transition(structuredClone(state), { kind: 'approval_decided', approvalId, approve: false }, actor, env).ok;
}
