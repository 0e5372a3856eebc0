/**
 * The standing adversarial suite (issue 14; SECURITY.md maps each threat to the test here that covers
 * it). Every reproduction of the security review is re-run against the embedded default and the real
 * servers, as an attacker would send it, over HTTP:
 * worker-pinning bodies, the sign-in race, the lockout behind a proxy, bodies before authentication,
 * unbounded error bodies, deep rule sets, request ids, response headers and key revocation.
 *
 * The instance trusts 127.0.0.1 as its proxy (TRUSTED_PROXIES), as the Compose example does for
 * haproxy, so each test speaks for a client address of its own through X-Forwarded-For.
 */
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileXml, startPipeline, type Pipeline } from './pipeline-harness.js';
import { generateCanonicalManifest } from '@safe-screen/manifest';
import { seaFiling } from './sample-filings.js';

const MODES = process.env['TEST_KAFKA_BROKERS'] === undefined ? (['embedded'] as const) : (['embedded', 'real'] as const);

let clientCounter = 0;
/** A fresh documentation-range client address (RFC 5737), as haproxy would forward it. */
const newClient = (): string => `198.51.${Math.floor(++clientCounter / 250)}.${(clientCounter % 250) + 1}`;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  ms: number;
}

describe.each(MODES)('adversarial suite (%s)', (mode) => {
  let p: Pipeline;
  const passwords = (): { officer: string; supervisor: string } => p.server.demoKeys()!.passwords!;

  const call = async (method: string, path: string, options: { key?: string; client?: string; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> } = {}): Promise<Answer> => {
    const headers: Record<string, string> = { 'x-forwarded-for': options.client ?? newClient(), ...options.headers };
    if (options.key !== undefined) headers['authorization'] = `Bearer ${options.key}`;
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/xml';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const started = performance.now();
    const response = await fetch(`${p.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    const ms = performance.now() - started;
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { text };
    }
    return { status: response.status, headers: response.headers, body: parsed, ms };
  };

  beforeAll(async () => {
    p = await startPipeline(mode, { TRUSTED_PROXIES: '127.0.0.1,::1' });
  }, 120_000);

  afterAll(async () => {
    await p?.stop();
  });

  describe('untrusted text costs linear time', () => {
    it('answers the 600 KB "<a" body with a 4xx in well under a second', async () => {
      const answer = await call('POST', '/v1/filings', { key: p.keys.filer, raw: `<Foo>${'<a'.repeat(300_000)}` });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      console.log(`600 KB "<a" body (${mode}): ${answer.status} ${String(answer.body['code'])} in ${answer.ms.toFixed(0)} ms`);
      expect(answer.ms).toBeLessThan(1000);
    });

    it('answers a deeply nested rule set with RULE_SET_INVALID, not a 500 or a dead process', async () => {
      const answer = await call('POST', '/v1/rule-sets', { key: p.keys.officer, raw: '['.repeat(512 * 1024), contentType: 'application/yaml' });
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ code: 'RULE_SET_INVALID', issues: [{ code: 'RULESET_TOO_DEEP' }] });
      expect((await call('GET', '/healthz')).status).toBe(200);
    });

    it('caps an error body at the first 100 issues and says how many there were', async () => {
      const houses = seaFiling({ lrn: `ADV-${randomUUID().slice(0, 8)}` }).split('<HouseConsignment>');
      const broken = `<HouseConsignment>${houses[1]!.replace(/<CommodityCode>[^<]*<\/CommodityCode>/g, '<CommodityCode>ZZ</CommodityCode>')}`;
      const xml = houses[0] + broken.repeat(300) + houses.slice(2).map((h) => `<HouseConsignment>${h}`).join('');
      const answer = await call('POST', '/v1/filings', { key: p.keys.filer, raw: xml });
      expect(answer.status).toBe(422);
      expect((answer.body['issues'] as unknown[]).length).toBe(100);
      expect(answer.body['issuesTotal']).toBeGreaterThan(100);
    });
  });

  describe('sign-in', () => {
    it('lets 150 concurrent guesses verify at most five passwords, and signs nobody in', async () => {
      const client = newClient();
      const password = passwords().supervisor;
      let answered = 0;
      const guesses = Array.from({ length: 149 }, (_, i) => call('POST', '/v1/sessions', { client, body: { name: 'demo-supervisor', password: `guess-${i}` } }).finally(() => answered++));
      // The right password goes once a few guesses are answered (the budget is spent) and most are still in flight.
      while (answered < 10) await new Promise((resolve) => setTimeout(resolve, 2));
      expect(answered).toBeLessThan(100);
      const right = call('POST', '/v1/sessions', { client, body: { name: 'demo-supervisor', password } });
      const answers = await Promise.all([...guesses, right]);
      const statuses = answers.map((a) => a.status);
      const verified = statuses.filter((s) => s === 401).length;

      console.log(`150-guess race (${mode}): ${verified} verified, ${statuses.filter((s) => s === 429).length} throttled, ${statuses.filter((s) => s === 200).length} signed in`);
      expect(statuses.filter((s) => s === 200)).toEqual([]);
      expect(verified).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(145);
    });

    it('keeps honest users signed in behind the proxy while one address sprays names and locks itself out', async () => {
      const attacker = newClient();
      const attack: number[] = [];
      for (let i = 0; i < 60; i++) attack.push((await call('POST', '/v1/sessions', { client: attacker, body: { name: i % 2 === 0 ? `invented-${i}` : 'demo-officer', password: `guess-${i}` } })).status);
      expect(attack.at(-1)).toBe(429);
      const honest = await call('POST', '/v1/sessions', { client: newClient(), body: { name: 'demo-officer', password: passwords().officer } });
      expect(honest.status).toBe(200);
      console.log(`proxy lockout (${mode}): attacker ${attack.filter((s) => s === 429).length}/60 throttled; honest officer ${honest.status}`);
    });

    it('marks the session cookie Secure when the request came over TLS through the trusted proxy', async () => {
      const overTls = await call('POST', '/v1/sessions', { body: { name: 'demo-officer', password: passwords().officer }, headers: { 'x-forwarded-proto': 'https' } });
      expect(overTls.status).toBe(200);
      expect(overTls.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
      const plain = await call('POST', '/v1/sessions', { body: { name: 'demo-officer', password: passwords().officer } });
      expect(plain.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
    });
  });

  describe('bodies and authentication', () => {
    it('refuses an unauthenticated upload from its headers, before the body is sent', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL('/v1/filings', p.baseUrl);
        const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/xml', 'content-length': String(60 * 1024 * 1024) } }, (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          req.destroy();
        });
        req.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
        // One kilobyte of the announced 60 MB, then nothing: only a server that answers from the headers replies.
        req.write('<a>'.repeat(340));
      });
      expect(status).toBe(401);
    });

    it('checks credentials before the body schema', async () => {
      const answer = await call('PUT', '/v1/webhook', { body: { url: 42, extra: true } });
      expect(answer.status).toBe(401);
    });

    it('keeps JSON bodies small', async () => {
      const answer = await call('PUT', '/v1/webhook', { key: p.keys.filer, body: { url: `https://example.com/${'x'.repeat(2 * 1024 * 1024)}` } });
      expect(answer.status).toBe(413);
    });

    it('slows one address that floods without credentials, and only that address', async () => {
      const flooder = newClient();
      const statuses = await Promise.all(Array.from({ length: 260 }, () => call('GET', '/v1/cases', { client: flooder }).then((a) => a.status)));
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect((await call('GET', '/v1/cases')).status).toBe(401);
    });
  });

  describe('headers and ids', () => {
    it('sends no-store and nosniff on API answers, and a Content-Security-Policy on /docs', async () => {
      const api = await call('GET', '/v1/cases', { key: p.keys.officer });
      expect(api.headers.get('cache-control')).toBe('no-store');
      expect(api.headers.get('x-content-type-options')).toBe('nosniff');
      const docs = await fetch(`${p.baseUrl}/docs/static/index.html`);
      expect(docs.headers.get('content-security-policy')).toMatch(/script-src/);
    });

    it('keeps a plain x-request-id and replaces a long or repeated one', async () => {
      expect((await call('GET', '/v1/cases', { headers: { 'x-request-id': 'trace-1234' } })).body['requestId']).toBe('trace-1234');
      const long = await call('GET', '/v1/cases', { headers: { 'x-request-id': `${'x'.repeat(5000)}` } });
      expect(String(long.body['requestId'])).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  it('stops a revoked key within about a second', async () => {
    const admin = p.keys.admin;
    const created = await call('POST', '/v1/admin/principals', { key: admin, body: { name: `adv-${randomUUID().slice(0, 8)}`, role: 'officer' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const principalId = String((created.body['principal'] as Record<string, unknown> | undefined)?.['id'] ?? created.body['id']);
    const issued = await call('POST', `/v1/admin/principals/${principalId}/keys`, { key: admin });
    const apiKey = String(issued.body['apiKey']);
    expect((await call('GET', '/v1/cases', { key: apiKey })).status).toBe(200);
    const keys = await call('GET', `/v1/admin/principals/${principalId}/keys`, { key: admin });
    const keyId = String(((keys.body['keys'] ?? keys.body['items']) as { id: string }[])[0]!.id);
    expect((await call('DELETE', `/v1/admin/principals/${principalId}/keys/${keyId}`, { key: admin })).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await call('GET', '/v1/cases', { key: apiKey })).status).toBe(401);
  });

  it('lets a filer rotate its webhook signing key, and only a filer', async () => {
    const before = await call('GET', '/v1/webhook/key', { key: p.keys.filer });
    const rotated = await call('POST', '/v1/webhook/key', { key: p.keys.filer });
    expect(rotated.status).toBe(200);
    expect(rotated.body['generation']).toBe(Number(before.body['generation']) + 1);
    expect(rotated.body['signingSecret']).not.toBe(before.body['signingSecret']);
    expect(rotated.body['previousKeyValidUntil']).toEqual(expect.any(String));
    expect((await call('POST', '/v1/webhook/key', { key: p.keys.officer })).status).toBe(403);
  });

  it('answers another filer\'s large filing and an absent MRN alike, without loading the filing', async () => {
    const big = generateCanonicalManifest({ consignments: 1500, seed: 14, riskyShare: 0 });
    const filed = await call('POST', '/v1/filings', { key: p.keys.filer, raw: big });
    expect(filed.status, JSON.stringify(filed.body).slice(0, 500)).toBe(201);
    const mrn = String(filed.body['mrn']);
    const other = await call('POST', '/v1/admin/principals', { key: p.keys.admin, body: { name: `filer-${randomUUID().slice(0, 8)}`, role: 'filer', issueKey: true } });
    const otherKey = String(other.body['apiKey']);
    const timings = { foreign: [] as number[], absent: [] as number[], own: [] as number[] };
    for (let i = 0; i < 5; i++) {
      const foreign = await call('GET', `/v1/filings/${mrn}`, { key: otherKey });
      const absent = await call('GET', `/v1/filings/${mrn.slice(0, -1)}${mrn.endsWith('0') ? '1' : '0'}`, { key: otherKey });
      const own = await call('GET', `/v1/filings/${mrn}`, { key: p.keys.filer });
      expect([foreign.status, foreign.body['code'], absent.status, absent.body['code'], own.status]).toEqual([404, 'FILING_NOT_FOUND', 404, 'FILING_NOT_FOUND', 200]);
      timings.foreign.push(foreign.ms);
      timings.absent.push(absent.ms);
      timings.own.push(own.ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!.toFixed(1);
    console.log(`tenant check (${mode}), median ms: foreign 1,500-consignment filing ${median(timings.foreign)}, absent ${median(timings.absent)}, own (loaded) ${median(timings.own)}`);
  });

  it('still files and answers an honest filer after all of the above', async () => {
    const filed = await fileXml(p, seaFiling({ lrn: `ADV-OK-${randomUUID().slice(0, 8)}` }));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  });
});
