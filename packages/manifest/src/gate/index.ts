export { runGate } from './run-gate.js';
export { GATE_ISSUE_CODES } from './gate-issue-codes.js';
export type { GateIssueCode } from './gate-issue-codes.js';
export { checkFilingTiming } from './check-filing-timing.js';
export type { FilingTiming } from './check-filing-timing.js';
export { isPlaceholderName, isVagueDescription } from './stop-words.js';
