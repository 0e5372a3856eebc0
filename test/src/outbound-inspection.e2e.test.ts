/**
 * The outbound inspection loop as its users see it, over HTTP: an export customs partner pulls the
 * requests addressed to its country, acknowledges and reports a result; the officer sees it on the
 * consignment; the filer gets the Do Not Load notice by MRN and can register a signed webhook.
 * Embedded default (no Kafka: partners use the HTTP API), then the Kafka path on the real servers.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrincipal, issueApiKey } from '@safe-screen/db';
import { KafkaPublisher, KafkaSubscriber, type InspectionRequest, type InspectionWithdrawal } from '@safe-screen/kafka';
import { requireEnv } from '@safe-screen/testing';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

async function call(pipeline: Pipeline, method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${pipeline.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function fileRiskyManifest(pipeline: Pipeline): Promise<{ mrn: string; inspectedId: string }> {
  const filed = await fileXml(pipeline, seaFiling({ lrn: `OUT-${randomUUID().slice(0, 8)}`, arms: true, sanctioned: true }));
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  const mrn = filed.body['mrn'] as string;
  const status = await waitForDecisions(pipeline, mrn);
  const inspected = status.consignments.find((c) => c.outcome === 'outbound_inspection');
  expect(inspected?.holdStatus).toBe('inspection_requested');
  return { mrn, inspectedId: inspected!.id };
}

describe('outbound inspection over the partner HTTP API (embedded default, no Kafka)', () => {
  let pipeline: Pipeline;
  let vietnamKey: string;
  beforeAll(async () => {
    pipeline = await startPipeline('embedded');
    const vietnam = await createPrincipal(pipeline.server.database().db, { role: 'partner', name: 'partner-vn', partnerCountry: 'VN' });
    vietnamKey = await issueApiKey(pipeline.server.database().db, vietnam.id);
  });
  afterAll(async () => pipeline?.stop());

  it('lets export customs acknowledge and report, holds the cargo, and tells the filer', async () => {
    const { mrn, inspectedId } = await fileRiskyManifest(pipeline);
    const { keys } = pipeline;

    // The filer is not tipped off: the consignment is "under assessment", with no score, lane or hits,
    // while customs see the decision per consignment and per container.
    for (const path of [`/v1/filings/${mrn}`, `/v1/filings/${mrn}?detail=full`]) {
      const asFiler = await call(pipeline, 'GET', path, keys.filer);
      const mine = asFiler.body['consignments'].find((c: { id: string }) => c.id === inspectedId);
      expect(mine.status).toBe('under_assessment');
      expect(JSON.stringify(asFiler.body)).not.toMatch(/outbound_inspection|"score"|"lane"|"hits"|"outcome"|"holdStatus"|ruleSetVersion|weight/);
    }
    const asOfficer = await call(pipeline, 'GET', `/v1/filings/${mrn}`, keys.officer);
    expect(asOfficer.body['consignments'].find((c: { id: string }) => c.id === inspectedId).outcome).toBe('outbound_inspection');
    const containers = asOfficer.body['containers'] as { containerNumber: string; outcome: string; consignmentIds: string[] }[];
    expect(containers.find((c) => c.consignmentIds.includes(inspectedId))?.outcome).toMatch(/outbound_inspection|do_not_load/);

    const pending = await call(pipeline, 'GET', '/v1/partner/inspection-requests', keys.partner);
    expect(pending.status).toBe(200);
    const request = pending.body['requests'].find((r: { mrn: string }) => r.mrn === mrn);
    expect(request).toMatchObject({ consignmentId: inspectedId, exportCountry: 'CN', placeOfLoading: 'CNSHA', status: 'requested' });
    expect(request.reasons.length).toBeGreaterThan(0);
    expect(request.requestedMethods.length).toBeGreaterThan(0);
    expect(JSON.stringify(request)).not.toMatch(/weight|score/i);
    const id = request.requestId as string;

    // Another country's partner neither sees nor touches it, and cannot tell it exists.
    const vietnamList = await call(pipeline, 'GET', '/v1/partner/inspection-requests?status=requested', vietnamKey);
    expect(vietnamList.body['requests'].some((r: { requestId: string }) => r.requestId === id)).toBe(false);
    expect((await call(pipeline, 'POST', `/v1/partner/inspection-requests/${id}/acknowledge`, vietnamKey, {})).status).toBe(404);
    const vietnamResult = await call(pipeline, 'POST', `/v1/partner/inspection-requests/${id}/result`, vietnamKey, { outcome: 'no_anomaly', inspectedAt: new Date().toISOString() });
    expect(vietnamResult).toMatchObject({ status: 404, body: { code: 'INSPECTION_REQUEST_NOT_FOUND' } });
    // Filers never reach the partner API.
    expect((await call(pipeline, 'GET', '/v1/partner/inspection-requests', keys.filer)).status).toBe(403);

    const acked = await call(pipeline, 'POST', `/v1/partner/inspection-requests/${id}/acknowledge`, keys.partner, { officer: 'Insp. Li' });
    expect(acked).toMatchObject({ status: 200, body: { outcome: 'acknowledged', request: { status: 'acknowledged' } } });
    // A bare POST (no body) is an acknowledgement too.
    expect((await call(pipeline, 'POST', `/v1/partner/inspection-requests/${id}/acknowledge`, keys.partner)).body['outcome']).toBe('duplicate');

    const invalid = await call(pipeline, 'POST', `/v1/partner/inspection-requests/${id}/result`, keys.partner, { outcome: 'not_inspected', inspectedAt: new Date().toISOString() });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'REQUEST_INVALID' } });

    const reported = await call(pipeline, 'POST', `/v1/partner/inspection-requests/${id}/result`, keys.partner, { outcome: 'seized', findings: 'undeclared ammunition', inspectedAt: new Date().toISOString() });
    expect(reported).toMatchObject({ status: 200, body: { outcome: 'recorded', request: { status: 'completed', result: { outcome: 'seized' } } } });
    expect((await call(pipeline, 'POST', `/v1/partner/inspection-requests/${id}/result`, keys.partner, { outcome: 'seized', inspectedAt: new Date().toISOString() })).body['outcome']).toBe('duplicate');
    expect((await call(pipeline, 'POST', `/v1/partner/inspection-requests/${id}/result`, keys.partner, { outcome: 'no_anomaly', inspectedAt: new Date().toISOString() })).status).toBe(409);
    expect((await call(pipeline, 'GET', '/v1/partner/inspection-requests', keys.partner)).body['requests'].some((r: { requestId: string }) => r.requestId === id)).toBe(false);

    // The officer sees the result on the consignment.
    const filing = await call(pipeline, 'GET', `/v1/filings/${mrn}`, keys.officer);
    expect(filing.body['consignments'].find((c: { id: string }) => c.id === inspectedId).holdStatus).toBe('do_not_load');
    const officerView = await call(pipeline, 'GET', `/v1/inspection-requests?mrn=${mrn}`, keys.officer);
    expect(officerView.body['requests']).toHaveLength(1);
    expect(officerView.body['requests'][0]).toMatchObject({ requestId: id, status: 'completed', result: { outcome: 'seized', findings: 'undeclared ammunition' } });
    expect((await call(pipeline, 'GET', `/v1/inspection-requests/${id}`, keys.supervisor)).status).toBe(200);
    expect((await call(pipeline, 'GET', `/v1/inspection-requests?status=escalated`, keys.filer)).status).toBe(403);

    // The filer: Do Not Load for the sanctioned house at decision time, and for the seized one now.
    const notices = await call(pipeline, 'GET', `/v1/filings/${mrn}/notifications`, keys.filer);
    expect(notices.status).toBe(200);
    const dnl = notices.body['notifications'].filter((n: { kind: string }) => n.kind === 'do_not_load');
    expect(dnl.map((n: { consignmentId: string }) => n.consignmentId)).toContain(inspectedId);
    expect(dnl.length).toBe(2);
    // And its view of the filing now says what it was told.
    const told = await call(pipeline, 'GET', `/v1/filings/${mrn}`, keys.filer);
    expect(told.body['consignments'].find((c: { id: string }) => c.id === inspectedId).status).toBe('do_not_load');
  });

  it('withdraws the request when an officer releases the consignment, and still records a late result', async () => {
    const { mrn, inspectedId } = await fileRiskyManifest(pipeline);
    const { keys } = pipeline;
    const id = (await call(pipeline, 'GET', '/v1/partner/inspection-requests', keys.partner)).body['requests'].find((r: { mrn: string }) => r.mrn === mrn).requestId as string;

    // The release: at once, or (red lane) after a supervisor's approval.
    const released = await call(pipeline, 'POST', `/v1/cases/${inspectedId}/release`, keys.officer, { reason: 'licence produced by the exporter' });
    expect([200, 202], JSON.stringify(released.body)).toContain(released.status);
    if (released.body['approval'] !== undefined) {
      expect((await call(pipeline, 'GET', `/v1/partner/inspection-requests/${id}`, keys.partner)).body['status']).toBe('requested');
      const approved = await call(pipeline, 'POST', `/v1/approvals/${released.body['approval'].id}/approve`, keys.supervisor, { reason: 'licence checked' });
      expect(approved.body['holdStatus']).toBe('released');
    }

    expect((await call(pipeline, 'GET', `/v1/partner/inspection-requests/${id}`, keys.partner)).body['status']).toBe('withdrawn');
    const pending = await call(pipeline, 'GET', '/v1/partner/inspection-requests', keys.partner);
    expect(pending.body['requests'].some((r: { requestId: string }) => r.requestId === id)).toBe(false);
    const withdrawn = await call(pipeline, 'GET', '/v1/partner/inspection-requests?status=withdrawn', keys.partner);
    expect(withdrawn.body['requests'].some((r: { requestId: string }) => r.requestId === id)).toBe(true);
    const acked = await call(pipeline, 'POST', `/v1/partner/inspection-requests/${id}/acknowledge`, keys.partner, {});
    expect(acked.body).toMatchObject({ outcome: 'withdrawn', request: { status: 'withdrawn', acknowledgedAt: null } });
    const audit = await call(pipeline, 'GET', `/v1/audit?subject=${inspectedId}`, keys.supervisor);
    expect(JSON.stringify(audit.body)).toContain(id);

    // Export customs inspected anyway and found something: recorded, and the cargo is stopped.
    const late = await call(pipeline, 'POST', `/v1/partner/inspection-requests/${id}/result`, keys.partner, { outcome: 'seized', findings: 'undeclared ammunition', inspectedAt: new Date().toISOString() });
    expect(late.body).toMatchObject({ outcome: 'recorded', request: { status: 'completed', result: { outcome: 'seized' } } });
    const filing = await call(pipeline, 'GET', `/v1/filings/${mrn}`, keys.officer);
    expect(filing.body['consignments'].find((c: { id: string }) => c.id === inspectedId).holdStatus).toBe('do_not_load');
  });

  it('keeps notices to their filer and registers only acceptable webhook URLs', async () => {
    const { mrn } = await fileRiskyManifest(pipeline);
    const other = await createPrincipal(pipeline.server.database().db, { role: 'filer', name: `other-filer-${randomUUID().slice(0, 6)}` });
    const otherKey = await issueApiKey(pipeline.server.database().db, other.id);
    expect(await call(pipeline, 'GET', `/v1/filings/${mrn}/notifications`, otherKey)).toMatchObject({ status: 404, body: { code: 'FILING_NOT_FOUND' } });

    const registered = await call(pipeline, 'PUT', '/v1/webhook', pipeline.keys.filer, { url: 'http://127.0.0.1:9/hooks' });
    expect(registered).toMatchObject({ status: 200, body: { url: 'http://127.0.0.1:9/hooks', signatureHeader: 'x-safescreen-signature' } });
    expect(registered.body['signingSecret']).toMatch(/^[0-9a-f]{64}$/);
    const otherRegistered = await call(pipeline, 'PUT', '/v1/webhook', otherKey, { url: 'https://filer.example/hooks' });
    expect(otherRegistered.body['signingSecret']).not.toBe(registered.body['signingSecret']);
    expect(await call(pipeline, 'PUT', '/v1/webhook', pipeline.keys.filer, { url: 'http://filer.example/hooks' })).toMatchObject({ status: 400, body: { code: 'WEBHOOK_URL_INVALID' } });
    expect(await call(pipeline, 'PUT', '/v1/webhook', pipeline.keys.filer, { url: 'not a url' })).toMatchObject({ status: 400, body: { code: 'WEBHOOK_URL_INVALID' } });
    expect((await call(pipeline, 'PUT', '/v1/webhook', pipeline.keys.filer, { url: null })).body['url']).toBeNull();
  });
});

describe('signed webhooks to the filer (embedded default)', () => {
  let pipeline: Pipeline;
  let server: Server;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    // The receiver is on loopback, an internal address: the operator allowlist lets deliveries reach it.
    pipeline = await startPipeline('embedded', { WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1' });
    server = createHttpServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    server?.close();
    await pipeline?.stop();
  });

  it('pushes the Do Not Load notice to the registered URL, verifiable with the filer\'s signing secret', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/safe-screen`;
    const registered = await call(pipeline, 'PUT', '/v1/webhook', pipeline.keys.filer, { url });
    const signingSecret = registered.body['signingSecret'] as string;
    const { mrn } = await fileRiskyManifest(pipeline);
    const until = Date.now() + 30_000;
    while (!received.some((r) => r.body.includes(mrn) && r.body.includes('do_not_load')) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const notice = received.find((r) => r.body.includes(mrn) && r.body.includes('do_not_load'));
    expect(notice).toBeDefined();
    // What the filer runs (README): HMAC-SHA256 over "<t>.<raw body>" with its signing secret.
    const header = notice!.headers['x-safescreen-signature'] as string;
    const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
    expect(Math.abs(Date.now() / 1000 - Number(parts['t']))).toBeLessThan(300);
    const expected = createHmac('sha256', signingSecret).update(`${parts['t']}.${notice!.body}`).digest('hex');
    expect(parts['v1']).toBe(expected);
    expect(JSON.parse(notice!.body)).toMatchObject({ mrn, kind: 'do_not_load' });
    const listed = await call(pipeline, 'GET', `/v1/filings/${mrn}/notifications`, pipeline.keys.filer);
    const pushed = listed.body['notifications'].find((n: { notificationId: string }) => n.notificationId === notice!.headers['x-safescreen-notification-id']);
    expect(pushed?.webhookStatus).toBe('delivered');
  });
});

describe('outbound inspection over Kafka (real PostgreSQL, S3Proxy and Kafka)', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline('real', { KAFKA_CLIENT_ID: `e2e-${randomUUID().slice(0, 8)}` });
  });
  afterAll(async () => pipeline?.stop());

  it('sends the request to export customs and applies the result they publish back', async () => {
    const { mrn, inspectedId } = await fileRiskyManifest(pipeline);
    const brokers = requireEnv('TEST_KAFKA_BROKERS');
    const received: InspectionRequest[] = [];
    const partner = new KafkaSubscriber({
      brokers, groupId: `e2e-cn-${randomUUID()}`, topics: ['inspectionRequests'],
      handle: async (_topic, message) => { received.push(message); },
    });
    await partner.start();
    const until = Date.now() + 60_000;
    while (!received.some((m) => m.mrn === mrn) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    await partner.stop();
    const request = received.find((m) => m.mrn === mrn)!;
    expect(request).toMatchObject({ consignmentId: inspectedId, exportCountry: 'CN' });

    const publisher = new KafkaPublisher({ brokers, clientId: 'e2e-export-customs-cn' });
    await publisher.start();
    const at = new Date().toISOString();
    await publisher.publish('inspectionResponses', { schemaVersion: 1, type: 'acknowledged', requestId: request.requestId, exportCountry: 'CN', acknowledgedAt: at });
    await publisher.publish('inspectionResponses', { schemaVersion: 1, type: 'result', requestId: request.requestId, exportCountry: 'CN', outcome: 'no_anomaly', inspectedAt: at, reportedAt: at });
    await publisher.stop();

    const deadline = Date.now() + 60_000;
    let hold = '';
    while (Date.now() < deadline) {
      const filing = await call(pipeline, 'GET', `/v1/filings/${mrn}`, pipeline.keys.officer);
      hold = filing.body['consignments'].find((c: { id: string }) => c.id === inspectedId).holdStatus;
      if (hold === 'released') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(hold).toBe('released');
    const view = await call(pipeline, 'GET', `/v1/inspection-requests/${request.requestId}`, pipeline.keys.officer);
    expect(view.body).toMatchObject({ status: 'completed', result: { outcome: 'no_anomaly' } });
    const notices = await call(pipeline, 'GET', `/v1/filings/${mrn}/notifications`, pipeline.keys.filer);
    expect(notices.body['notifications'].some((n: { kind: string; consignmentId: string }) => n.kind === 'assessment_complete' && n.consignmentId === inspectedId)).toBe(true);
  }, 120_000);

  it('publishes the withdrawal to export customs when an officer releases the consignment', async () => {
    const { inspectedId } = await fileRiskyManifest(pipeline);
    const { keys } = pipeline;
    const released = await call(pipeline, 'POST', `/v1/cases/${inspectedId}/release`, keys.officer, { reason: 'licence produced by the exporter' });
    if (released.body['approval'] !== undefined) {
      await call(pipeline, 'POST', `/v1/approvals/${released.body['approval'].id}/approve`, keys.supervisor, { reason: 'licence checked' });
    }
    const caseFile = await call(pipeline, 'GET', `/v1/cases/${inspectedId}`, keys.officer);
    const requestId = (caseFile.body['inspectionRequests'] as { id: string; status: string }[]).find((r) => r.status === 'withdrawn')?.id;
    expect(requestId, JSON.stringify(caseFile.body['inspectionRequests'])).toBeDefined();

    const received: InspectionWithdrawal[] = [];
    const partner = new KafkaSubscriber({
      brokers: requireEnv('TEST_KAFKA_BROKERS'), groupId: `e2e-cn-withdrawals-${randomUUID()}`, topics: ['inspectionWithdrawals'],
      handle: async (_topic, message) => { received.push(message); },
    });
    await partner.start();
    const until = Date.now() + 60_000;
    while (!received.some((m) => m.requestId === requestId) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    await partner.stop();
    expect(received.find((m) => m.requestId === requestId)).toMatchObject({ exportCountry: 'CN', reason: { code: 'RISK_RESOLVED' } });
  }, 120_000);
});
