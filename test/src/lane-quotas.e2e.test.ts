/**
 * Lane quotas as a risk office sets them: with room for one red-lane selection a day, the second
 * arms consignment of the day is moved to documentary screening, says why, and sends no outbound
 * inspection request; the filer is told "screening request", as for any yellow-lane selection.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

async function call(pipeline: Pipeline, path: string, key: string): Promise<Record<string, any>> {
  const response = await fetch(`${pipeline.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return (await response.json()) as Record<string, any>;
}

describe('lane quotas (embedded default)', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline('embedded', { LANE_QUOTAS: 'red=1' });
  });
  afterAll(async () => pipeline?.stop());

  it('moves the day\'s red selections past the quota one lane down, with the reason on the decision', async () => {
    const decided = [];
    for (let i = 0; i < 2; i++) {
      const filed = await fileXml(pipeline, seaFiling({ lrn: `QUOTA-${randomUUID().slice(0, 8)}`, arms: true }));
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      const mrn = filed.body['mrn'] as string;
      await waitForDecisions(pipeline, mrn);
      const full = await call(pipeline, `/v1/filings/${mrn}?detail=full`, pipeline.keys.officer);
      decided.push({ mrn, arms: full['consignments'].find((c: { sequence: number }) => c.sequence === 3) });
    }
    const [first, second] = decided;
    expect(first!.arms).toMatchObject({ lane: 'red', outcome: 'outbound_inspection' });
    expect(second!.arms).toMatchObject({ lane: 'yellow', outcome: 'screening_request', holdStatus: 'held' });
    expect(second!.arms.assessment.hits.map((h: { ruleId: string }) => h.ruleId)).toContain('LANE-QUOTA-RED');
    expect(second!.arms.assessment.summary).toContain('quota of 1');
    // The moved consignment asks nobody abroad: only the first filing has an inspection request.
    const requests = await call(pipeline, `/v1/inspection-requests?mrn=${second!.mrn}`, pipeline.keys.officer);
    expect(requests['requests']).toEqual([]);
    const told = await call(pipeline, `/v1/filings/${second!.mrn}`, pipeline.keys.filer);
    expect(told['consignments'].find((c: { id: string }) => c.id === second!.arms.id).status).toBe('screening_request');
  });
});
