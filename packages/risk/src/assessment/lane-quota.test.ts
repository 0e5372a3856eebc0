import { describe, expect, it } from 'vitest';
import type { Assessment } from '@safe-screen/domain';
import { exemptFromQuota, moveDownForQuota, quotaLaneOf } from './lane-quota.js';

const red: Assessment = {
  score: 95, lane: 'red', outcome: 'outbound_inspection', requestedMethods: ['xray', 'physical'], ruleSetVersion: 'v1', assessedAt: '2026-11-22T10:00:00Z', summary: 'red',
  hits: [{ source: 'rule', ruleId: 'ARMS', description: 'arms', category: 'security', weight: 95, evidence: [] }],
};

describe('lane quotas', () => {
  it('moves a red selection to documentary screening, and a yellow one to assessment complete, saying why', () => {
    const yellow = moveDownForQuota(red, { lane: 'red', perDay: 200, day: '2026-11-22' });
    expect(yellow).toMatchObject({ lane: 'yellow', outcome: 'screening_request', requestedMethods: ['documentary'], score: 95 });
    expect(yellow.hits.at(-1)).toMatchObject({ ruleId: 'LANE-QUOTA-RED', weight: 0 });
    expect(yellow.summary).toContain('quota of 200');
    const green = moveDownForQuota({ ...red, lane: 'yellow', outcome: 'screening_request' }, { lane: 'yellow', perDay: 10, day: '2026-11-22' });
    expect(green).toMatchObject({ lane: 'green', outcome: 'assessment_complete', requestedMethods: [] });
    expect(green.hits.map((h) => h.ruleId)).toEqual(['ARMS', 'LANE-QUOTA-YELLOW']);
  });

  it('never moves Do Not Load, sanctions, intelligence or the control group', () => {
    expect(exemptFromQuota(red)).toBe(false);
    expect(exemptFromQuota({ ...red, outcome: 'do_not_load' })).toBe(true);
    expect(exemptFromQuota({ ...red, controlGroup: true })).toBe(true);
    expect(exemptFromQuota({ ...red, hits: [{ ...red.hits[0]!, source: 'sanctions' }] })).toBe(true);
    expect(exemptFromQuota({ ...red, hits: [{ ...red.hits[0]!, intelligence: true }] })).toBe(true);
  });

  it('counts only selections against a lane: green, complete and incomplete decisions use no capacity', () => {
    expect(quotaLaneOf(red)).toBe('red');
    expect(quotaLaneOf({ ...red, lane: 'yellow', outcome: 'screening_request' })).toBe('yellow');
    expect(quotaLaneOf({ ...red, lane: 'green', outcome: 'assessment_complete' })).toBeUndefined();
    expect(quotaLaneOf({ ...red, outcome: 'incomplete' })).toBeUndefined();
    // A request for information asks the filer; moving it down would make inadequate data "complete".
    expect(quotaLaneOf({ ...red, lane: 'yellow', outcome: 'request_for_information' })).toBeUndefined();
  });
});
