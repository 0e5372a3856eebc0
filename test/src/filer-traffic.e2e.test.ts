/**
 * Issue 17: a carrier's operations desk sees its own traffic. `GET /v1/filings` with filters and
 * keyset paging; `GET /v1/notifications?after=` as a feed that hands out each notice once, every
 * notice carrying LRN, transport documents, equipment, what is required and by when. On the
 * embedded default and on the real servers.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrincipal, issueApiKey, tables } from '@safe-screen/db';
import { FEED_SETTLE_MS } from '@safe-screen/db/filer-traffic-repository';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

const unique = () => randomUUID().slice(0, 8).toUpperCase();
const settle = () => new Promise((r) => setTimeout(r, FEED_SETTLE_MS + 500));

async function get(pipeline: Pipeline, path: string, key = pipeline.keys.filer): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${pipeline.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function post(pipeline: Pipeline, path: string, key: string, body: unknown) {
  const response = await fetch(`${pipeline.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return response.status;
}

/** Reads the whole feed from `after`, page by page. */
async function drain(pipeline: Pipeline, after: string, limit: number) {
  const seen: Record<string, any>[] = [];
  let cursor = after;
  for (;;) {
    const page = await get(pipeline, `/v1/notifications?after=${encodeURIComponent(cursor)}&limit=${limit}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    seen.push(...page.body['notifications']);
    if (page.body['notifications'].length === 0) return { seen, cursor: page.body['cursor'] as string };
    cursor = page.body['cursor'];
  }
}

for (const mode of ['embedded', 'real'] as const) {
  describe(`a filer's own traffic (${mode})`, () => {
    let pipeline: Pipeline;
    const lrns = [`OWN-A-${unique()}`, `OWN-B-${unique()}`, `OWN-C-${unique()}`];
    const mrns: string[] = [];
    beforeAll(async () => {
      pipeline = await startPipeline(mode, { ADMINISTRATION_COUNTRY: 'NL', MAX_EVENT_LOOP_DELAY_MS: '0', LANE_QUOTAS: 'red=0' });
      for (const [i, lrn] of lrns.entries()) {
        const filed = await fileXml(pipeline, seaFiling({ lrn, arms: i === 2 }));
        expect(filed.status, JSON.stringify(filed.body)).toBe(201);
        mrns.push(filed.body['mrn'] as string);
        await waitForDecisions(pipeline, filed.body['mrn'] as string);
      }
    }, 240_000);
    afterAll(async () => pipeline?.stop());

    it('lists its filings newest first with filters and cursor pages that neither repeat nor skip', async () => {
      const first = await get(pipeline, '/v1/filings?limit=2');
      expect(first.status).toBe(200);
      expect(first.body['filings'].map((f: { lrn: string }) => f.lrn)).toEqual([lrns[2], lrns[1]]);
      const second = await get(pipeline, `/v1/filings?limit=2&cursor=${first.body['nextCursor']}`);
      expect(second.body).toMatchObject({ filings: [{ lrn: lrns[0], mrn: mrns[0], status: 'registered', transportMode: 'sea' }], nextCursor: null });
      expect(second.body['filings'][0].consignments).toBeGreaterThan(1);

      expect((await get(pipeline, `/v1/filings?lrn=${lrns[1]}`)).body['filings'].map((f: { mrn: string }) => f.mrn)).toEqual([mrns[1]]);
      const view = await get(pipeline, `/v1/filings/${mrns[0]}`);
      const house = view.body['consignments'][1];
      expect((await get(pipeline, `/v1/filings?transportDocument=${encodeURIComponent(house.transportDocumentNumber)}`)).body['filings'].map((f: { mrn: string }) => f.mrn)).toEqual([mrns[0]]);
      expect((await get(pipeline, `/v1/filings?from=${new Date(Date.now() + 60_000).toISOString()}`)).body['filings']).toEqual([]);
      expect((await get(pipeline, '/v1/filings?status=invalidated')).body['filings']).toEqual([]);
      expect(await get(pipeline, '/v1/filings?cursor=bm90LWEtY3Vyc29y')).toMatchObject({ status: 400, body: { code: 'REQUEST_INVALID' } });

      // Another filer sees none of them.
      const db = pipeline.server.database().db;
      const strangerKey = await issueApiKey(db, (await createPrincipal(db, { role: 'filer', name: `stranger-${unique()}` })).id);
      expect((await get(pipeline, '/v1/filings', strangerKey)).body).toEqual({ filings: [], nextCursor: null });
    });

    it('hands out every notice once through the feed, each with what the desk needs; nothing is repeated', async () => {
      await settle();
      const { seen, cursor } = await drain(pipeline, 'start', 3);
      const ids = seen.map((n) => n.notificationId);
      expect(new Set(ids).size).toBe(ids.length);
      // The same notices as the latest-first list, oldest first.
      const latest = await get(pipeline, '/v1/notifications?limit=500');
      expect(latest.body['notifications'].map((n: { notificationId: string }) => n.notificationId).reverse()).toEqual(ids);
      for (const n of seen) {
        expect(lrns).toContain(n.lrn);
        expect(n).toMatchObject({ mrn: expect.any(String), transportDocumentNumber: expect.any(String), equipment: expect.any(Array), issuedAt: expect.any(String) });
      }
      const screening = seen.find((n) => n.kind === 'screening_request' && n.lrn === lrns[2])!;
      expect(screening).toMatchObject({ required: expect.stringContaining('/screening'), dueBy: expect.any(String), masterDocumentNumber: expect.any(String) });
      expect(screening.equipment.length).toBeGreaterThan(0);
      const complete = seen.find((n) => n.kind === 'assessment_complete');
      expect(complete).toMatchObject({ required: null, dueBy: null });

      // Nothing new: an empty page and the same cursor.
      expect((await get(pipeline, `/v1/notifications?after=${cursor}`)).body).toEqual({ notifications: [], cursor });
      // A new question reaches the feed once.
      const target = seen.find((n) => n.kind === 'assessment_complete')!;
      expect(await post(pipeline, `/v1/cases/${target.consignmentId}/request-information`, pipeline.keys.officer, { reason: 'invoice', question: 'Send the commercial invoice.' })).toBe(200);
      await settle();
      const next = await drain(pipeline, cursor, 10);
      expect(next.seen).toHaveLength(1);
      expect(next.seen[0]).toMatchObject({ kind: 'request_for_information', consignmentId: target.consignmentId, lrn: target.lrn, required: expect.stringContaining('/information') });
      expect(await get(pipeline, '/v1/notifications?after=garbage')).toMatchObject({ status: 400, body: { code: 'REQUEST_INVALID' } });
      // The Kafka message (the outbox row) carries the same facts.
      const rows = await pipeline.server.database().db.select().from(tables.outbox);
      const kafka = rows.find((r) => r.topic === 'carrierNotifications' && r.payload['notificationId'] === screening.notificationId);
      expect(kafka?.payload).toMatchObject({ lrn: lrns[2], transportDocumentNumber: screening.transportDocumentNumber, equipment: screening.equipment, required: screening.required, dueBy: screening.dueBy });
    });
  });
}
