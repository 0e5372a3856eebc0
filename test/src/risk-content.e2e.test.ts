/**
 * Risk content over HTTP: SAFE required data (inadequate data is not low risk) and, as they are
 * added, threat lists and licences. Real PostgreSQL, S3Proxy and Kafka (infra/with-servers.sh).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

const unique = () => randomUUID().slice(0, 8).toUpperCase();

async function get(pipeline: Pipeline, path: string, key: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${pipeline.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return (await response.json()) as Record<string, unknown>;
}

describe('risk content', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline('real', { ADMINISTRATION_COUNTRY: 'NL' });
  });
  afterAll(async () => pipeline?.stop());

  it('never clears a complete filing without consignor, consignee or HS code: information is requested, naming what is missing', async () => {
    const houses = seaFiling({ lrn: `RC-${unique()}` }).split('<HouseConsignment>');
    houses[1] = houses[1]!.replace(/<Consignor>[\s\S]*?<\/Consignor>/, '');
    houses[2] = houses[2]!.replace(/<Consignee>[\s\S]*?<\/Consignee>/, '');
    houses[3] = houses[3]!.replace(/<CommodityCode>[^<]*<\/CommodityCode>/g, '');
    const filed = await fileXml(pipeline, houses.join('<HouseConsignment>'));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const warnings = (filed.body['warnings'] as { code: string; value?: string }[] | undefined) ?? [];
    expect(warnings.filter((i) => i.code === 'REQUIRED_ELEMENT_MISSING').map((i) => i.value).sort()).toEqual(['commodityCode', 'consignee', 'consignor']);

    const decided = await waitForDecisions(pipeline, filed.body['mrn'] as string);
    const missing: Record<number, string> = { 1: 'consignor', 2: 'consignee', 3: 'commodityCode' };
    for (const consignment of decided.consignments) {
      expect(consignment.outcome, `consignment ${consignment.sequence}`).toBe('request_for_information');
      expect(consignment.lane).not.toBe('green');
      expect(consignment.holdStatus).not.toBe('released');
    }
    // The filer is told what to supply.
    const notices = await get(pipeline, `/v1/filings/${filed.body['mrn'] as string}/notifications`, pipeline.keys.filer);
    const texts = (notices['notifications'] as { kind: string; message: string }[]).filter((n) => n.kind === 'request_for_information').map((n) => n.message);
    for (const element of Object.values(missing)) expect(texts.some((t) => t.includes(element)), `${element} in ${JSON.stringify(texts)}`).toBe(true);
  });
});
