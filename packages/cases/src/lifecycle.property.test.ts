/**
 * Model-based property test of the lifecycle: random consignments of every transport mode, random
 * sequences of events from random actors (customs, filers, partners of the right and the wrong
 * country, sweeps), and after every step the invariants of issue 13:
 * - nothing but customs lowers a hold, and nothing a filer sends changes one;
 * - every outbox message passes its topic's schema;
 * - every event from every actor in every reached state has a defined answer (effects or a refusal
 *   with a known code), never an exception;
 * - the filer's status never reveals an outbound inspection or a lowered control, and a Do Not
 *   Load in force is what the filer sees;
 * - pending release approvals never outlive a stricter hold; a released or invalidated
 *   consignment has no open inspection request.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUTCOMES, TRANSPORT_MODES, type InspectionMethod } from '@safe-screen/domain';
import { INSPECTION_OUTCOMES, TOPICS, parseTopicMessage } from '@safe-screen/kafka/topics';
import { EVENT_KINDS, MAY_CAUSE, SCREENING_METHODS, SCREENING_RESULTS, isCustoms, type Actor, type CaseEvent } from './events.js';
import { filerStatusOf } from './filer-status.js';
import { REFUSAL_CODES, transition, type Effects, type TransitionEnv, type TransitionResult } from './transition.js';
import { HOLD_STATUSES, holdRank, isControlled, isOpenRequest, type CaseState } from './states.js';
import { caseState, decision, idSequence } from './testing/case-state.js';

const START = Date.parse('2026-12-05T00:00:00Z');
const HOUR = 3_600_000;

/** Identifiers as filed in each mode: containers, ULDs, plates, wagons, or none (bulk). */
const EQUIPMENT = ['TGHU7720165', 'PMC1337XX', 'AKE12345LH', 'WX 12345', '338012345678', 'SWAP-BODY 7', ''];
const PLACES = [
  { unlocode: 'CNSHA', country: 'CN', name: null },
  { unlocode: null, country: 'CN', name: 'Ezhou Huahu' },
  { unlocode: 'XX???', country: 'TR', name: null },
  { unlocode: null, country: null, name: null },
];

const stateArb = fc.record({
  mode: fc.constantFrom(...TRANSPORT_MODES),
  equipment: fc.subarray(EQUIPMENT, { maxLength: 3 }),
  document: fc.constantFrom('OBLSHA26110573', 'CMR 2611/0042', null),
  place: fc.constantFrom(...PLACES),
  exportCountry: fc.constantFrom('CN', 'TR', null),
  carrier: fc.constantFrom(null, 'carrier-9', 'filer-1'),
  loadingInHours: fc.option(fc.integer({ min: -48, max: 240 }), { nil: null }),
  red: fc.boolean(),
}).map((r): CaseState => caseState({
  transportMode: r.mode,
  loadingCarrierId: r.carrier,
  lane: r.red ? 'red' : null,
  expectedLoadingAt: r.loadingInHours === null ? null : new Date(START + r.loadingInHours * HOUR).toISOString(),
  expectedDepartureAt: r.loadingInHours === null ? null : new Date(START + (r.loadingInHours + 6) * HOUR).toISOString(),
  cargo: { transportDocumentNumber: r.document, equipment: r.equipment, containerised: r.equipment.includes('TGHU7720165'), placeOfLoading: r.place, exportCountry: r.exportCountry },
}));

const ACTORS: Actor[] = [
  { kind: 'filer', filerId: 'filer-1' },
  { kind: 'filer', filerId: 'filer-2' },
  { kind: 'filer', filerId: 'carrier-9' },
  { kind: 'officer', id: 'officer-a' },
  { kind: 'officer', id: 'officer-b' },
  { kind: 'supervisor', id: 'supervisor-s' },
  { kind: 'partner', country: 'CN' },
  { kind: 'partner', country: 'VN' },
  { kind: 'policy' },
  { kind: 'system', component: 'sweep' },
];

/** One step as random choices, resolved against the state it meets (ids of its requests and approvals). */
const stepArb = fc.record({
  event: fc.nat(EVENT_KINDS.length - 1),
  actor: fc.nat(ACTORS.length - 1),
  /** Picks a request or approval, an outcome, a method, a yes/no. */
  pick: fc.nat(50),
  /** Hours the clock moves on before the step. */
  advance: fc.integer({ min: 0, max: 60 }),
  /** Prefer an actor allowed to cause the event, so sequences go deep. */
  rightActor: fc.boolean(),
});

function eventFor(kind: (typeof EVENT_KINDS)[number], state: CaseState, pick: number, now: number): CaseEvent {
  const request = state.requests[pick % Math.max(1, state.requests.length)]?.id ?? '00000000-0000-4000-8000-00000000dead';
  const approval = state.approvals[pick % Math.max(1, state.approvals.length)]?.id ?? '00000000-0000-4000-8000-00000000beef';
  switch (kind) {
    case 'assessment_decided':
      return { kind, decision: decision(OUTCOMES[pick % OUTCOMES.length]!, pick % 7 === 0 ? { incompleteReason: 'the master filing is missing' } : pick % 11 === 0 ? { inheritedHold: HOLD_STATUSES[pick % HOLD_STATUSES.length]! } : {}) };
    case 'release_requested':
    case 'hold_confirmed':
    case 'do_not_load_issued':
    case 'filing_amended':
    case 'list_edition_rescreened':
    case 'deadline_passed':
      return { kind };
    case 'inspection_requested':
      return { kind, methods: pick % 9 === 0 ? [] : [(['documentary', 'xray', 'physical'] as InspectionMethod[])[pick % 3]!] };
    case 'information_requested':
      return { kind, question: pick % 13 === 0 ? '  ' : 'Who packed the container?' };
    case 'approval_decided':
      return { kind, approvalId: approval, approve: pick % 4 !== 0 };
    case 'partner_acknowledged':
      return { kind, requestId: request };
    case 'inspection_result':
      // Sometimes inspected in the future, which must be refused.
      return { kind, requestId: request, outcome: INSPECTION_OUTCOMES[pick % INSPECTION_OUTCOMES.length]!, ...(pick % 5 === 0 ? { inspectedAt: new Date(now + (pick % 2 === 0 ? 2 : -2) * HOUR).toISOString() } : {}) };
    case 'arrival_notified': {
      // Sometimes in the far past or future, which must be refused.
      const offsets = [-30 * 24, 0, -1, 1000];
      return { kind, arrivedAt: new Date(now + offsets[pick % offsets.length]! * HOUR).toISOString() };
    }
    case 'filing_invalidated':
      return { kind, reason: 'voyage cancelled' };
    case 'information_provided':
      return { kind, reply: pick % 10 === 0 ? { answers: { shipper: ' ' }, text: '', attachments: [] } : { answers: { shipper: 'ACME Ltd, Shenzhen' }, text: 'Invoice attached.', attachments: pick % 3 === 0 ? [{ sha256: 'a'.repeat(64), name: 'invoice.pdf', mediaType: 'application/pdf' }] : [] } };
    case 'screening_reported': {
      // Sometimes screened in the future (refused), sometimes with an unresolved alarm (lifts nothing either way).
      const offsets = [-2, 0, 1000];
      return { kind, report: { methods: pick % 11 === 0 ? [] : [SCREENING_METHODS[pick % SCREENING_METHODS.length]!], result: SCREENING_RESULTS[pick % SCREENING_RESULTS.length]!, screener: { name: 'RA screener 7', id: 'NL-RA-00042' }, screenedAt: new Date(now + offsets[pick % offsets.length]! * HOUR).toISOString() } };
    }
  }
}

const CODES = new Set<string>(REFUSAL_CODES);

function checkEffects(before: CaseState, actor: Actor, event: CaseEvent, result: TransitionResult): void {
  if (!result.ok) {
    expect(CODES.has(result.refusal.code), result.refusal.code).toBe(true);
    return;
  }
  const e: Effects = result.effects;
  const after = e.state;
  // Only customs take a consignment out of control (a sweep may only move it between controlled
  // holds: an expired inspection request leaves it held for an officer); a filer changes no hold.
  if (isControlled(before.hold) && !isControlled(after.hold)) expect(isCustoms(actor), `${actor.kind} lifted ${before.hold} to ${after.hold} by ${event.kind}`).toBe(true);
  if (holdRank(after.hold) < holdRank(before.hold) && !isCustoms(actor)) expect(isControlled(after.hold), `${actor.kind} lowered ${before.hold} to ${after.hold}`).toBe(true);
  if (actor.kind === 'filer') expect(after.hold, `filer ${event.kind} changed the hold`).toBe(before.hold);
  // Every message passes its topic's schema, keyed as the catalog keys it.
  for (const message of e.outbox) {
    const parsed = parseTopicMessage(message.topic, message.payload);
    expect(message.key).toBe((TOPICS[message.topic] as { key(m: unknown): string }).key(parsed));
  }
  // No tip-off: nothing about an outbound inspection reaches the filer.
  for (const notice of e.notices) expect(notice.message).not.toMatch(/inspection|export customs/i);
  if (event.kind === 'inspection_requested' || event.kind === 'partner_acknowledged' || event.kind === 'deadline_passed') expect(e.notices).toEqual([]);
  if (event.kind === 'inspection_result' && event.outcome === 'not_inspected') expect(e.notices).toEqual([]);
  // A filer's answer or screening report never lifts control, notifies nobody, and is on record as answered.
  if (event.kind === 'information_provided' || event.kind === 'screening_reported') {
    expect(after.hold).toBe(before.hold);
    expect(after.told).toBe(before.told);
    expect(e.notices).toEqual([]);
    expect(after.answered).toBe(event.kind === 'information_provided' ? 'request_for_information' : 'screening_request');
  }
  // Notices only on change: a decision that leaves the hold and what the filer reads as they were tells nobody again.
  if (event.kind === 'assessment_decided' && before.told !== null && after.hold === before.hold && filerStatusOf(after) === filerStatusOf(before)) expect(e.notices).toEqual([]);
  // A new notice is a new question: it is not answered yet.
  if (e.notices.some((n) => n.recipient === 'filer')) expect(after.answered).toBeNull();
}

function checkState(state: CaseState): void {
  const status = filerStatusOf(state);
  // The filer's status depends on what it was told and on nothing customs keep to themselves.
  expect(status).toBe(filerStatusOf({ assessment: state.assessment, told: state.told, hold: state.hold === 'do_not_load' ? 'do_not_load' : 'released' }));
  if (state.hold === 'do_not_load' && state.assessment !== 'pending') expect(status).toBe('do_not_load');
  for (const approval of state.approvals) expect(holdRank(approval.requestedAtHold)).toBeGreaterThanOrEqual(holdRank(state.hold));
  if (state.hold === 'released' || state.filing === 'invalidated') expect(state.requests.filter(isOpenRequest)).toEqual([]);
  expect(state.requests.filter(isOpenRequest).length).toBeLessThanOrEqual(1);
}

export const PROPERTY_RUNS = 250;
export const STEPS_PER_RUN = 40;

describe('lifecycle property (model-based)', () => {
  it('keeps every invariant over random event sequences from random actors', () => {
    let steps = 0;
    fc.assert(
      fc.property(stateArb, fc.array(stepArb, { minLength: 1, maxLength: STEPS_PER_RUN, size: 'max' }), (initial, plan) => {
        let state = initial;
        let now = START;
        const newId = idSequence();
        for (const step of plan) {
          now += step.advance * HOUR;
          const env = { now: new Date(now).toISOString(), newId, administrationCountry: 'NL' };
          const kind = EVENT_KINDS[step.event]!;
          const event = eventFor(kind, state, step.pick, now);
          const allowed = ACTORS.filter((a) => MAY_CAUSE[kind].includes(a.kind));
          const actor = step.rightActor && allowed.length > 0 ? allowed[step.pick % allowed.length]! : ACTORS[step.actor]!;
          // Every event from every actor has a defined answer in this state.
          // (every kind at each step, the actors rotating; all of them at the end of the run).
          EVENT_KINDS.forEach((probeKind, i) => probe(state, probeKind, ACTORS[(step.pick + i) % ACTORS.length]!, step.pick, now, env));
          const result = transition(state, event, actor, env);
          checkEffects(state, actor, event, result);
          if (result.ok) state = result.effects.state;
          checkState(state);
          steps++;
        }
        const env = { now: new Date(now).toISOString(), newId, administrationCountry: 'NL' };
        for (const probeKind of EVENT_KINDS) for (const probeActor of ACTORS) probe(state, probeKind, probeActor, 0, now, env);
      }),
      { numRuns: PROPERTY_RUNS },
    );
    expect(steps).toBeGreaterThan(PROPERTY_RUNS);
    if (process.env["LIFECYCLE_PROPERTY_REPORT"] !== undefined) console.log(`lifecycle property: ${PROPERTY_RUNS} runs, ${steps} steps`);
  });
});

function probe(state: CaseState, kind: (typeof EVENT_KINDS)[number], actor: Actor, pick: number, now: number, env: TransitionEnv): void {
  const event = eventFor(kind, state, pick, now);
  checkEffects(state, actor, event, transition(state, event, actor, env));
}
