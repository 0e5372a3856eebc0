import { describe, expect, it } from 'vitest';
import { filerStatusOf, latestNoticeByConsignment } from './filer-view.js';

describe('what a filer is told', () => {
  it('follows the latest notice, so an officer\'s later action wins over the first decision', () => {
    const latest = latestNoticeByConsignment([
      { consignmentId: 'a', kind: 'request_for_information' },
      { consignmentId: 'b', kind: 'assessment_complete' },
      { consignmentId: 'a', kind: 'released' },
      { consignmentId: 'b', kind: 'do_not_load' },
      { consignmentId: null, kind: 'assessment_complete' },
    ]);
    expect(filerStatusOf({ state: 'assessed', holdStatus: 'released', outcome: 'assessment_complete' }, latest.get('a'))).toBe('assessment_complete');
    expect(filerStatusOf({ state: 'assessed', holdStatus: 'do_not_load', outcome: 'do_not_load' }, latest.get('b'))).toBe('do_not_load');
  });

  it('says "under assessment" while customs have told nothing, an outbound inspection included (no tip-off)', () => {
    // An outbound inspection issues no notice to the filer: the consignment simply stays under assessment.
    expect(filerStatusOf({ state: 'assessed', holdStatus: 'inspection_requested', outcome: 'outbound_inspection' }, undefined)).toBe('under_assessment');
    expect(filerStatusOf({ state: 'pending', holdStatus: 'open', outcome: null }, undefined)).toBe('under_assessment');
    expect(filerStatusOf({ state: 'incomplete', holdStatus: 'open', outcome: 'incomplete' }, undefined)).toBe('incomplete');
    // Amended after "assessment complete": the new version is under assessment until decided.
    expect(filerStatusOf({ state: 'pending', holdStatus: 'released', outcome: 'assessment_complete' }, 'assessment_complete')).toBe('under_assessment');
  });

  it('keeps Do Not Load while it is in force, whatever was asked since', () => {
    expect(filerStatusOf({ state: 'assessed', holdStatus: 'do_not_load', outcome: 'assessment_complete' }, 'request_for_information')).toBe('do_not_load');
  });
});
