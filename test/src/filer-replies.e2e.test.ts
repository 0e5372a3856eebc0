/**
 * Issue 17: the loop closes. A filer answers a request for information (fields, text, a document
 * stored in the archive by sha256) and reports the screening it performed for a screening request;
 * the officer sees both in the case's history; neither lifts control; another filer's consignment
 * reads as absent. On the embedded default (PGlite, no Kafka) and on the real servers.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrincipal, issueApiKey, tables } from '@safe-screen/db';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

const unique = () => randomUUID().slice(0, 8).toUpperCase();

async function call(pipeline: Pipeline, method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${pipeline.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function fileAndDecide(pipeline: Pipeline, xml: string) {
  const filed = await fileXml(pipeline, xml);
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  const mrn = filed.body['mrn'] as string;
  return { mrn, decided: await waitForDecisions(pipeline, mrn) };
}

const filerStatus = async (pipeline: Pipeline, mrn: string, id: string) =>
  (await call(pipeline, 'GET', `/v1/filings/${mrn}`, pipeline.keys.filer)).body['consignments'].find((c: { id: string }) => c.id === id).status as string;

for (const mode of ['embedded', 'real'] as const) {
  describe(`filer replies close the loop (${mode})`, () => {
    let pipeline: Pipeline;
    let strangerKey: string;
    beforeAll(async () => {
      // No red-lane capacity: the arms consignment becomes a screening request for the carrier.
      pipeline = await startPipeline(mode, { ADMINISTRATION_COUNTRY: 'NL', MAX_EVENT_LOOP_DELAY_MS: '0', LANE_QUOTAS: 'red=0' });
      const db = pipeline.server.database().db;
      strangerKey = await issueApiKey(db, (await createPrincipal(db, { role: 'filer', name: `stranger-${unique()}` })).id);
    }, 180_000);
    afterAll(async () => pipeline?.stop());

    it('answers a request for information with fields, text and a document; the officer sees it; the control stays', async () => {
      const { keys } = pipeline;
      const { mrn, decided } = await fileAndDecide(pipeline, seaFiling({ lrn: `RFI-${unique()}` }));
      const target = decided.consignments.find((c) => c.holdStatus === 'released')!;
      const body = { answers: { consignorAddress: 'No. 5 Xinhua Road, Qingdao' }, text: 'Invoice attached.', attachments: [{ name: 'invoice.pdf', mediaType: 'application/pdf', contentBase64: Buffer.from(`%PDF-1.4 invoice ${mrn}`).toString('base64') }] };

      // Nobody asked yet.
      expect(await call(pipeline, 'POST', `/v1/consignments/${target.id}/information`, keys.filer, body)).toMatchObject({ status: 409, body: { code: 'REPLY_NOT_EXPECTED' } });
      expect((await call(pipeline, 'POST', `/v1/cases/${target.id}/request-information`, keys.officer, { reason: 'address', question: 'Give the consignor\'s street address.' })).status).toBe(200);
      expect(await filerStatus(pipeline, mrn, target.id)).toBe('request_for_information');

      // Another filer's consignment is absent to it; an empty answer is refused.
      expect(await call(pipeline, 'POST', `/v1/consignments/${target.id}/information`, strangerKey, body)).toMatchObject({ status: 404, body: { code: 'CONSIGNMENT_NOT_FOUND' } });
      expect(await call(pipeline, 'POST', `/v1/consignments/${target.id}/information`, keys.filer, { answers: { consignorAddress: ' ' } })).toMatchObject({ status: 400, body: { code: 'REQUEST_INVALID' } });

      const answered = await call(pipeline, 'POST', `/v1/consignments/${target.id}/information`, keys.filer, body);
      const sha256 = createHash('sha256').update(`%PDF-1.4 invoice ${mrn}`).digest('hex');
      expect(answered).toMatchObject({ status: 200, body: { mrn, answered: 'request_for_information', attachments: [{ sha256, name: 'invoice.pdf' }] } });

      // The officer decides: still open in the queue, the answer and the document's hash in the history.
      const file = await call(pipeline, 'GET', `/v1/cases/${target.id}`, keys.officer);
      expect(file.body['holdStatus'] ?? file.body['consignment']?.['holdStatus']).toBe('open');
      const entry = (file.body['history'] as { action: string; details: Record<string, any> }[]).find((h) => h.action === 'case.information_provided');
      expect(entry?.details).toMatchObject({ answers: body.answers, text: 'Invoice attached.', attachments: [{ sha256 }] });
      expect(await filerStatus(pipeline, mrn, target.id)).toBe('request_for_information');
    });

    it('reports a screening for a screening request: time checked, recorded for the officer, the hold stays until the officer releases', async () => {
      const { keys } = pipeline;
      const { mrn, decided } = await fileAndDecide(pipeline, seaFiling({ lrn: `SCR-${unique()}`, arms: true }));
      const target = decided.consignments.find((c) => c.sequence === 3)!;
      expect(target).toMatchObject({ outcome: 'screening_request', holdStatus: 'held' });
      expect(await filerStatus(pipeline, mrn, target.id)).toBe('screening_request');
      const report = { methods: ['xray', 'etd'], result: 'cleared', screener: { name: 'Qingdao Port Screening', id: 'CN-RA-0042' }, screenedAt: new Date(Date.now() - 3_600_000).toISOString() };

      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect(await call(pipeline, 'POST', `/v1/consignments/${target.id}/screening`, keys.filer, { ...report, screenedAt: future })).toMatchObject({ status: 422, body: { code: 'SCREENING_REPORT_INVALID' } });
      expect((await call(pipeline, 'POST', `/v1/consignments/${target.id}/screening`, keys.filer, { ...report, methods: ['sniffing'] })).status).toBe(400);
      expect((await call(pipeline, 'POST', `/v1/consignments/${target.id}/screening`, strangerKey, report)).status).toBe(404);
      // A consignment without a screening request takes no report.
      const other = decided.consignments.find((c) => c.holdStatus === 'released')!;
      expect(await call(pipeline, 'POST', `/v1/consignments/${other.id}/screening`, keys.filer, report)).toMatchObject({ status: 409, body: { code: 'REPLY_NOT_EXPECTED' } });

      expect(await call(pipeline, 'POST', `/v1/consignments/${target.id}/screening`, keys.filer, report)).toMatchObject({ status: 200, body: { answered: 'screening_request' } });
      const after = await waitForDecisions(pipeline, mrn);
      expect(after.consignments.find((c) => c.id === target.id)!.holdStatus).toBe('held');
      const file = await call(pipeline, 'GET', `/v1/cases/${target.id}`, keys.officer);
      const entry = (file.body['history'] as { action: string; details: Record<string, any> }[]).find((h) => h.action === 'case.screening_reported');
      expect(entry?.details).toMatchObject({ methods: ['xray', 'etd'], result: 'cleared', screener: { id: 'CN-RA-0042' } });

      // The officer decides on the report.
      expect((await call(pipeline, 'POST', `/v1/cases/${target.id}/release`, keys.officer, { reason: 'screened by the carrier, nothing found' })).status).toBe(200);
      expect(await filerStatus(pipeline, mrn, target.id)).toBe('assessment_complete');
    });

    it('refuses an export-customs result inspected in the future; the request stays open for the real one', async () => {
      const { keys } = pipeline;
      const { decided } = await fileAndDecide(pipeline, seaFiling({ lrn: `INS-${unique()}` }));
      const target = decided.consignments.find((c) => c.holdStatus === 'released')!;
      const asked = await call(pipeline, 'POST', `/v1/cases/${target.id}/request-inspection`, keys.officer, { reason: 'intelligence', methods: ['xray'] });
      expect(asked.status, JSON.stringify(asked.body)).toBe(200);
      const requestId = asked.body['inspectionRequestId'] as string;
      // The request carries what the inspector needs (issue 17): conveyance and voyage, goods with HS codes, parties.
      const partnerView = await call(pipeline, 'GET', '/v1/partner/inspection-requests', keys.partner);
      const forPartner = partnerView.body['requests'].find((r: { requestId: string }) => r.requestId === requestId);
      expect(forPartner).toMatchObject({ conveyance: { mode: 'sea' }, goods: expect.any(Array), consignor: { name: expect.any(String) } });
      const rows = await pipeline.server.database().db.select().from(tables.outbox);
      const sent = rows.find((r) => r.topic === 'inspectionRequests' && r.payload['requestId'] === requestId);
      expect(sent?.payload).toMatchObject({ conveyance: { mode: 'sea', voyage: expect.any(String) }, goods: expect.arrayContaining([expect.objectContaining({ hsCode: expect.any(String), description: expect.any(String) })]), consignor: { name: expect.any(String) }, consignee: { name: expect.any(String) } });
      const future = await call(pipeline, 'POST', `/v1/partner/inspection-requests/${requestId}/result`, keys.partner, { outcome: 'no_anomaly', inspectedAt: new Date(Date.now() + 3_600_000).toISOString() });
      expect(future).toMatchObject({ status: 422, body: { code: 'INSPECTION_TIME_INVALID' } });
      const real = await call(pipeline, 'POST', `/v1/partner/inspection-requests/${requestId}/result`, keys.partner, { outcome: 'no_anomaly', inspectedAt: new Date(Date.now() - 60_000).toISOString() });
      expect(real.status, JSON.stringify(real.body)).toBe(200);
    });
  });
}
