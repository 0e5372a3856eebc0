import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GATE_ISSUE_CODES } from './gate/gate-issue-codes.js';
import { MANIFEST_ISSUE_CODES } from './manifest-issue-codes.js';
import { detectFormat, parseFiling, parseFilingSync } from './parse-filing.js';
import { CANONICAL_SAMPLES, readSample, readTestData } from './testing/read-fixture.js';
import { parseXml } from './xml.js';

function detect(text: string) {
  const xml = parseXml(text);
  if (!xml.ok) throw new Error(xml.issue.message);
  return detectFormat(xml.xml);
}

describe('detectFormat', () => {
  it('recognises each format by root local name and namespace', () => {
    expect(detect(readSample('road.xml'))).toBe('canonical');
    expect(detect(readTestData('iata/888-11111111_XFWB.xml'))).toBe('iata-xfwb');
    expect(detect(readTestData('iata/SEL22222222_XFZB.xml'))).toBe('iata-xfzb');
    expect(detect(readTestData('ens/CC315A_full.xml'))).toBe('ens-cc315a');
    expect(detect(readTestData('ens/CC313A_reduced.xml'))).toBe('ens-cc313a');
  });

  it('needs the namespace as well as the root name', () => {
    expect(detect('<AdvanceCargoDeclaration xmlns="urn:other"/>')).toBeUndefined();
    expect(detect('<x:Waybill xmlns:x="iata:housewaybill:1"/>')).toBeUndefined();
    expect(detect('<p:AdvanceCargoDeclaration xmlns:p="urn:safe-screen:advance-cargo:1"/>')).toBe('canonical');
  });
});

describe('parseFiling', () => {
  it('registers every canonical sample with no issues', async () => {
    for (const sample of CANONICAL_SAMPLES) {
      const outcome = await parseFiling(readSample(sample));
      expect(outcome, sample).toMatchObject({ ok: true, issues: [] });
    }
  });

  it('runs the ENS path and keeps gate findings on an ENS message as warnings', async () => {
    const outcome = await parseFiling(readTestData('ens/validSubmission.xml'));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    expect(outcome.filing.format).toBe('ens-cc315a');
    expect(outcome.issues.length).toBeGreaterThan(0);
    expect(outcome.issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(outcome.issues.some((i) => i.location.startsWith('/ie:CC315A[1]/ITI['))).toBe(true);
  });

  it('refuses an ENS message that fails HMRC schema validation', async () => {
    const outcome = await parseFiling(readTestData('ens/CC315A-schemaInvalidSample-v11-2.xml'));
    expect(outcome).toMatchObject({ ok: false, format: 'ens-cc315a' });
    expect(outcome.issues.map((i) => i.externalCode)).toContain('4085');
  });

  it('names the root element and namespace of an unknown format', async () => {
    const outcome = await parseFiling(readTestData('ens/CC315A-schemaValidSampleWithEnvelope-v11-2.xml'));
    expect(outcome).toMatchObject({ ok: false, issues: [{ code: 'MANIFEST_FORMAT_UNKNOWN', location: '/', value: 'tns:Envelope http://www.w3.org/2003/05/soap-envelope' }] });
    expect(outcome.issues[0]?.message).toContain('tns:Envelope');
  });

  it('turns gate errors into a rejection carrying every issue', async () => {
    const xml = readSample('road.xml').replace('<CommodityCode>401110</CommodityCode>', '<CommodityCode>401199</CommodityCode>').replace('Brake discs, ventilated, cast iron, for passenger cars', 'Auto parts');
    const outcome = await parseFiling(Buffer.from(xml));
    expect(outcome).toMatchObject({ ok: false, format: 'canonical' });
    expect(outcome.issues.map((i) => i.code)).toEqual(['HS_CODE_UNKNOWN', 'GOODS_DESCRIPTION_VAGUE']);
  });

  it('adds a FILING_LATE warning when received after the deadline, without rejecting', async () => {
    const late = await parseFiling(readSample('sea-container.xml'), { now: new Date('2026-11-28T12:00:00Z') });
    expect(late).toMatchObject({ ok: true, issues: [{ severity: 'warning', code: 'FILING_LATE', value: '2026-11-28T06:00:00.000Z' }] });
    const onTime = await parseFiling(readSample('sea-container.xml'), { now: new Date('2026-11-27T12:00:00Z') });
    expect(onTime.issues).toEqual([]);
  });

  it('rejects hostile and broken bodies with the XML codes', async () => {
    expect((await parseFiling('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).issues[0]?.code).toBe('MANIFEST_DTD_FORBIDDEN');
    expect((await parseFiling('<AdvanceCargoDeclaration xmlns="urn:safe-screen:advance-cargo:1"><LRN>')).issues[0]?.code).toBe('MANIFEST_XML_MALFORMED');
    expect((await parseFiling(Buffer.from([0xff, 0xfe, 0x3c, 0x00]))).issues[0]?.code).toBe('MANIFEST_ENCODING_UNSUPPORTED');
    expect((await parseFiling('')).issues[0]?.code).toBe('MANIFEST_EMPTY');
  });

  it('parseFilingSync agrees with parseFiling on the non-ENS formats', async () => {
    for (const text of [readSample('sea-container.xml'), readTestData('iata/SEL22222222_XFZB.xml'), '<unknown/>']) {
      expect(parseFilingSync(text)).toEqual(await parseFiling(text));
    }
  });
});

/** Property tests: whatever arrives, the dispatcher answers with an outcome and never throws. */
describe('parseFiling never throws', () => {
  const samples = [...CANONICAL_SAMPLES.map(readSample), readTestData('iata/888-11111111_XFWB_multipleULD_multipleHTS.xml'), readTestData('iata/SEL22222222_XFZB.xml')];

  const catalogued = new Set([...Object.keys(GATE_ISSUE_CODES), ...Object.keys(MANIFEST_ISSUE_CODES)]);
  // Every code the dispatcher returns is documented (ENS findings carry HMRC's number as externalCode).
  const isOutcome = (outcome: Awaited<ReturnType<typeof parseFiling>>): boolean =>
    typeof outcome.ok === 'boolean' &&
    outcome.issues.every((i) => catalogued.has(i.code) || i.externalCode !== undefined || i.code.startsWith('ENS_')) &&
    Array.isArray(outcome.issues) &&
    outcome.issues.every((i) => typeof i.code === 'string' && typeof i.location === 'string' && (i.severity === 'error' || i.severity === 'warning')) &&
    (outcome.ok || outcome.issues.some((i) => i.severity === 'error')) &&
    !outcome.issues.some((i) => i.code === 'MANIFEST_INTERNAL_ERROR');

  it('on random strings and bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b))), async (body) => {
        expect(isOutcome(await parseFiling(body))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  /** Mutations that keep the document XML-ish: delete, duplicate or replace a slice, or swap element text. */
  const mutation = fc.record({
    sample: fc.nat({ max: samples.length - 1 }),
    kind: fc.constantFrom('delete', 'duplicate', 'replace', 'text'),
    start: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.nat({ max: 400 }),
    insert: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('<GoodsItem>', '</HouseConsignment>', '&amp;', '&bogus;', '<![CDATA[x]]>', '-1', '1e309', 'NaN', '99999999999999999999', '\u0000', '<?x?>', 'ZZZU1234567')),
  });

  function mutate(m: { sample: number; kind: string; start: number; length: number; insert: string }): string {
    const text = samples[m.sample]!;
    const at = Math.floor(m.start * text.length);
    const end = Math.min(text.length, at + m.length);
    switch (m.kind) {
      case 'delete':
        return text.slice(0, at) + text.slice(end);
      case 'duplicate':
        return text.slice(0, end) + text.slice(at, end) + text.slice(end);
      case 'replace':
        return text.slice(0, at) + m.insert + text.slice(end);
      default: {
        // Replace the text of an element inside the root (after the position drawn) with the insert, keeping tags intact.
        const rootStart = text.search(/<[A-Za-z]/);
        const open = text.indexOf('>', Math.max(at, rootStart));
        const close = open === -1 ? -1 : text.indexOf('<', open);
        // Characters XML forbids in text (controls, markup) are dropped so the document stays well-formed.
        const safe = m.insert.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f<&]|]]>/g, '');
        return open === -1 || close === -1 ? text : text.slice(0, open + 1) + safe + text.slice(close);
      }
    }
  }

  it('on mutated samples', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        expect(isOutcome(await parseFiling(mutate(m)))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('on element-text mutations, which keep the XML well-formed and so exercise the format parsers and gate', () => {
    const xmlLevel = new Set(['MANIFEST_XML_MALFORMED', 'MANIFEST_EMPTY', 'MANIFEST_TOO_DEEP', 'MANIFEST_DTD_FORBIDDEN', 'MANIFEST_FORMAT_UNKNOWN']);
    let reachedParsers = 0;
    fc.assert(
      fc.property(mutation.map((m) => ({ ...m, kind: 'text' })), (m) => {
        const outcome = parseFilingSync(mutate(m));
        if (outcome.ok || outcome.issues.some((i) => !xmlLevel.has(i.code))) reachedParsers++;
        expect(isOutcome(outcome)).toBe(true);
      }),
      { numRuns: 400 },
    );
    expect(reachedParsers).toBeGreaterThan(300);
  });
});
