/**
 * Learning from inspection outcomes, end to end on real PostgreSQL, S3Proxy and Kafka: a supervisor
 * imports historical outcomes (KCS columns), retrains, the model becomes active, and a filing whose
 * commodity and origin have an adverse history is scored with an explained history item. An
 * officer's inspection result is then stored as labelled examples with the features scoring uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCaseFile } from '@safe-screen/db';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

const HEADER = 'Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud';

function row(id: number, hs6: string, country: string, fraud: 0 | 1): string {
  const day = String(1 + (id % 28)).padStart(2, '0');
  return `${id},2025-03-${day},30,B,11,21,11,10,DCL${id % 7},IMP${id % 13},SEL${id % 11},,${hs6},${country},${country},8.0,A,G,${100 + id},${1000 + id},${fraud},0`;
}

/**
 * History: fridges (841810) from China were irregular in 41 of 57 inspections; other commodity and
 * country pairs rarely were (one in ten). Deterministic, so the model and its version are too.
 */
function historyCsv(): string {
  const lines = [HEADER];
  let id = 90_000_000;
  for (let i = 0; i < 57; i++) lines.push(row(id++, '841810', 'CN', i < 41 ? 1 : 0));
  const others: [string, string][] = [['611020', 'CN'], ['940542', 'CN'], ['850440', 'VN'], ['620342', 'BD'], ['841810', 'KR'], ['870323', 'DE']];
  for (const [hs6, country] of others) for (let i = 0; i < 40; i++) lines.push(row(id++, hs6, country, i % 10 === 0 ? 1 : 0));
  return `${lines.join('\n')}\n`;
}

describe('targeting model learned from inspection outcomes (real PostgreSQL, S3Proxy, Kafka)', () => {
  let pipeline: Pipeline;
  const call = async (path: string, init: { method?: string; key: string; body?: string; type?: string }) => {
    const headers: Record<string, string> = { authorization: `Bearer ${init.key}` };
    if (init.type !== undefined) headers['content-type'] = init.type;
    const response = await fetch(`${pipeline.baseUrl}${path}`, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: init.body }) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    pipeline = await startPipeline('real');
  }, 120_000);
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('says why it does not train when there are too few outcomes', async () => {
    const retrain = await call('/v1/targeting/retrain', { method: 'POST', key: pipeline.keys.supervisor });
    expect(retrain.status).toBe(200);
    expect(retrain.body).toMatchObject({ status: 'skipped', reason: 'too_few_examples', examples: 0 });
    expect(retrain.body['message']).toMatch(/at least \d+ are needed/);
  });

  it('refuses a file without the mapped columns, naming the column; filers may not import', async () => {
    const refused = await call('/v1/targeting/outcomes/import?mapping=kcs', { method: 'POST', key: pipeline.keys.admin, type: 'text/csv', body: 'Declaration ID,Date\n1,2025-01-01\n' });
    expect(refused.status).toBe(422);
    expect(refused.body['code']).toBe('LEARNING_CSV_REFUSED');
    expect(refused.body['issues']).toContainEqual(expect.objectContaining({ code: 'LEARNING_CSV_COLUMN_MISSING', line: 1, column: 'Fraud' }));
    const unknown = await call('/v1/targeting/outcomes/import?mapping=acme', { method: 'POST', key: pipeline.keys.admin, type: 'text/csv', body: historyCsv() });
    expect(unknown.status).toBe(400);
    expect(unknown.body['code']).toBe('LEARNING_MAPPING_UNKNOWN');
    const filer = await call('/v1/targeting/outcomes/import?mapping=kcs', { method: 'POST', key: pipeline.keys.filer, type: 'text/csv', body: historyCsv() });
    expect(filer.status).toBe(403);
  });

  it('imports history, skipping a bad row with its line and column; a re-import adds nothing', async () => {
    const csv = historyCsv();
    const withBadRow = `${csv}99999999,13/01/2025,30,B,11,21,11,10,D,I,S,,841810,CN,CN,8.0,A,G,1,1,1,0\n`;
    const imported = await call('/v1/targeting/outcomes/import?mapping=kcs', { method: 'POST', key: pipeline.keys.supervisor, type: 'text/csv', body: withBadRow });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ mapping: 'kcs', imported: 297, alreadyImported: 0, skipped: 1 });
    expect(imported.body['issues']).toEqual([expect.objectContaining({ code: 'LEARNING_CSV_DATE_INVALID', line: 299, column: 'Date', value: '13/01/2025' })]);
    const again = await call('/v1/targeting/outcomes/import?mapping=kcs', { method: 'POST', key: pipeline.keys.supervisor, type: 'text/csv', body: csv });
    expect(again.body).toMatchObject({ imported: 0, alreadyImported: 297, skipped: 0 });
  });

  let version = '';
  it('retrains on demand, activates the new version and lists it with its metrics', async () => {
    const retrain = await call('/v1/targeting/retrain', { method: 'POST', key: pipeline.keys.admin, type: 'application/json', body: '{}' });
    expect(retrain.status).toBe(200);
    expect(retrain.body).toMatchObject({ status: 'trained', previousVersion: null, metrics: { target: 'fraud', examples: 297, adverse: 41 + 6 * 4 } });
    version = retrain.body['version'] as string;
    expect(version).toMatch(/^fraud-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);

    const models = await call('/v1/targeting/models', { key: pipeline.keys.supervisor });
    expect(models.status).toBe(200);
    expect(models.body['active']).toBe(version);
    expect(models.body['outcomes']).toBe(297);
    expect(models.body['items']).toEqual([expect.objectContaining({ version, active: true, metrics: expect.objectContaining({ examples: 297 }) })]);
    expect((await call('/v1/targeting/models', { key: pipeline.keys.officer })).status).toBe(403);

    // Same outcomes, same settings: the same model, so no new version.
    const again = await call('/v1/targeting/retrain', { method: 'POST', key: pipeline.keys.admin });
    expect(again.body).toMatchObject({ status: 'unchanged', version });
  }, 60_000);

  it('scores a filing with the history item and records the model version with the assessment', async () => {
    await pipeline.server.refreshSnapshot();
    expect(pipeline.server.versions().modelVersion).toBe(version);
    const filed = await fileXml(pipeline, seaFiling({ lrn: `TGT${Date.now()}` }));
    expect(filed.status).toBe(201);
    const decided = await waitForDecisions(pipeline, filed.body['mrn'] as string);
    // House 3 carries refrigerator-freezers (841810) from China.
    const fridges = decided.consignments.find((c) => c.sequence === 3)!;
    const file = await call(`/v1/cases/${fridges.id}`, { key: pipeline.keys.officer });
    const history = (file.body['hits'] as { ruleId: string; description: string; evidence: { note?: string }[] }[]).filter((h) => h.ruleId.startsWith('history.'));
    expect(history.length).toBeGreaterThan(0);
    expect(history.map((h) => h.description)).toContainEqual(expect.stringMatching(/841810.*CN.*: 41 of 57 past inspections found irregularities/));
    expect(history[0]!.evidence).toContainEqual(expect.objectContaining({ note: `model ${version}` }));
    const stored = await findCaseFile(pipeline.server.database().db, fridges.id);
    expect(stored?.assessments[0]?.result.modelVersion).toBe(version);

    // A consignment whose goods have no adverse history gets no history item.
    const clean = decided.consignments.find((c) => c.sequence === 1)!;
    const cleanFile = await call(`/v1/cases/${clean.id}`, { key: pipeline.keys.officer });
    expect((cleanFile.body['hits'] as { ruleId: string }[]).filter((h) => h.ruleId.startsWith('history.'))).toEqual([]);
  }, 90_000);

  it('stores an officer\'s inspection result as labelled examples with the features scoring uses', async () => {
    const filed = await fileXml(pipeline, seaFiling({ lrn: `TGO${Date.now()}`, arms: true }));
    const decided = await waitForDecisions(pipeline, filed.body['mrn'] as string);
    // With arms declared, house 3 (shotguns, 930320, from China) is sent for outbound inspection.
    const arms = decided.consignments.find((c) => c.sequence === 3)!;
    const file = await call(`/v1/cases/${arms.id}`, { key: pipeline.keys.officer });
    const request = (file.body['inspectionRequests'] as { id: string }[])[0];
    expect(request).toBeDefined();
    const recorded = await call(`/v1/cases/${arms.id}/inspection-result`, {
      method: 'POST',
      key: pipeline.keys.officer,
      type: 'application/json',
      body: JSON.stringify({ requestId: request!.id, outcome: 'positive', severity: 'serious', reason: 'export customs reported by phone: undeclared goods' }),
    });
    expect(recorded.status).toBe(200);
    const stored = await findCaseFile(pipeline.server.database().db, arms.id);
    // One example per goods line, named as the model's features (what featuresFromConsignment gives).
    expect(stored!.inspectionOutcomes).toHaveLength(stored!.content.goods.length);
    expect(stored!.inspectionOutcomes[0]).toMatchObject({
      source: 'officer',
      outcome: 'serious_finding',
      features: { commodityCode: '930320', originCountry: 'CN', importerId: 'NL853344556', mode: 'sea', office: 'NL000396' },
    });
    expect(Object.keys(stored!.inspectionOutcomes[0]!.features)).not.toContain('methods');
  }, 90_000);
});
