/**
 * The filing lifecycle as filers and officers live it: amendments make new versions and are
 * re-assessed; arrival closes amendments; invalidation; and ICS2 multiple filing, where a forwarder's
 * house filing waits as "incomplete" until the carrier's master filing arrives, in either order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { sampleFiling, seaFiling } from './sample-filings.js';

const unique = () => randomUUID().slice(0, 8).toUpperCase();

async function post(pipeline: Pipeline, path: string, body: unknown, key = pipeline.keys.filer) {
  const response = await fetch(`${pipeline.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('filing lifecycle', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline('real', { ADMINISTRATION_COUNTRY: 'NL' });
  });
  afterAll(async () => pipeline?.stop());

  it('amends into a new version that is re-assessed, and refuses amendments after arrival', async () => {
    const lrn = `LC-${unique()}`;
    const first = await fileXml(pipeline, seaFiling({ lrn }));
    expect(first.status).toBe(201);
    const mrn = first.body['mrn'] as string;
    await waitForDecisions(pipeline, mrn);

    const amended = await fileXml(pipeline, seaFiling({ lrn, arms: true }));
    expect(amended.body).toMatchObject({ mrn, status: 'amended', version: 2 });
    const after = await waitForDecisions(pipeline, mrn);
    expect(after.consignments.find((c) => c.sequence === 3)?.outcome).toBe('outbound_inspection');
    // The vessel leaves in 8 days: an arrival now is refused (not before departure).
    expect((await post(pipeline, `/v1/filings/${mrn}/arrival`, {})).body['code']).toBe('ARRIVAL_TIME_INVALID');

    // A vessel that has left: loading and departure in the past.
    const iso = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const departed = (xml: string) => xml
      .replace(/<ExpectedLoading>[^<]*</, `<ExpectedLoading>${iso(-72)}<`)
      .replace(/<ExpectedDeparture>[^<]*</, `<ExpectedDeparture>${iso(-48)}<`)
      .replace(/<ExpectedArrival>[^<]*</, `<ExpectedArrival>${iso(-1)}<`);
    const gone = `LC-${unique()}`;
    const filed = await fileXml(pipeline, departed(seaFiling({ lrn: gone })));
    await waitForDecisions(pipeline, filed.body['mrn'] as string);
    const arrival = await post(pipeline, `/v1/filings/${filed.body['mrn'] as string}/arrival`, {});
    expect(arrival.status, JSON.stringify(arrival.body)).toBe(200);
    const late = await fileXml(pipeline, departed(seaFiling({ lrn: gone, arms: true, sanctioned: true })));
    expect(late.status).toBe(409);
    expect(late.body['code']).toBe('FILING_AMENDMENT_REFUSED');
  });

  it('invalidates a filing on request, and only for its own filer', async () => {
    const filed = await fileXml(pipeline, seaFiling({ lrn: `LC-${unique()}` }));
    const mrn = filed.body['mrn'] as string;
    const byOther = await post(pipeline, `/v1/filings/${mrn}/invalidate`, { reason: 'not mine' }, pipeline.keys.partner);
    expect(byOther.status).toBe(403);
    const invalidated = await post(pipeline, `/v1/filings/${mrn}/invalidate`, { reason: 'voyage cancelled' });
    expect(invalidated.status).toBe(200);
    const view = await fetch(`${pipeline.baseUrl}/v1/filings/${mrn}`, { headers: { authorization: `Bearer ${pipeline.keys.filer}` } });
    expect(((await view.json()) as { status: string }).status).toBe('invalidated');
  });

  it('keeps a house filing incomplete until the master filing arrives, then assesses both', async () => {
    const masterNumber = `176-${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    // A valid AWB: the check digit is the serial mod 7.
    const awb = `${masterNumber}${Number(masterNumber.slice(4)) % 7}`;
    const house = sampleFiling('air', `HOUSE-${unique()}`).replaceAll('176-12345675', awb);
    const filedHouse = await fileXml(pipeline, house);
    expect(filedHouse.status, JSON.stringify(filedHouse.body)).toBe(201);
    const houseMrn = filedHouse.body['mrn'] as string;
    const waiting = await waitForDecisions(pipeline, houseMrn);
    expect(waiting.consignments.every((c) => c.state === 'incomplete' && c.outcome === 'incomplete')).toBe(true);

    const master = sampleFiling('rail', `MASTER-${unique()}`).replace('CIM-CQ-2611-000871', awb);
    const filedMaster = await fileXml(pipeline, master);
    expect(filedMaster.status, JSON.stringify(filedMaster.body)).toBe(201);
    await waitForDecisions(pipeline, filedMaster.body['mrn'] as string);

    const until = Date.now() + 30_000;
    let houses = waiting;
    while (Date.now() < until) {
      houses = await waitForDecisions(pipeline, houseMrn);
      if (houses.consignments.every((c) => c.state === 'assessed')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(houses.consignments.every((c) => c.state === 'assessed' && c.outcome !== 'incomplete')).toBe(true);
  });
});
