import { describe, expect, it } from 'vitest';
import { MAX_XML_DEPTH, parseXml } from './xml.js';
import { parseXmlFast } from './parse-xml-fast.js';
import { scanMarkup } from './scan-markup.js';

const nested = (depth: number, open: (i: number) => string): string => Array.from({ length: depth }, (_, i) => open(i)).join('') + '</a>'.repeat(depth);

describe('scanMarkup', () => {
  it('counts an element whose attribute value holds "/>" (it is not self-closing)', () => {
    const deep = nested(MAX_XML_DEPTH + 1, () => '<a x="/>">');
    expect(scanMarkup(deep, MAX_XML_DEPTH).tooDeep).toBe(true);
    expect(parseXml(deep)).toMatchObject({ ok: false, issue: { code: 'MANIFEST_TOO_DEEP' } });
    expect(parseXml(nested(MAX_XML_DEPTH, () => '<a x="/>">'))).toMatchObject({ ok: true });
  });

  it('does not count self-closing elements, comments, PIs or CDATA toward depth', () => {
    const text = `<?xml version="1.0"?><r>${'<b/><c x=">"/><!-- <d> --><![CDATA[<e><f>]]><?pi <g>?>'.repeat(200)}</r>`;
    expect(scanMarkup(text, 2)).toEqual({ declaresDtd: false, tooDeep: false });
  });

  it('accepts "<!DOCTYPE" written inside CDATA or a comment, refuses it in markup', () => {
    const inCdata = '<?xml version="1.0"?><r><n><![CDATA[<!DOCTYPE x [<!ENTITY a "b">]>]]></n><!-- <!ENTITY y "z"> --></r>';
    expect(scanMarkup(inCdata, 64).declaresDtd).toBe(false);
    const parsed = parseXml(inCdata);
    expect(parsed.ok && JSON.stringify(parsed.xml.root)).toContain('<!DOCTYPE x [<!ENTITY a');
    expect(parseXmlFast(inCdata)).toMatchObject({ ok: true });
    expect(scanMarkup('<!DOCTYPE r><r/>', 64).declaresDtd).toBe(true);
    expect(scanMarkup('<r><!doctype r></r>', 64).declaresDtd).toBe(true);
    expect(scanMarkup('<r><!ELEMENT r ANY></r>', 64).declaresDtd).toBe(true);
  });

  it('still finds a declaration after an unterminated quote, comment or CDATA section', () => {
    expect(scanMarkup('<r a="><!DOCTYPE x [<!ENTITY a "b">]><r/>', 64).declaresDtd).toBe(true);
    expect(scanMarkup('<r><!-- <!ENTITY a "b">', 64).declaresDtd).toBe(true);
    expect(scanMarkup('<r><![CDATA[ <!DOCTYPE x>', 64).declaresDtd).toBe(true);
    expect(scanMarkup('<r><? <!DOCTYPE x>', 64).declaresDtd).toBe(true);
  });

  it('answers a 600 KB body of "<a" in well under a second', () => {
    const body = `<Foo>${'<a'.repeat(300_000)}`;
    const started = performance.now();
    const result = parseXml(body);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
  });
});
