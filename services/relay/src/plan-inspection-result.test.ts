import { describe, expect, it } from 'vitest';
import type { InspectionContext } from '@safe-screen/db';
import { planInspectionResult, type InspectionOutcome } from './plan-inspection-result.js';

function context(holdStatus: string, controlGroup = false): InspectionContext {
  return {
    holdStatus,
    controlGroup,
    filing: { parties: [], conveyance: { mode: 'sea', routingCountries: ['CN', 'SG', 'GB'], itinerary: [] } } as unknown as InspectionContext['filing'],
    filerId: 'filer-1',
    mrn: '26GB00000000000001',
    transportMode: 'sea',
    request: {
      id: 'req-1', consignmentId: 'cons-1', mrn: '26GB00000000000001', exportCountry: 'CN', status: 'acknowledged',
      methods: ['xray'], reasons: [], deadline: null, acknowledgedAt: null, result: null, resultAt: null,
      escalatedAt: null, escalationReason: null, createdAt: new Date('2026-11-20T00:00:00Z'),
    },
    consignment: {
      sequence: 1,
      parties: [{ role: 'consignee', identifier: 'GB123' }, { role: 'consignor', identifier: 'CN456' }],
      placeOfLoading: { unlocode: 'CNSHA' },
      routingCountries: ['CN', 'SG', 'GB'],
      goods: [
        { itemNumber: 1, description: 'cartridges', commodityCode: '930621', netMassKg: 900, packages: [], containerNumbers: [], originCountry: 'CN' },
        { itemNumber: 2, description: 'fridges', commodityCode: '841810', packages: [], containerNumbers: [] },
      ],
      equipment: [],
    },
  };
}

let n = 0;
const plan = (hold: string, outcome: InspectionOutcome) =>
  planInspectionResult({ context: context(hold), outcome, now: '2026-11-22T08:00:00.000Z', newId: () => `id-${++n}` });

describe('planInspectionResult', () => {
  it('releases a consignment waiting for the inspection when nothing was found, and tells the filer', () => {
    const write = plan('inspection_requested', 'no_anomaly');
    expect(write.requestStatus).toBe('completed');
    expect(write.holdStatus).toBe('released');
    expect(write.notifications.map((x) => x.kind)).toEqual(['assessment_complete']);
    expect(write.outbox[0]).toMatchObject({ topic: 'carrierNotifications', key: 'filer-1', payload: { kind: 'assessment_complete', mrn: '26GB00000000000001' } });
  });

  it('keeps an officer\'s Do Not Load when the inspection found nothing', () => {
    const write = plan('do_not_load', 'no_anomaly');
    expect(write.holdStatus).toBeUndefined();
    expect(write.notifications).toEqual([]);
  });

  it.each(['anomaly_found', 'seized'] as const)('turns %s into Do Not Load with the notice to the filer', (outcome) => {
    const write = plan('inspection_requested', outcome);
    expect(write.holdStatus).toBe('do_not_load');
    expect(write.notifications.map((x) => x.kind)).toEqual(['do_not_load']);
    expect(write.outbox).toHaveLength(1);
  });

  it('holds arrived cargo for examination instead of Do Not Load', () => {
    const write = plan('arrived', 'seized');
    expect(write.holdStatus).toBe('held');
    expect(write.notifications).toEqual([]);
  });

  it('escalates not_inspected to officers, keeps the cargo held and tells the filer nothing', () => {
    const write = plan('inspection_requested', 'not_inspected');
    expect(write).toMatchObject({ requestStatus: 'escalated', escalationReason: 'not_inspected', holdStatus: 'held', notifications: [], outbox: [] });
    expect(write.outcomes).toEqual([]);
  });

  it('closes a withdrawn request answered "not inspected" without escalating it or touching the hold', () => {
    const withdrawn = context('released');
    withdrawn.request.status = 'withdrawn';
    const write = planInspectionResult({ context: withdrawn, outcome: 'not_inspected', now: '2026-11-22T08:00:00.000Z', newId: () => 'id-w' });
    expect(write).toMatchObject({ requestStatus: 'completed', notifications: [], outbox: [], outcomes: [] });
    expect(write.holdStatus).toBeUndefined();
    expect(write.escalationReason).toBeUndefined();
  });

  it('labels every goods line for the targeting model with the export customs source', () => {
    const write = plan('inspection_requested', 'seized');
    expect(write.outcomes).toHaveLength(2);
    // The features scoring reads (featuresFromConsignment), so training and scoring see the same ones.
    expect(write.outcomes[0]).toEqual({
      source: 'export_customs',
      outcome: 'serious_finding',
      features: { importerId: 'GB123', sellerId: 'CN456', loadingCountry: 'CN', routing: 'CN-SG-GB', mode: 'sea', commodityCode: '930621', originCountry: 'CN', netMassKg: 900 },
    });
    expect(plan('inspection_requested', 'anomaly_found').outcomes[0]?.outcome).toBe('irregularity');
    expect(plan('inspection_requested', 'no_anomaly').outcomes[0]?.outcome).toBe('no_finding');
  });

  it('labels a control-group consignment random_control, kept apart from training', () => {
    const write = planInspectionResult({ context: context('inspection_requested', true), outcome: 'no_anomaly', now: '2026-11-22T08:00:00.000Z', newId: () => 'id-x' });
    expect(write.outcomes.map((o) => o.source)).toEqual(['random_control', 'random_control']);
  });
});
