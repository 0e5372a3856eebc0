/** Issue 17: a filer answers a request for information, a filer or the loading carrier reports a screening; neither lifts control. */
import { describe, expect, it } from 'vitest';
import { filerStatusOf } from './filer-status.js';
import { transition, type TransitionEnv } from './transition.js';
import type { Actor, CaseEvent, ScreeningReport } from './events.js';
import type { CaseState } from './states.js';
import { caseState, decision, idSequence } from './testing/case-state.js';
import { inspectionDetails } from './messages.js';

const NOW = '2026-12-05T10:00:00.000Z';
const env = (): TransitionEnv => ({ now: NOW, newId: idSequence(), administrationCountry: 'NL' });
const filer: Actor = { kind: 'filer', filerId: 'filer-1' };
const carrier: Actor = { kind: 'filer', filerId: 'carrier-9' };
const stranger: Actor = { kind: 'filer', filerId: 'filer-2' };
const officer: Actor = { kind: 'officer', id: 'officer-a' };

function run(state: CaseState, event: CaseEvent, actor: Actor) {
  return transition(state, event, actor, env());
}

function decided(outcome: Parameters<typeof decision>[0], overrides: Partial<CaseState> = {}): CaseState {
  const result = run(caseState(overrides), { kind: 'assessment_decided', decision: decision(outcome) }, { kind: 'policy' });
  if (!result.ok) throw new Error(result.refusal.message);
  return result.effects.state;
}

const report = (extra: Partial<ScreeningReport> = {}): CaseEvent => ({
  kind: 'screening_reported',
  report: { methods: ['xray', 'etd'], result: 'cleared', screener: { name: 'Schiphol RA', id: 'NL-RA-00042' }, screenedAt: '2026-12-05T09:30:00Z', ...extra },
});
const answer: CaseEvent = { kind: 'information_provided', reply: { answers: { consignorAddress: 'Xinhua Rd 5, Shenzhen' }, text: 'Address corrected.', attachments: [] } };

describe('filer replies (issue 17)', () => {
  it('an answer to a request for information is recorded as answered and lifts nothing', () => {
    const open = decided('request_for_information');
    const result = run(open, answer, filer);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.effects.state.hold).toBe('open');
    expect(result.effects.state.answered).toBe('request_for_information');
    expect(result.effects.notices).toEqual([]);
    expect(filerStatusOf(result.effects.state)).toBe('request_for_information');
    expect(result.effects.audit).toEqual([expect.objectContaining({ action: 'case.information_provided', details: expect.objectContaining({ answers: { consignorAddress: 'Xinhua Rd 5, Shenzhen' } }) })]);
    // A new question from the officer is not answered yet.
    const again = transition(result.effects.state, { kind: 'information_requested', question: 'And the invoice?' }, officer, env());
    expect(again.ok && again.effects.state.answered).toBeNull();
  });

  it('refuses an answer nobody asked for, an empty one, and one from another filer', () => {
    expect(run(decided('assessment_complete'), answer, filer)).toMatchObject({ ok: false, refusal: { code: 'REPLY_NOT_EXPECTED' } });
    const open = decided('request_for_information');
    expect(run(open, { kind: 'information_provided', reply: { answers: { a: ' ' }, text: '', attachments: [] } }, filer)).toMatchObject({ ok: false, refusal: { code: 'REQUEST_INVALID' } });
    expect(run(open, { kind: 'information_provided', reply: { answers: {}, text: '', attachments: [{ sha256: 'xyz', name: 'inv.pdf', mediaType: 'application/pdf' }] } }, filer)).toMatchObject({ ok: false, refusal: { code: 'REQUEST_INVALID' } });
    expect(run(open, answer, stranger)).toMatchObject({ ok: false, refusal: { code: 'ACTOR_NOT_ALLOWED' } });
    expect(run(open, answer, officer)).toMatchObject({ ok: false, refusal: { code: 'ACTOR_NOT_ALLOWED' } });
  });

  it('a screening report by the filer or the loading carrier keeps the hold, even when cleared', () => {
    const held = decided('screening_request', { loadingCarrierId: 'carrier-9' });
    expect(held.hold).toBe('held');
    for (const actor of [filer, carrier]) {
      for (const result of ['cleared', 'alarm_unresolved'] as const) {
        const reported = run(held, report({ result }), actor);
        expect(reported.ok).toBe(true);
        if (!reported.ok) continue;
        expect(reported.effects.state.hold).toBe('held');
        expect(reported.effects.state.answered).toBe('screening_request');
        expect(reported.effects.notices).toEqual([]);
        expect(reported.effects.audit[0]).toMatchObject({ action: 'case.screening_reported', details: { result, screenedAt: '2026-12-05T09:30:00.000Z', screener: { name: 'Schiphol RA' } } });
      }
    }
    // A carrier that does not load this cargo is a stranger to it.
    expect(run(decided('screening_request'), report(), carrier)).toMatchObject({ ok: false, refusal: { code: 'ACTOR_NOT_ALLOWED' } });
  });

  it('checks the screening report: time not in the future beyond the skew, known methods, a screener', () => {
    const held = decided('screening_request');
    expect(run(held, report({ screenedAt: '2026-12-05T10:04:00Z' }), filer).ok).toBe(true);
    expect(run(held, report({ screenedAt: '2026-12-05T10:06:00Z' }), filer)).toMatchObject({ ok: false, refusal: { code: 'SCREENING_REPORT_INVALID', message: expect.stringContaining('future') } });
    expect(run(held, report({ screenedAt: 'yesterday' }), filer)).toMatchObject({ ok: false, refusal: { code: 'SCREENING_REPORT_INVALID' } });
    expect(run(held, report({ methods: [] }), filer)).toMatchObject({ ok: false, refusal: { code: 'SCREENING_REPORT_INVALID' } });
    expect(run(held, report({ screener: { name: ' ' } }), filer)).toMatchObject({ ok: false, refusal: { code: 'SCREENING_REPORT_INVALID' } });
    expect(run(decided('request_for_information'), report(), filer)).toMatchObject({ ok: false, refusal: { code: 'REPLY_NOT_EXPECTED' } });
  });

  it('a re-assessment that changes nothing tells nobody again (a sanctions-list reload)', () => {
    const policy: Actor = { kind: 'policy' };
    for (const outcome of ['assessment_complete', 'request_for_information', 'screening_request', 'do_not_load'] as const) {
      const first = decided(outcome);
      const again = run(first, { kind: 'assessment_decided', decision: decision(outcome) }, policy);
      expect(again.ok && again.effects.notices, outcome).toEqual([]);
    }
    // Released by an officer, then re-screened clean: the filer already reads "assessment complete".
    const held = decided('screening_request');
    const released = run(held, { kind: 'release_requested' }, officer);
    if (!released.ok) throw new Error(released.refusal.message);
    expect(released.effects.notices.map((n) => n.kind)).toEqual(['released']);
    const rescreened = run(released.effects.state, { kind: 'assessment_decided', decision: decision('assessment_complete') }, policy);
    expect(rescreened.ok && rescreened.effects.notices).toEqual([]);
  });

  it('a carrier notice carries the references, the equipment, what is required and by when', () => {
    const result = run(caseState({ lrn: 'LRN-7', masterDocumentNumber: 'MBL-1', cargo: { ...caseState().cargo, equipment: ['TGHU7720165', 'TGHU7720165', ' '] } }), { kind: 'assessment_decided', decision: decision('screening_request') }, { kind: 'policy' });
    if (!result.ok) throw new Error(result.refusal.message);
    const message = result.effects.outbox.find((m) => m.topic === 'carrierNotifications');
    expect(message?.payload).toMatchObject({
      kind: 'screening_request', lrn: 'LRN-7', transportDocumentNumber: 'OBLSHA26110573', masterDocumentNumber: 'MBL-1', equipment: ['TGHU7720165'],
      required: expect.stringContaining('/screening'), dueBy: '2026-12-10T06:00:00.000Z',
    });
  });

  it('an inspection request carries what the inspector needs, cut to the topic limits however long the filing', () => {
    const details = inspectionDetails({
      sequence: 1, parties: [{ role: 'consignor', name: 'Qingdao Coldline Appliances', address: { country: 'cn' } }, { role: 'consignee', name: 'Rotterdam Cold BV', address: { country: 'NL' } }],
      routingCountries: ['CN'], equipment: [{ containerNumber: 'TGHU7720165', seals: ['SL123', 'x'.repeat(80)] }],
      goods: [{ itemNumber: 1, description: 'Refrigerators '.repeat(100), commodityCode: '841810', grossMassKg: 4200, packages: [{ count: 40 }, { count: 2 }], containerNumbers: [] }],
      totalPackages: 42, totalGrossMassKg: 4200,
    }, { mode: 'sea', identifier: '9811000', name: 'MAERSK ELBA', nationality: 'DK', conveyanceReference: '248W', routingCountries: [], itinerary: [] });
    const result = run(caseState({ cargo: { ...caseState().cargo, details } }), { kind: 'inspection_requested', methods: ['xray'] }, officer);
    if (!result.ok) throw new Error(result.refusal.message);
    const message = result.effects.outbox.find((m) => m.topic === 'inspectionRequests');
    expect(message?.payload).toMatchObject({
      conveyance: { mode: 'sea', identifier: '9811000', name: 'MAERSK ELBA', nationality: 'DK', voyage: '248W' },
      seals: [{ equipment: 'TGHU7720165', seals: ['SL123', 'x'.repeat(35)] }],
      goods: [{ hsCode: '841810', packages: 42, grossMassKg: 4200 }],
      totalPackages: 42, totalGrossMassKg: 4200, consignor: { name: 'Qingdao Coldline Appliances', country: 'CN' }, consignee: { country: 'NL' },
    });
    expect((message?.payload as { goods: { description: string }[] }).goods[0]!.description.length).toBe(512);
  });
});
