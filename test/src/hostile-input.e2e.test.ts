/**
 * Hostile and careless input over HTTP, on the real servers: every body either gets a clear 4xx with
 * a stable code or is stored exactly as filed (round trip through GET ?detail=full), the process keeps
 * answering, and a filing registered before the barrage is untouched after it. Filer text that looks
 * like SQL is stored as text and the tables survive (queries are parameterised; nothing is spliced).
 * That the console shows such text without running it is console.e2e.test.ts's browser test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { fileXml, startPipeline, waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

const BODY_LIMIT = 4 * 1024 * 1024;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const lrn = () => `HOST-${randomUUID().slice(0, 8)}`;

/** Filer text a careless or hostile system may send; each fits its field's length limit. */
const TEXT = {
  consignorName: '<script>alert("x")</script> & Co',
  consigneeName: "Robert'); DROP TABLE filings; --",
  street: '<img src=x onerror=alert(1)> Rd',
  city: 'Acme \u202Egnp.exe\u202C Ltd',
  // Latin, Cyrillic look-alikes, CJK, Arabic, a zero-width space and an astral-plane emoji.
  notifyName: 'Раураl Ltd 東京貿易 شركة\u200B 🚢',
  description: `"; DELETE FROM consignments WHERE '1'='1 <b onmouseover=alert(1)>bold</b> ${'ω'.repeat(300)}`,
};

function hostileFiling(id: string): string {
  const houses = seaFiling({ lrn: id }).split('<HouseConsignment>');
  houses[1] = houses[1]!
    .replace('<Name>Ningbo Sunrise Garments Co., Ltd.</Name>', `<Name>${escapeXml(TEXT.consignorName)}</Name>`)
    .replace('<Street>1588 Tiantong South Road</Street><City>Ningbo</City>', `<Street>${escapeXml(TEXT.street)}</Street><City>${escapeXml(TEXT.city)}</City>`)
    .replace(/(<Consignee>\s*<Name>)[^<]*(<\/Name>)/, `$1${escapeXml(TEXT.consigneeName)}$2`)
    .replace(/(<NotifyParty>\s*<Name>)[^<]*(<\/Name>)/, `$1${escapeXml(TEXT.notifyName)}$2`)
    .replace("Men's knitted cotton pullovers, crew neck", escapeXml(TEXT.description));
  return houses.join('<HouseConsignment>');
}

interface Detail {
  consignments: { sequence: number; content: { parties: { role: string; name?: string; address?: { street?: string; city?: string } }[]; goods: { description: string }[] } }[];
}

describe('hostile and careless input', () => {
  let pipeline: Pipeline;
  let before: { mrn: string; detail: unknown };

  const post = async (body: string | Uint8Array, contentType: string | null = 'application/xml') => {
    const headers: Record<string, string> = { authorization: `Bearer ${pipeline.keys.filer}` };
    if (contentType !== null) headers['content-type'] = contentType;
    const response = await fetch(`${pipeline.baseUrl}/v1/filings`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body), signal: AbortSignal.timeout(60_000) });
    return { status: response.status, body: (await response.json()) as { code?: string; mrn?: string; issues?: { code: string; location?: string }[] } };
  };
  const detail = async (mrn: string) => {
    const response = await fetch(`${pipeline.baseUrl}/v1/filings/${mrn}?detail=full`, { headers: { authorization: `Bearer ${pipeline.keys.officer}` } });
    expect(response.status).toBe(200);
    return response.json() as Promise<unknown>;
  };

  beforeAll(async () => {
    pipeline = await startPipeline('real', { ADMINISTRATION_COUNTRY: 'NL', BODY_LIMIT_BYTES: String(BODY_LIMIT) });
    const filed = await fileXml(pipeline, seaFiling({ lrn: lrn() }));
    expect(filed.status).toBe(201);
    const mrn = filed.body['mrn'] as string;
    await waitForDecisions(pipeline, mrn);
    before = { mrn, detail: await detail(mrn) };
  });
  afterAll(async () => pipeline?.stop());

  it('stores markup, SQL-looking text, bidi overrides and mixed scripts exactly and assesses them', async () => {
    const filed = await post(hostileFiling(lrn()));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    await waitForDecisions(pipeline, filed.body.mrn!);
    const house = ((await detail(filed.body.mrn!)) as Detail).consignments.find((c) => c.sequence === 1)!.content;
    const party = (role: string) => house.parties.find((p) => p.role === role);
    expect(party('consignor')?.name).toBe(TEXT.consignorName);
    expect(party('consignor')?.address?.street).toBe(TEXT.street);
    expect(party('consignor')?.address?.city).toBe(TEXT.city);
    expect(party('consignee')?.name).toBe(TEXT.consigneeName);
    expect(party('notify')?.name).toBe(TEXT.notifyName);
    expect(house.goods[0]?.description).toBe(TEXT.description);
  });

  it.each([
    ['external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><AdvanceCargoDeclaration xmlns="urn:safe-screen:advance-cargo:1"><LRN>&x;</LRN></AdvanceCargoDeclaration>', 'MANIFEST_DTD_FORBIDDEN'],
    ['billion laughs', `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><AdvanceCargoDeclaration>&j;</AdvanceCargoDeclaration>`, 'MANIFEST_DTD_FORBIDDEN'],
    ['nesting 20 000 deep', `<AdvanceCargoDeclaration xmlns="urn:safe-screen:advance-cargo:1">${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</AdvanceCargoDeclaration>`, 'MANIFEST_TOO_DEEP'],
    ['not well-formed', '<AdvanceCargoDeclaration xmlns="urn:safe-screen:advance-cargo:1"><LRN>x</AdvanceCargoDeclaration>', 'MANIFEST_XML_MALFORMED'],
    ['an unknown root element', '<Invoice xmlns="urn:example:invoice"><Total>1</Total></Invoice>', 'MANIFEST_FORMAT_UNKNOWN'],
    ['an unsupported declared encoding', '<?xml version="1.0" encoding="EBCDIC-CP-US"?><AdvanceCargoDeclaration/>', 'MANIFEST_ENCODING_UNSUPPORTED'],
  ])('refuses %s with a stable code', async (_name, xml, code) => {
    const refused = await post(xml);
    expect(refused.body.code, JSON.stringify(refused.body)).toBe(code);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
  });

  it('refuses bytes that are not the declared UTF-8', async () => {
    const xml = Buffer.from(seaFiling({ lrn: lrn() }).replace('Hollandia Fashion', 'Hollandia Fa\u00e7on'), 'latin1');
    const refused = await post(xml);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('MANIFEST_ENCODING_INVALID');
  });

  it('refuses control characters that XML forbids', async () => {
    const refused = await post(seaFiling({ lrn: lrn() }).replace('Hollandia Fashion', 'Hollandia\u0001\u001bFashion'));
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('MANIFEST_XML_MALFORMED');
  });

  it('refuses an over-long party name with the location of the field', async () => {
    const refused = await post(seaFiling({ lrn: lrn() }).replace('Hollandia Fashion Wholesale B.V.', 'H'.repeat(100_000)));
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('MANIFEST_FIELD_INVALID');
    expect(refused.body.issues?.[0]?.location).toBe('/MasterConsignment[1]/HouseConsignment[1]/Consignee[1]/Name');
  });

  it('survives an attribute flood and an element flood: elements outside the format are ignored, never a 5xx', async () => {
    const attributes = Array.from({ length: 50_000 }, (_, i) => `a${i}="x"`).join(' ');
    const floods = [
      seaFiling({ lrn: lrn() }).replace('<LRN>', `<Extra ${attributes}/><LRN>`),
      seaFiling({ lrn: lrn() }).replace('<LRN>', `${'<Unknown>NL</Unknown>'.repeat(100_000)}<LRN>`),
    ];
    for (const xml of floods) {
      const started = Date.now();
      const filed = await post(xml);
      expect(filed.status, JSON.stringify(filed.body).slice(0, 300)).toBe(201);
      expect(Date.now() - started).toBeLessThan(15_000);
      const stored = (await detail(filed.body.mrn!)) as Detail;
      expect(stored.consignments).toHaveLength(3);
    }
  });

  it('refuses a body over the limit, an empty body and other content types', async () => {
    const tooLarge = await post(`<AdvanceCargoDeclaration>${' '.repeat(BODY_LIMIT)}</AdvanceCargoDeclaration>`);
    expect([tooLarge.status, tooLarge.body.code]).toEqual([413, 'FILING_TOO_LARGE']);
    const empty = await post('');
    expect([empty.status, empty.body.code]).toEqual([400, 'MANIFEST_EMPTY']);
    for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x', null]) {
      const wrong = await post(type === 'application/json' ? '{"lrn":"x"}' : Buffer.from('<a/>'), type);
      expect([wrong.status, wrong.body.code], String(type)).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
  });

  it('still answers, and the filing registered before the barrage is unchanged', async () => {
    const health = await fetch(`${pipeline.baseUrl}/readyz`);
    expect(health.status).toBe(200);
    expect(await detail(before.mrn)).toEqual(before.detail);
    const again = await fileXml(pipeline, seaFiling({ lrn: lrn() }));
    expect(again.status).toBe(201);
  });
});
