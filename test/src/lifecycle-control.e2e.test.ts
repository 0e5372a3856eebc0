/**
 * Issue 13's reproductions over HTTP, each now giving what a customs officer expects: nothing a
 * filer sends lifts customs control, results always lead somewhere, no message is lost, the loading
 * carrier hears Do Not Load. On the embedded default (PGlite, no Kafka) and on the real servers.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrincipal, issueApiKey, tables } from '@safe-screen/db';
import { parseTopicMessage } from '@safe-screen/kafka/topics';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { sampleFiling, seaFiling } from './sample-filings.js';

const unique = () => randomUUID().slice(0, 8).toUpperCase();
const CONTROLLED = ['held', 'inspection_requested', 'do_not_load'];

async function call(pipeline: Pipeline, method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${pipeline.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** A sea filing whose vessel has already left (loading and departure in the past). */
function departedSeaFiling(options: { lrn: string; arms?: boolean; sanctioned?: boolean }): string {
  const iso = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return seaFiling(options)
    .replace(/<ExpectedLoading>[^<]*</, `<ExpectedLoading>${iso(-72)}<`)
    .replace(/<ExpectedDeparture>[^<]*</, `<ExpectedDeparture>${iso(-48)}<`)
    .replace(/<ExpectedArrival>[^<]*</, `<ExpectedArrival>${iso(-1)}<`);
}

async function fileAndDecide(pipeline: Pipeline, xml: string, key = pipeline.keys.filer) {
  const filed = await fileXml(pipeline, xml, key);
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  const mrn = filed.body['mrn'] as string;
  return { mrn, decided: await waitForDecisions(pipeline, mrn) };
}

for (const mode of ['embedded', 'real'] as const) {
  describe(`customs control cannot be lifted by a filer (${mode})`, () => {
    let pipeline: Pipeline;
    // The embedded database migrates on start: slow on a loaded machine.
    beforeAll(async () => {
      // No load shedding: these tests check decisions, on a machine shared with other suites
      // (shedding has its own tests: services/ingest/src/observability/under-pressure.test.ts).
      pipeline = await startPipeline(mode, { ADMINISTRATION_COUNTRY: 'NL', MAX_EVENT_LOOP_DELAY_MS: '0' });
    }, 180_000);
    afterAll(async () => pipeline?.stop());

    it('records an arrival within bounds and releases nothing; officers still act on the arrived cargo', async () => {
      const { keys } = pipeline;
      const { mrn, decided } = await fileAndDecide(pipeline, departedSeaFiling({ lrn: `ARR-${unique()}`, arms: true, sanctioned: true }));
      const before = new Map(decided.consignments.map((c) => [c.id, c.holdStatus]));
      const controlled = decided.consignments.filter((c) => CONTROLLED.includes(c.holdStatus));
      expect(controlled.length).toBeGreaterThan(0);

      for (const arrivedAt of ['1999-01-01T00:00:00Z', '2030-01-01T00:00:00Z']) {
        const refused = await call(pipeline, 'POST', `/v1/filings/${mrn}/arrival`, keys.filer, { arrivedAt });
        expect(refused, arrivedAt).toMatchObject({ status: 422, body: { code: 'ARRIVAL_TIME_INVALID' } });
      }
      expect((await call(pipeline, 'POST', `/v1/filings/${mrn}/arrival`, keys.filer, {})).status).toBe(200);

      const after = await waitForDecisions(pipeline, mrn);
      for (const c of after.consignments) expect(c.holdStatus, `consignment ${c.sequence}`).toBe(before.get(c.id));
      const queue = await call(pipeline, 'GET', '/v1/cases?limit=500', keys.officer);
      for (const c of controlled) expect(queue.body['items'].some((i: { consignmentId: string }) => i.consignmentId === c.id)).toBe(true);
      const file = await call(pipeline, 'GET', `/v1/cases/${controlled[0]!.id}`, keys.officer);
      expect(file.body['arrivedAt']).not.toBeNull();

      const held = after.consignments.find((c) => c.holdStatus === 'held') ?? after.consignments.find((c) => c.holdStatus !== 'do_not_load')!;
      expect((await call(pipeline, 'POST', `/v1/cases/${held.id}/do-not-load`, keys.officer, { reason: 'found at arrival' })).status).toBe(200);
      expect((await call(pipeline, 'POST', `/v1/cases/${held.id}/request-information`, keys.officer, { reason: 'invoice', question: 'Send the commercial invoice.' })).status).toBe(200);
    });

    it('refuses invalidation under Do Not Load or outbound inspection; the control and the request stay', async () => {
      const { keys } = pipeline;
      const clean = await fileAndDecide(pipeline, seaFiling({ lrn: `INV-${unique()}` }));
      const target = clean.decided.consignments[0]!;
      expect((await call(pipeline, 'POST', `/v1/cases/${target.id}/do-not-load`, keys.officer, { reason: 'intelligence' })).status).toBe(200);
      const refused = await call(pipeline, 'POST', `/v1/filings/${clean.mrn}/invalidate`, keys.filer, { reason: 'voyage cancelled' });
      expect(refused).toMatchObject({ status: 409, body: { code: 'FILING_INVALIDATION_REFUSED' } });
      const view = await call(pipeline, 'GET', `/v1/filings/${clean.mrn}`, keys.officer);
      expect(view.body['status']).toBe('registered');
      expect(view.body['consignments'].find((c: { id: string }) => c.id === target.id).holdStatus).toBe('do_not_load');

      // The same cargo (the same bills of lading) filed again under a new LRN inherits the control.
      const firstLrn = `INV-${unique()}`;
      const original = seaFiling({ lrn: firstLrn });
      const earlier = await fileAndDecide(pipeline, original);
      const held = earlier.decided.consignments[1]!;
      expect((await call(pipeline, 'POST', `/v1/cases/${held.id}/do-not-load`, keys.officer, { reason: 'intelligence' })).status).toBe(200);
      const again = await fileAndDecide(pipeline, original.replace(`<LRN>${firstLrn}</LRN>`, `<LRN>${firstLrn}-B</LRN>`));
      const twin = again.decided.consignments.find((c) => c.sequence === held.sequence)!;
      expect(twin.holdStatus).toBe('do_not_load');
      const asFiler = await call(pipeline, 'GET', `/v1/filings/${again.mrn}`, keys.filer);
      expect(asFiler.body['consignments'].find((c: { id: string }) => c.id === twin.id).status).toBe('do_not_load');

      const risky = await fileAndDecide(pipeline, seaFiling({ lrn: `INV-${unique()}`, arms: true }));
      const inspected = risky.decided.consignments.find((c) => c.holdStatus === 'inspection_requested')!;
      expect((await call(pipeline, 'POST', `/v1/filings/${risky.mrn}/invalidate`, keys.filer, { reason: 'x' })).status).toBe(409);
      const open = await call(pipeline, 'GET', '/v1/partner/inspection-requests', keys.partner);
      expect(open.body['requests'].some((r: { consignmentId: string }) => r.consignmentId === inspected.id)).toBe(true);
    });

    it('cancels a pending four-eyes release when another officer issues Do Not Load', async () => {
      const { keys } = pipeline;
      const { decided } = await fileAndDecide(pipeline, seaFiling({ lrn: `4EY-${unique()}`, arms: true }));
      const red = decided.consignments.find((c) => c.lane === 'red')!;
      const asked = await call(pipeline, 'POST', `/v1/cases/${red.id}/release`, keys.officer, { reason: 'documents fine' });
      expect(asked.status).toBe(202);
      const approvalId = asked.body['approval'].id as string;
      expect((await call(pipeline, 'POST', `/v1/cases/${red.id}/do-not-load`, keys.supervisor, { reason: 'new intelligence' })).status).toBe(200);
      const approve = await call(pipeline, 'POST', `/v1/approvals/${approvalId}/approve`, keys.supervisor, { reason: 'approved' });
      expect(approve).toMatchObject({ status: 404, body: { code: 'APPROVAL_NOT_FOUND' } });
      const file = await call(pipeline, 'GET', `/v1/cases/${red.id}`, keys.officer);
      expect(file.body['holdStatus']).toBe('do_not_load');
      expect(file.body['approvals'].find((a: { id: string }) => a.id === approvalId).status).toBe('cancelled');
    });

    it('keeps Do Not Load in the filer status after a request for information', async () => {
      const { keys } = pipeline;
      const { mrn, decided } = await fileAndDecide(pipeline, seaFiling({ lrn: `RFI-${unique()}` }));
      const c = decided.consignments[0]!;
      await call(pipeline, 'POST', `/v1/cases/${c.id}/do-not-load`, keys.officer, { reason: 'intelligence' });
      expect((await call(pipeline, 'POST', `/v1/cases/${c.id}/request-information`, keys.officer, { reason: 'question', question: 'Who packed it?' })).status).toBe(200);
      const asFiler = await call(pipeline, 'GET', `/v1/filings/${mrn}`, keys.filer);
      expect(asFiler.body['consignments'].find((x: { id: string }) => x.id === c.id).status).toBe('do_not_load');
    });

    it('gives every inspection result a next state, and refuses duplicate or late requests', async () => {
      const { keys } = pipeline;
      // An officer's negative result releases, like the partner's "no anomaly".
      const first = await fileAndDecide(pipeline, seaFiling({ lrn: `RES-${unique()}`, arms: true }));
      const a = first.decided.consignments.find((c) => c.holdStatus === 'inspection_requested')!;
      const again = await call(pipeline, 'POST', `/v1/cases/${a.id}/request-inspection`, keys.officer, { reason: 'again', methods: ['xray'] });
      expect(again).toMatchObject({ status: 409, body: { code: 'INSPECTION_ALREADY_REQUESTED' } });
      const requestA = (await call(pipeline, 'GET', `/v1/cases/${a.id}`, keys.officer)).body['inspectionRequests'][0].id as string;
      const negative = await call(pipeline, 'POST', `/v1/cases/${a.id}/inspection-result`, keys.officer, { reason: 'phoned', requestId: requestA, outcome: 'negative' });
      expect(negative).toMatchObject({ status: 200, body: { holdStatus: 'released' } });

      // "Not inspected", then the real result: accepted, and it decides.
      const second = await fileAndDecide(pipeline, seaFiling({ lrn: `RES-${unique()}`, arms: true }));
      const b = second.decided.consignments.find((c) => c.holdStatus === 'inspection_requested')!;
      const requestB = (await call(pipeline, 'GET', `/v1/cases/${b.id}`, keys.officer)).body['inspectionRequests'][0].id as string;
      const skipped = await call(pipeline, 'POST', `/v1/partner/inspection-requests/${requestB}/result`, keys.partner, { outcome: 'not_inspected', reason: 'container not yet at the terminal', inspectedAt: new Date().toISOString() });
      expect(skipped.status).toBe(200);
      expect((await call(pipeline, 'GET', `/v1/cases/${b.id}`, keys.officer)).body['holdStatus']).toBe('held');
      const real = await call(pipeline, 'POST', `/v1/partner/inspection-requests/${requestB}/result`, keys.partner, { outcome: 'seized', findings: 'undeclared arms', inspectedAt: new Date().toISOString() });
      expect(real.status).toBe(200);
      expect((await call(pipeline, 'GET', `/v1/cases/${b.id}`, keys.officer)).body['holdStatus']).toBe('do_not_load');

      // After the loading date a pre-loading inspection is too late.
      const gone = await fileAndDecide(pipeline, departedSeaFiling({ lrn: `RES-${unique()}` }));
      const late = await call(pipeline, 'POST', `/v1/cases/${gone.decided.consignments[0]!.id}/request-inspection`, keys.officer, { reason: 'late', methods: ['xray'] });
      expect(late).toMatchObject({ status: 409, body: { code: 'INSPECTION_TOO_LATE' } });
    });

    it('sends inspection requests for air cargo in ULDs and for cargo without a UN/LOCODE that pass the topic schema', async () => {
      const { keys } = pipeline;
      const air = sampleFiling('air', `ULD-${unique()}`)
        .replace('<ContainerIndicator>0</ContainerIndicator>', '<ContainerIndicator>1</ContainerIndicator>')
        .replace('<PaymentMethod>Y</PaymentMethod>', '<PaymentMethod>Y</PaymentMethod>\n    <TransportEquipment><ContainerNumber>PMC1337XX</ContainerNumber><SealCount>0</SealCount></TransportEquipment>')
        .replace('<PlaceOfLoading><UNLOCODE>HKHKG</UNLOCODE></PlaceOfLoading>', '<PlaceOfLoading><Country>HK</Country><Name>Chek Lap Kok cargo apron</Name></PlaceOfLoading>');
      const filed = await fileXml(pipeline, air);
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      const decided = await waitForDecisions(pipeline, filed.body['mrn'] as string);
      const consignment = decided.consignments[0]!;
      const asked = await call(pipeline, 'POST', `/v1/cases/${consignment.id}/request-inspection`, keys.officer, { reason: 'x-ray', methods: ['xray'] });
      expect(asked.status, JSON.stringify(asked.body)).toBe(200);
      const rows = await pipeline.server.database().db.select().from(tables.outbox);
      const message = rows.find((r) => r.topic === 'inspectionRequests' && r.payload['requestId'] === asked.body['inspectionRequestId']);
      expect(message).toBeDefined();
      expect(message!.status).not.toBe('failed');
      expect(() => parseTopicMessage('inspectionRequests', message!.payload)).not.toThrow();
      expect(message!.payload).toMatchObject({ placeOfLoadingName: 'Chek Lap Kok cargo apron', equipment: [{ kind: 'uld', identifier: 'PMC1337XX' }], cargoType: 'uld' });
    });

    it("tells the carrier loading a forwarder's house consignment about Do Not Load, and links no other tenant's master", async () => {
      const db = pipeline.server.database().db;
      const carrier = await createPrincipal(db, { role: 'filer', name: `carrier-${unique()}` });
      const carrierKey = await issueApiKey(db, carrier.id);
      const stranger = await createPrincipal(db, { role: 'filer', name: `stranger-${unique()}` });
      const strangerKey = await issueApiKey(db, stranger.id);
      const serial = String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
      const awb = `176-${serial}${Number(serial) % 7}`;
      const carrierParty = '<Carrier><Name>Eurasia Rail Gateway Sp. z o.o.</Name><Identifier>PL5272901234</Identifier></Carrier>';
      const house = sampleFiling('air', `HSE-${unique()}`).replaceAll('176-12345675', awb).replaceAll('SKB-HKG-880123', `SKB-${serial}-`).replace('</ConveyanceReference>', `</ConveyanceReference>\n    ${carrierParty}`);
      const houseFiled = await fileAndDecide(pipeline, house);
      expect(houseFiled.decided.consignments.every((c) => c.state === 'incomplete')).toBe(true);

      // Another tenant's master with the same document number and another carrier completes nothing.
      const foreignMaster = sampleFiling('rail', `MST-${unique()}`).replace('CIM-CQ-2611-000871', awb).replaceAll('PL5272901234', 'PL9999999999');
      await fileAndDecide(pipeline, foreignMaster, strangerKey);
      const stillWaiting = await waitForDecisions(pipeline, houseFiled.mrn);
      expect(stillWaiting.consignments.every((c) => c.state === 'incomplete')).toBe(true);

      // The carrier the house names files the master: linked.
      await fileAndDecide(pipeline, sampleFiling('rail', `MST-${unique()}`).replace('CIM-CQ-2611-000871', awb), carrierKey);
      let houses = stillWaiting;
      for (const until = Date.now() + 30_000; Date.now() < until;) {
        houses = await waitForDecisions(pipeline, houseFiled.mrn);
        if (houses.consignments.every((c) => c.state === 'assessed')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(houses.consignments.every((c) => c.state === 'assessed')).toBe(true);

      const target = houses.consignments[0]!;
      expect((await call(pipeline, 'POST', `/v1/cases/${target.id}/do-not-load`, pipeline.keys.officer, { reason: 'intelligence' })).status).toBe(200);
      const told = await call(pipeline, 'GET', '/v1/notifications', carrierKey);
      expect(told.body['notifications'].some((n: { consignmentId: string; kind: string }) => n.consignmentId === target.id && n.kind === 'do_not_load')).toBe(true);
      const strangerTold = await call(pipeline, 'GET', '/v1/notifications', strangerKey);
      expect(strangerTold.body['notifications'].some((n: { consignmentId: string }) => n.consignmentId === target.id)).toBe(false);
    });
  });
}
