/**
 * The thin end-to-end path, real at every step: POST a filing over HTTP -> archived -> parsed in the
 * worker pool -> stored -> assessed -> decision and outbox row in one transaction -> relay publishes
 * to Kafka -> a consumer reads the inspection request from the broker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { KafkaSubscriber, type InspectionRequest } from '@safe-screen/kafka';
import { requireEnv } from '@safe-screen/testing';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

describe('pipeline on real PostgreSQL, S3Proxy and Kafka', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline('real', { ADMINISTRATION_COUNTRY: 'NL' });
  });
  afterAll(async () => pipeline?.stop());

  it('files a manifest and delivers the outbound inspection request to the broker', async () => {
    const lrn = `E2E-${randomUUID().slice(0, 8)}`;
    const filed = await fileXml(pipeline, seaFiling({ lrn, arms: true, sanctioned: true }));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const mrn = filed.body['mrn'] as string;
    expect(mrn).toMatch(/^\d{2}NL[A-Z0-9]{13}[0-9]$/);

    const status = await waitForDecisions(pipeline, mrn);
    const bySequence = new Map(status.consignments.map((c) => [c.sequence, c]));
    expect(bySequence.get(2)?.outcome).toBe('do_not_load');
    expect(bySequence.get(3)?.outcome).toBe('outbound_inspection');
    const inspected = bySequence.get(3)!;

    const received: InspectionRequest[] = [];
    const subscriber = new KafkaSubscriber({
      brokers: requireEnv('TEST_KAFKA_BROKERS'),
      groupId: `e2e-${randomUUID()}`,
      topics: ['inspectionRequests'],
      fromBeginning: true,
      handle: async (_topic, message) => {
        received.push(message as InspectionRequest);
      },
    });
    await subscriber.start();
    try {
      const until = Date.now() + 60_000;
      while (!received.some((m) => m.mrn === mrn) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    } finally {
      await subscriber.stop();
    }
    const request = received.find((m) => m.mrn === mrn);
    expect(request).toBeDefined();
    expect(request).toMatchObject({ mrn, consignmentId: inspected.id, exportCountry: 'CN', requestingCountry: 'NL', placeOfLoading: 'CNSHA' });
    expect(request!.reasons.length).toBeGreaterThan(0);
    // Internal rule weights never leave the administration.
    expect(JSON.stringify(request)).not.toMatch(/weight/i);
  });

  it('answers the same MRN to an identical re-send and keeps one filing', async () => {
    const xml = seaFiling({ lrn: `E2E-${randomUUID().slice(0, 8)}` });
    const first = await fileXml(pipeline, xml);
    const second = await fileXml(pipeline, xml);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body['mrn']).toBe(first.body['mrn']);
    expect(second.body['status']).toBe('duplicate');
  });

  it('rejects an invalid filing with every issue located, and a filer cannot read another filer\'s filing', async () => {
    const bad = seaFiling({ lrn: `E2E-${randomUUID().slice(0, 8)}` }).replaceAll('MSCU6639870', 'MSCU6639871');
    const rejected = await fileXml(pipeline, bad);
    expect(rejected.status).toBe(422);
    expect(rejected.body['code']).toBe('FILING_REJECTED');
    const issues = rejected.body['issues'] as { code: string; location: string; value?: string }[];
    expect(issues.some((i) => i.value === 'MSCU6639871' && i.location.includes('ContainerNumber'))).toBe(true);

    const filed = await fileXml(pipeline, seaFiling({ lrn: `E2E-${randomUUID().slice(0, 8)}` }));
    const other = await fetch(`${pipeline.baseUrl}/v1/filings/${filed.body['mrn'] as string}`, { headers: { authorization: `Bearer ${pipeline.keys.partner}` } });
    expect(other.status).toBe(403);
  });
});

describe('pipeline on the embedded defaults (PGlite, local archive, outbox without Kafka)', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline('embedded', { ADMINISTRATION_COUNTRY: 'NL' });
  });
  afterAll(async () => pipeline?.stop());

  it('runs the same path and keeps the inspection request for partners', async () => {
    const filed = await fileXml(pipeline, seaFiling({ lrn: 'EMB-1', arms: true }));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const status = await waitForDecisions(pipeline, filed.body['mrn'] as string);
    expect(status.consignments.find((c) => c.sequence === 3)?.outcome).toBe('outbound_inspection');
    const ready = await fetch(`${pipeline.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
  });
});
