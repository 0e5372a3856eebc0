import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../rules/compile-rule-set.js';
import { loadStarterRuleSet } from '../rules/load-starter-rule-set.js';
import { buildSanctionsIndex } from '../sanctions/sanctions-index.js';
import { buildAssessmentInput, buildConsignment, buildPolicy } from '../testing/build-assessment-input.js';
import { assessConsignment } from './assess-consignment.js';
import { compareAssessments } from './compare-assessments.js';
import { summariseContainers } from './summarise-containers.js';

const starter = loadStarterRuleSet();
const sanctions = buildSanctionsIndex([]);
const policy = buildPolicy();
const active = compileRuleSet(starter);
// Proposal: cash payment becomes a strong indicator.
const proposed = compileRuleSet({ ...starter, version: 'proposal-1', rules: starter.rules.map((r) => (r.id === 'CASH-PAYMENT' ? { ...r, weight: 45 } : r)) });
const base = buildConsignment();

describe('shadow mode', () => {
  it('reports which consignments a proposed rule set would decide differently', () => {
    const inputs = [buildAssessmentInput({ consignmentId: 'A' }), buildAssessmentInput({ consignmentId: 'B', consignment: buildConsignment({ paymentMethod: 'A' }) })];
    const report = compareAssessments(
      inputs.map((input) => ({
        consignmentId: input.consignmentId,
        active: assessConsignment(input, { ruleSet: active, sanctions, policy }),
        proposed: assessConsignment(input, { ruleSet: proposed, sanctions, policy }),
      })),
    );
    expect(report).toMatchObject({ activeVersion: 'starter-2026.12.1', proposedVersion: 'proposal-1', assessed: 2 });
    expect(report.changed).toEqual([
      expect.objectContaining({ consignmentId: 'B', laneChanged: true, outcomeChanged: true, scoreDelta: 35, active: { lane: 'green', outcome: 'assessment_complete', score: 10 } }),
    ]);
    expect(report.lanes.proposed).toEqual({ green: 1, yellow: 1, red: 0 });
  });
});

describe('per-container decisions', () => {
  it('holds a container if any consignment in it is held', () => {
    const clean = buildAssessmentInput({ consignmentId: 'H1' });
    const risky = buildAssessmentInput({ consignmentId: 'H2', consignment: buildConsignment({ goods: [{ ...base.goods[0]!, commodityCode: '360300', description: 'Detonators' }] }) });
    const items = [clean, risky].map((input) => ({ consignmentId: input.consignmentId, consignment: input.consignment, assessment: assessConsignment(input, { ruleSet: active, sanctions, policy }) }));
    expect(summariseContainers(items)).toEqual([
      expect.objectContaining({ containerNumber: 'CSQU3054383', outcome: 'do_not_load', lane: 'red', consignmentIds: ['H1', 'H2'], decidedBy: ['H2'] }),
    ]);
  });
});
