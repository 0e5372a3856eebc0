/**
 * Unbounded growth through refusals (issue 14): rejected bodies are archived as evidence only up to a
 * daily quota of rejected bytes per filer. Past it, refusals still answer with their issues and are
 * recorded (sha256, size), but their bodies are not stored; accepted filings are always archived.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '@safe-screen/db';
import { fileXml, startPipeline, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

const MODES = process.env['TEST_KAFKA_BROKERS'] === undefined ? (['embedded'] as const) : (['embedded', 'real'] as const);
const QUOTA = 4_000;

describe.each(MODES)('rejected-body archive quota (%s)', (mode) => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline(mode, { REJECTED_ARCHIVE_BYTES_PER_DAY: String(QUOTA) });
  }, 180_000);
  afterAll(async () => p?.stop());

  it('archives refusals up to the quota, then only records them; accepted filings are always archived', async () => {
    // 1,500-byte bodies that are well-formed XML of no known format: refused by the gate.
    const broken = (n: number) => `<NotAManifest n="${n}">${'x'.repeat(1_450)}</NotAManifest>`;
    for (let n = 0; n < 5; n++) {
      const refused = await fileXml(p, broken(n));
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(refused.body['code']).toBeTypeOf('string');
    }
    const accepted = await fileXml(p, seaFiling({ lrn: `QUOTA-${randomUUID().slice(0, 8)}` }));
    expect(accepted.status).toBe(201);

    const rows = await p.server.database().db.select().from(tables.submissions);
    const rejected = rows.filter((r) => r.result === 'rejected');
    expect(rejected).toHaveLength(5);
    // 1,5xx bytes each against 4,000: the first two fit, the rest are recorded without their bodies.
    expect(rejected.filter((r) => r.archiveKey !== null)).toHaveLength(2);
    expect(rejected.every((r) => /^[0-9a-f]{64}$/.test(r.sha256))).toBe(true);
    expect(rows.find((r) => r.result === 'registered')?.archiveKey).toBeTruthy();
  });
});
