/**
 * Risk content over HTTP: SAFE required data (inadequate data is not low risk) and, as they are
 * added, threat lists and licences. Real PostgreSQL, S3Proxy and Kafka (infra/with-servers.sh).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { loadStarterRuleSet } from '@safe-screen/risk';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

const unique = () => randomUUID().slice(0, 8).toUpperCase();

async function get(pipeline: Pipeline, path: string, key: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${pipeline.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return (await response.json()) as Record<string, unknown>;
}

async function post(pipeline: Pipeline, path: string, key: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${pipeline.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const DETONATORS = (xml: string) =>
  xml.replace(/<Description>[^<]*<\/Description>/, '<Description>Electric detonators for quarry blasting, 0.5 s delay</Description>').replace(/<CommodityCode>\d+<\/CommodityCode>/, '<CommodityCode>360360</CommodityCode>');

/**
 * The sea sample with detonators in house 2 (no licence) and house 3 (citing `licence`, consignee
 * Koelhuis Retail Nederland B.V., 140 packages).
 */
function detonatorFiling(lrn: string, licence: string): string {
  const houses = seaFiling({ lrn }).split('<HouseConsignment>');
  houses[2] = DETONATORS(houses[2]!);
  houses[3] = DETONATORS(houses[3]!).replace('<PaymentMethod>H</PaymentMethod>', `<PaymentMethod>H</PaymentMethod><Licence><Number>${licence}</Number><IssuingCountry>NL</IssuingCountry></Licence>`);
  return houses.join('<HouseConsignment>');
}

interface FullConsignment {
  sequence: number;
  outcome: string;
  lane: string;
  assessment: { requestedMethods: string[]; hits: { ruleId: string; description: string; weight: number }[] };
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

  it('lets licensed detonators through to a documentary check, holds unlicensed ones, and draws the licence down across filings', async () => {
    const number = `NL-EXPL-${unique()}`;
    const licence = {
      number, issuingCountry: 'NL', direction: 'import', category: 'explosives', holderName: 'Koelhuis Retail Nederland B.V.', holderIdentifier: 'NL853344556',
      goodsDescription: 'Electric detonators for quarrying', hsCodes: ['3603'], quantity: 200, unit: 'items', validFrom: '2026-01-01', validTo: '2099-12-31',
    };
    expect((await post(pipeline, '/v1/licences', pipeline.keys.filer, licence)).status).toBe(403);
    const bad = await post(pipeline, '/v1/licences', pipeline.keys.officer, { ...licence, hsCodes: ['36.03'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body['issues'])).toContain('hsCodes[0]');
    expect(await post(pipeline, '/v1/licences', pipeline.keys.officer, licence)).toMatchObject({ status: 201, body: { inserted: 1, updated: 0 } });

    const first = await fileXml(pipeline, detonatorFiling(`LIC-${unique()}`, number));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    await waitForDecisions(pipeline, first.body['mrn'] as string);
    const full = (await get(pipeline, `/v1/filings/${first.body['mrn'] as string}?detail=full`, pipeline.keys.officer))['consignments'] as FullConsignment[];
    const unlicensed = full.find((c) => c.sequence === 2)!;
    const licensed = full.find((c) => c.sequence === 3)!;
    expect(unlicensed.outcome).toBe('do_not_load');
    expect(unlicensed.assessment.hits.map((h) => h.ruleId)).toContain('LICENCE-MISSING');
    expect(licensed).toMatchObject({ outcome: 'screening_request', lane: 'yellow' });
    expect(licensed.assessment.requestedMethods).toEqual(['documentary']);
    expect(licensed.assessment.hits.find((h) => h.ruleId === 'LICENCE-MATCHED')?.weight).toBe(-90);
    expect(await get(pipeline, `/v1/licences/NL/${number}`, pipeline.keys.officer)).toMatchObject({ drawn: 140, remaining: 60 });

    // The same goods again: 140 packages, 60 left on the licence: held, and the reason says so.
    const second = await fileXml(pipeline, detonatorFiling(`LIC-${unique()}`, number));
    await waitForDecisions(pipeline, second.body['mrn'] as string);
    const again = ((await get(pipeline, `/v1/filings/${second.body['mrn'] as string}?detail=full`, pipeline.keys.officer))['consignments'] as FullConsignment[]).find((c) => c.sequence === 3)!;
    expect(again.outcome).toBe('do_not_load');
    expect(again.assessment.hits.find((h) => h.ruleId === 'LICENCE-MISMATCH')?.description).toContain('has 60 items left; this consignment needs 140 items');
    expect(await get(pipeline, `/v1/licences/NL/${number}`, pipeline.keys.officer)).toMatchObject({ drawn: 140, remaining: 60 });

    // Shadow mode with the active rule set reads the register without drawing on it: nothing changes.
    const shadow = await post(pipeline, `/v1/rule-sets/${encodeURIComponent(loadStarterRuleSet().version)}/shadow`, pipeline.keys.officer, {});
    expect(shadow.status, JSON.stringify(shadow.body)).toBe(200);
    const mrns = new Set([first.body['mrn'], second.body['mrn']]);
    expect((shadow.body['changed'] as { mrn: string }[]).filter((c) => mrns.has(c.mrn))).toEqual([]);
    expect(await get(pipeline, `/v1/licences/NL/${number}`, pipeline.keys.officer)).toMatchObject({ drawn: 140, remaining: 60 });
  });
});
