import { describe, expect, it } from 'vitest';
import { sampleFiling } from '../testing/read-fixture.js';
import { checkFilingTiming } from './check-filing-timing.js';

describe('checkFilingTiming', () => {
  it('containerised sea: 24 h before loading', () => {
    const filing = sampleFiling('sea-container.xml'); // loading 2026-11-29T06:00Z
    expect(checkFilingTiming(filing, '2026-11-27T09:30:00Z')).toEqual({ deadline: '2026-11-28T06:00:00.000Z', late: false, hoursBeforeLoading: 44.5 });
    expect(checkFilingTiming(filing, new Date('2026-11-28T07:00:00Z'))).toMatchObject({ late: true, hoursBeforeLoading: 23 });
  });

  it('bulk sea: 4 h before arrival', () => {
    const filing = sampleFiling('sea-container.xml');
    for (const c of filing.consignments) {
      c.containerised = false;
      c.equipment = [];
    }
    expect(checkFilingTiming(filing, '2026-12-29T03:00:00Z')).toMatchObject({ deadline: '2026-12-29T04:00:00.000Z', late: false });
  });

  it('air: before loading, using departure when there is no loading time', () => {
    const filing = sampleFiling('air.xml'); // departure 2026-11-28T14:35Z
    expect(checkFilingTiming(filing, '2026-11-28T14:00:00Z')).toMatchObject({ deadline: '2026-11-28T14:35:00.000Z', late: false, hoursBeforeLoading: 0.58 });
    expect(checkFilingTiming(filing, '2026-11-28T15:00:00Z').late).toBe(true);
  });

  it('road: 1 h before arrival; rail: 2 h before arrival', () => {
    expect(checkFilingTiming(sampleFiling('road.xml'), '2026-11-26T15:30:00Z')).toMatchObject({ deadline: '2026-11-26T15:00:00.000Z', late: true });
    expect(checkFilingTiming(sampleFiling('rail.xml'), '2026-12-09T08:00:00Z')).toMatchObject({ deadline: '2026-12-09T09:00:00.000Z', late: false });
  });

  it('has no deadline without the times it needs', () => {
    const filing = sampleFiling('road.xml');
    delete filing.conveyance.expectedArrivalAt;
    expect(checkFilingTiming(filing, '2026-11-26T15:30:00Z')).toEqual({ late: false, hoursBeforeLoading: -8.5 });
  });
});
