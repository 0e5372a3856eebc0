/**
 * The state diagram, rendered from the package itself (states, events, who may cause them), so the
 * README copy cannot drift: `diagram.test.ts` checks the README holds exactly this text.
 */
import { EVENT_KINDS, MAY_CAUSE, type CaseEventKind } from './events.js';
import { HOLD_STATUSES, isControlled } from './states.js';

/** What each event may do to the hold, in words (the transition function is the authority). */
const EFFECT: Record<CaseEventKind, string> = {
  assessment_decided: 'sets the decided hold; never loosens held, inspection requested or Do Not Load; outbound inspection opens a request (held instead when too late)',
  release_requested: 'released (withdraws open requests, tells filer and loading carrier); Do Not Load or red lane: opens a four-eyes approval instead',
  hold_confirmed: 'open or released → held; stronger holds unchanged',
  inspection_requested: '→ inspection requested; refused under Do Not Load, after arrival or loading, or with a request already open',
  do_not_load_issued: '→ Do Not Load; cancels pending release approvals; tells filer and loading carrier',
  information_requested: 'released → open; tells the filer; stronger holds unchanged',
  approval_decided: 'approve (a different officer): released; reject: unchanged; superseded by a stricter hold: refused',
  partner_acknowledged: 'request acknowledged; hold unchanged',
  inspection_result: 'inspectedAt in the future: refused; no anomaly: inspection requested → released; anomaly or seizure: → Do Not Load (held if arrived); not inspected: → held, request stays open for the real result',
  filing_amended: 're-assessed; refused under control, after arrival or invalidation; hold unchanged',
  arrival_notified: 'arrival recorded (not before departure, not in the future); hold unchanged',
  filing_invalidated: 'invalidated; refused under control or after arrival; hold unchanged',
  list_edition_rescreened: 're-assessed; hold unchanged until the new decision',
  deadline_passed: 'open requests past their deadline expire; inspection requested → held',
  information_provided: 'the answer to a request for information is recorded for the officer (answered); hold unchanged',
  screening_reported: 'the filer\'s or loading carrier\'s screening (methods, result, screener, time) is recorded for the officer (answered); hold unchanged, even when cleared',
};

export function renderStateDiagram(): string {
  const lines: string[] = [];
  lines.push('| hold | customs control |', '|---|---|');
  for (const hold of HOLD_STATUSES) lines.push(`| \`${hold}\` | ${isControlled(hold) ? 'yes: only customs can lift it' : 'no'} |`);
  lines.push('', '| event | who may cause it | effect on the hold |', '|---|---|---|');
  for (const kind of EVENT_KINDS) lines.push(`| \`${kind}\` | ${MAY_CAUSE[kind].join(', ')} | ${EFFECT[kind]} |`);
  return `${lines.join('\n')}\n`;
}
