/**
 * Targeting as officers and supervisors use it: party screening on demand, a proposed rule set run
 * in shadow mode and activated without a restart, and open consignments re-screened when a new
 * sanctions list edition is loaded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { requeueOpenConsignments, saveSanctionsEdition } from '@safe-screen/db';
import { loadShippedUnList, loadStarterRuleSet } from '@safe-screen/risk';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

const unique = () => randomUUID().slice(0, 8).toUpperCase();

async function call(pipeline: Pipeline, method: string, path: string, key: string, body?: unknown) {
  const response = await fetch(`${pipeline.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface FullConsignment {
  sequence: number;
  outcome: string;
  assessment: { ruleSetVersion: string; hits: { ruleId: string; source: string; evidence: { value: string }[] }[] };
}

async function fullConsignments(pipeline: Pipeline, mrn: string): Promise<FullConsignment[]> {
  const full = await call(pipeline, 'GET', `/v1/filings/${mrn}?detail=full`, pipeline.keys.officer);
  return full.body['consignments'] as FullConsignment[];
}

describe('rule sets and screening', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline('real', { ADMINISTRATION_COUNTRY: 'NL' });
  });
  afterAll(async () => pipeline?.stop());

  it('screens a party on demand with the evidence behind each match', async () => {
    const result = await call(pipeline, 'POST', '/v1/screening/parties', pipeline.keys.officer, { name: 'Korea Mining Development Trading Corp.', type: 'organisation' });
    expect(result.status).toBe(200);
    const matches = result.body['matches'] as { score: number; entry: { id: string; primaryName: string }; evidence: unknown[] }[];
    expect(matches[0]?.entry.primaryName).toMatch(/KOREA MINING DEVELOPMENT TRADING CORPORATION/i);
    expect(matches[0]!.score).toBeGreaterThan(0.9);
    expect(matches[0]!.evidence.length).toBeGreaterThan(0);
    const ordinary = await call(pipeline, 'POST', '/v1/screening/parties', pipeline.keys.officer, { name: 'Hollandia Fashion Wholesale B.V.' });
    expect(ordinary.body['matches']).toEqual([]);
    // Filers cannot probe the screening: scores against the threshold would let them tune a spelling.
    expect((await call(pipeline, 'POST', '/v1/screening/parties', pipeline.keys.filer, { name: 'Korea Mining Development Trading Corp.' })).status).toBe(403);
  });

  it('screens a batch of parties from CSV or JSON lines, one result line per row with the same evidence', async () => {
    const send = async (contentType: string, body: string, key = pipeline.keys.officer) => {
      const response = await fetch(`${pipeline.baseUrl}/v1/screening/batch`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': contentType }, body });
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    };
    const csv = await send('text/csv', 'name,country,type\nKorea Mining Development Trading Corp.,KP,organisation\nHollandia Fashion Wholesale B.V.,NL,organisation\nSome Ship,,boat\n');
    expect(csv.status, csv.text).toBe(200);
    expect(csv.type).toMatch(/^application\/x-ndjson/);
    const rows = csv.text.trim().split('\n').map((l) => JSON.parse(l) as { line: number; matches: { entry: { id: string }; evidence: unknown[] }[]; error?: string });
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(rows[0]!.matches.map((m) => m.entry.id)).toContain('KPe.001');
    expect(rows[0]!.matches[0]!.evidence.length).toBeGreaterThan(0);
    expect(rows[1]!.matches).toEqual([]);
    expect(rows[2]!.error).toMatch(/type "boat"/);
    const jsonl = await send('application/x-ndjson', '{"name":"Korea Mining Development Trading Corporation"}\nnot json\n');
    expect(jsonl.text.trim().split('\n').map((l) => JSON.parse(l) as { error?: string; matches: unknown[] }).map((r) => [r.matches.length > 0, r.error])).toEqual([[true, undefined], [false, 'not valid JSON']]);
    expect((await send('text/csv', 'name\nX\n', pipeline.keys.filer)).status).toBe(403);
  });

  it('runs a proposed rule set in shadow mode, then activates it without a restart', async () => {
    const filed = await fileXml(pipeline, seaFiling({ lrn: `RS-${unique()}`, arms: true }));
    const before = await waitForDecisions(pipeline, filed.body['mrn'] as string);
    expect(before.consignments.find((c) => c.sequence === 3)?.outcome).toBe('outbound_inspection');

    const starter = loadStarterRuleSet();
    const proposed = { ...starter, version: `${starter.version}-shadow-${unique()}`, rules: starter.rules.filter((r) => r.id !== 'ARMS-FIREARMS') };
    const invalid = await call(pipeline, 'POST', '/v1/rule-sets', pipeline.keys.officer, { ...proposed, rules: [{ id: 'BROKEN' }] });
    expect(invalid.status).toBe(422);
    expect(invalid.body['code']).toBe('RULE_SET_INVALID');
    const created = await call(pipeline, 'POST', '/v1/rule-sets', pipeline.keys.officer, proposed);
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const shadow = await call(pipeline, 'POST', `/v1/rule-sets/${proposed.version}/shadow?days=1`, pipeline.keys.officer);
    expect(shadow.status, JSON.stringify(shadow.body)).toBe(200);
    const transitions = shadow.body['transitions'] as { from: string; to: string; count: number }[];
    expect(transitions.some((t) => t.from === 'outbound_inspection' && t.to !== 'outbound_inspection')).toBe(true);

    const refused = await call(pipeline, 'POST', `/v1/rule-sets/${proposed.version}/activate`, pipeline.keys.officer, { reason: 'try' });
    expect(refused.status).toBe(403);
    const activated = await call(pipeline, 'POST', `/v1/rule-sets/${proposed.version}/activate`, pipeline.keys.supervisor, { reason: 'firearms rule retired after review' });
    expect(activated.status).toBe(200);

    const refiled = await fileXml(pipeline, seaFiling({ lrn: `RS-${unique()}`, arms: true }));
    await waitForDecisions(pipeline, refiled.body['mrn'] as string);
    const arms = (await fullConsignments(pipeline, refiled.body['mrn'] as string)).find((c) => c.sequence === 3)!;
    expect(arms.assessment.ruleSetVersion).toBe(proposed.version);
    expect(arms.assessment.hits.map((h) => h.ruleId)).not.toContain('ARMS-FIREARMS');
    expect(arms.outcome, JSON.stringify(arms.assessment.hits.map((h) => h.ruleId))).not.toBe('outbound_inspection');
  });

  it('re-screens open consignments when a new list edition is loaded', async () => {
    const database = pipeline.server.database();
    const old = loadShippedUnList('2024-09-26');
    const oldEdition = { id: `${old.source}:${old.edition}`, source: old.source, edition: old.edition, list: old as unknown as Record<string, unknown> };
    // Going back to an older edition than the active one is refused unless forced.
    await expect(saveSanctionsEdition(database.db, oldEdition)).rejects.toMatchObject({ code: 'SANCTIONS_EDITION_OLDER' });
    await saveSanctionsEdition(database.db, oldEdition, { force: true });
    await pipeline.server.refreshSnapshot();

    // Listed in the 2025-04-19 edition, not in 2024-09-26.
    const xml = seaFiling({ lrn: `RX-${unique()}` }).replace('Hollandia Fashion Wholesale B.V.', 'Victor Prophane');
    const filed = await fileXml(pipeline, xml);
    const mrn = filed.body['mrn'] as string;
    await waitForDecisions(pipeline, mrn);
    const first = (await fullConsignments(pipeline, mrn)).find((c) => c.sequence === 1)!;
    expect(first.assessment.hits.filter((h) => h.source === 'sanctions')).toEqual([]);

    const current = loadShippedUnList('2025-04-19');
    await saveSanctionsEdition(database.db, { id: `${current.source}:${current.edition}`, source: current.source, edition: current.edition, list: current as unknown as Record<string, unknown> });
    await pipeline.server.refreshSnapshot();
    expect(await requeueOpenConsignments(database.db, 'test: new UN edition')).toBeGreaterThan(0);

    // The listed name now scores as a sanctions hit: a name-only match holds the consignment (red) for
    // an officer; Do Not Load needs a strong identifier.
    const until = Date.now() + 60_000;
    let house = first;
    while (Date.now() < until) {
      house = (await fullConsignments(pipeline, mrn)).find((c) => c.sequence === 1)!;
      if (house.assessment.hits.some((h) => h.source === 'sanctions')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const hits = house.assessment.hits.filter((h) => h.source === 'sanctions');
    expect(JSON.stringify(hits)).toContain('HTi.006');
    expect(house).toMatchObject({ outcome: 'screening_request', lane: 'red' });
  });
});
