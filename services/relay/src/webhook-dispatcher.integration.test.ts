/**
 * Webhooks to filers against real local HTTP servers and the real PostgreSQL: signed so the filer
 * can verify them, retried with backoff until the filer answers 2xx, given up after the attempts
 * run out, and sent once even with two dispatchers.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { listNotificationsForFiling, openDatabase, setWebhookUrl, type Database } from '@safe-screen/db';
import { rotateWebhookKey } from '@safe-screen/db/webhook-key-repository';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import { applyInspectionResponse } from './apply-inspection-response.js';
import { deriveFilerWebhookSecret, WebhookDispatcher } from './webhook-dispatcher.js';
import { resolveWebhookSecret } from './webhook-secret.js';
import { verifyWebhookSignature } from './webhook-signature.js';
import { createFiler, seedInspectionRequests } from './testing/seed-inspections.js';

const logger = pino({ level: 'silent' });
let testDb: TestDatabase;
let database: Database;
let secret: string;
const servers: Server[] = [];

interface Received { headers: IncomingHttpHeaders; body: string }

/** A filer's endpoint: answers the given statuses in turn (the last one repeats). */
async function filerEndpoint(statuses: number[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/safe-screen`, received };
}

/** A filer with one released consignment, hence one "assessment complete" notice pending for its webhook. */
async function filerWithNotice(url: string | null, existingFiler?: string): Promise<{ filerId: string; mrn: string }> {
  const filerId = existingFiler ?? (await createFiler(database));
  if (url !== null && existingFiler === undefined) await setWebhookUrl(database.db, filerId, url);
  const seeded = await seedInspectionRequests(database, { filerId, countries: ['CN'] });
  const at = new Date().toISOString();
  await applyInspectionResponse(database.db, {
    schemaVersion: 1, type: 'result', requestId: seeded.requests[0]!.requestId, exportCountry: 'CN', outcome: 'no_anomaly', inspectedAt: at, reportedAt: at,
  }, { actor: { id: null, name: 'test' } });
  return { filerId, mrn: seeded.mrn };
}

async function statusOf(mrn: string): Promise<string | undefined> {
  return (await listNotificationsForFiling(database.db, { mrn }))[0]?.webhookStatus;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  testDb = await createTestDatabase('relay_webhooks');
  database = openDatabase({ kind: 'postgres', url: testDb.url, poolSize: 6 });
  await database.migrate();
  secret = await resolveWebhookSecret(database.db, undefined);
});

afterAll(async () => {
  for (const server of servers) server.close();
  await database.close();
  await testDb.drop();
});

describe('webhook dispatcher', () => {
  it('keeps the generated secret once for every instance', async () => {
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await resolveWebhookSecret(database.db, undefined)).toBe(secret);
    expect(await resolveWebhookSecret(database.db, 'configured-secret-value')).toBe('configured-secret-value');
  });

  it('retries with backoff until the filer accepts, gives up after the last attempt, and skips filers without a webhook', async () => {
    const flaky = await filerEndpoint([500, 503, 204]);
    const down = await filerEndpoint([500]);
    const accepted = await filerWithNotice(flaky.url);
    const refused = await filerWithNotice(down.url);
    const polling = await filerWithNotice(null);

    const dispatcher = new WebhookDispatcher({ allowedAddresses: ['127.0.0.1'], database, logger, secret, pollMs: 20, retryBaseMs: 100, maxAttempts: 3 });
    dispatcher.start();
    await until(async () => (await statusOf(accepted.mrn)) === 'delivered' && (await statusOf(refused.mrn)) === 'failed', 'delivery and give-up');
    await dispatcher.stop();

    expect(flaky.received).toHaveLength(3);
    expect(flaky.received.map((r) => r.headers['x-safescreen-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(down.received).toHaveLength(3);
    expect(await statusOf(polling.mrn)).toBe('none');

    // What the filer does on receipt: verify with its own signing key.
    const last = flaky.received[2]!;
    const filerKey = deriveFilerWebhookSecret(secret, accepted.filerId);
    expect(verifyWebhookSignature(filerKey, last.body, last.headers['x-safescreen-signature'] as string)).toEqual({ ok: true });
    // Another filer's key (or the service secret itself) does not verify it.
    expect(verifyWebhookSignature(deriveFilerWebhookSecret(secret, refused.filerId), last.body, last.headers['x-safescreen-signature'] as string).ok).toBe(false);
    const body = JSON.parse(last.body) as Record<string, unknown>;
    expect(body).toMatchObject({ schemaVersion: 1, mrn: accepted.mrn, kind: 'assessment_complete' });
    expect(last.headers['x-safescreen-notification-id']).toBe(body['notificationId']);
  });

  it('sends each notice once with two dispatchers', async () => {
    const endpoint = await filerEndpoint([200]);
    const filings: { filerId: string; mrn: string }[] = [];
    for (let i = 0; i < 15; i++) filings.push(await filerWithNotice(endpoint.url));
    const dispatchers = [1, 2].map(() => new WebhookDispatcher({ allowedAddresses: ['127.0.0.1'], database, logger, secret, pollMs: 10, batchSize: 3 }));
    for (const d of dispatchers) d.start();
    await until(async () => {
      const statuses = await Promise.all(filings.map((f) => statusOf(f.mrn)));
      return statuses.every((s) => s === 'delivered');
    }, 'all delivered');
    await Promise.all(dispatchers.map((d) => d.stop()));
    const ids = endpoint.received.map((r) => r.headers['x-safescreen-notification-id']);
    expect(ids).toHaveLength(15);
    expect(new Set(ids).size).toBe(15);
  });

  it('never connects to an internal address, and the status is the same whether anything answers there', async () => {
    const live = await filerEndpoint([204]);
    const livePort = new URL(live.url).port;
    const toLive = await filerWithNotice(`http://localhost:${livePort}/hooks`);
    const toMetadata = await filerWithNotice('http://169.254.169.254/latest/meta-data/');
    const toDecimalLoopback = await filerWithNotice(`http://2130706433:${livePort}/hooks`);
    const toMapped = await filerWithNotice(`http://[::ffff:127.0.0.1]:${livePort}/hooks`);
    // No allowlist: loopback is internal like the rest.
    const dispatcher = new WebhookDispatcher({ database, logger, secret, pollMs: 20, retryBaseMs: 100, maxAttempts: 3 });
    dispatcher.start();
    const all = [toLive, toMetadata, toDecimalLoopback, toMapped];
    await until(async () => (await Promise.all(all.map((f) => statusOf(f.mrn)))).every((s) => s === 'failed'), 'refusals');
    await dispatcher.stop();
    // The filer sees `failed` for each, after one attempt: nothing was sent, so nothing answered.
    expect(live.received).toHaveLength(0);
  });

  it('keeps another filer\'s notice moving while one filer\'s endpoint never answers', async () => {
    const hanging = createServer(() => undefined);
    servers.push(hanging);
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    const stuckUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hooks`;
    // One filer with six notices for an endpoint that never answers.
    const first = await filerWithNotice(stuckUrl);
    for (let i = 0; i < 5; i++) await filerWithNotice(stuckUrl, first.filerId);
    const prompt = await filerEndpoint([204]);
    const other = await filerWithNotice(prompt.url);
    const dispatcher = new WebhookDispatcher({ allowedAddresses: ['127.0.0.1'], database, logger, secret, pollMs: 20, batchSize: 4, timeoutMs: 15_000 });
    const started = Date.now();
    dispatcher.start();
    await until(async () => (await statusOf(other.mrn)) === 'delivered', 'the other filer\'s notice', 10_000);
    const ms = Date.now() - started;
    expect(ms).toBeLessThan(5_000);
    hanging.closeAllConnections();
    hanging.close();
    await dispatcher.stop();
  });

  it('signs with the new and the old key after the filer rotates its key, so either verifies', async () => {
    const endpoint = await filerEndpoint([204]);
    const notice = await filerWithNotice(endpoint.url);
    const oldKey = deriveFilerWebhookSecret(secret, notice.filerId);
    const rotated = await rotateWebhookKey(database.db, notice.filerId);
    expect(rotated.generation).toBe(1);
    const newKey = deriveFilerWebhookSecret(secret, notice.filerId, rotated.generation);
    const dispatcher = new WebhookDispatcher({ allowedAddresses: ['127.0.0.1'], database, logger, secret, pollMs: 20 });
    dispatcher.start();
    await until(async () => (await statusOf(notice.mrn)) === 'delivered', 'delivery after rotation');
    await dispatcher.stop();
    const { body, headers } = endpoint.received[0]!;
    const header = headers['x-safescreen-signature'] as string;
    expect(header.split(',').filter((p) => p.startsWith('v1='))).toHaveLength(2);
    expect(verifyWebhookSignature(newKey, body, header)).toEqual({ ok: true });
    expect(verifyWebhookSignature(oldKey, body, header)).toEqual({ ok: true });
    expect(verifyWebhookSignature(deriveFilerWebhookSecret(secret, notice.filerId, 2), body, header).ok).toBe(false);
  });
});
