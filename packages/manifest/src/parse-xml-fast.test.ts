import { describe, expect, it } from 'vitest';
import { parseXmlFast } from './parse-xml-fast.js';
import { CANONICAL_SAMPLES, readSample } from './testing/read-fixture.js';
import { childText, children, MAX_XML_DEPTH, parseXml } from './xml.js';
import type { XmlElement } from './xml.js';

/** Reduces a tree to what parsers read through the xml.ts helpers: names, attributes and trimmed text. */
function shape(element: XmlElement): unknown {
  const out: Record<string, unknown> = {};
  if (element.$ !== undefined) out['$'] = { ...element.$ };
  const text = typeof element === 'string' ? (element as string).trim() : element._?.trim();
  if (text) out['_'] = text;
  for (const key of Object.keys(element).sort()) {
    if (key === '$' || key === '_') continue;
    out[key] = children(element, key).map(shape);
  }
  return out;
}

describe('parseXmlFast', () => {
  it('builds the same tree as the xml2js path for every canonical sample', () => {
    for (const sample of CANONICAL_SAMPLES) {
      const slow = parseXml(readSample(sample));
      const fast = parseXmlFast(readSample(sample));
      if (!slow.ok || !fast.ok) throw new Error('sample must parse');
      expect(fast.xml.rootName).toBe(slow.xml.rootName);
      expect(fast.xml.namespace).toBe('urn:safe-screen:advance-cargo:1');
      expect(shape(fast.xml.root)).toEqual(shape(slow.xml.root));
    }
  });

  it('decodes entities and CDATA and keeps prefixes in names', () => {
    const result = parseXmlFast('<p:a xmlns:p="urn:x"><p:b>Fish &amp; chips</p:b><c><![CDATA[<raw>]]></c></p:a>');
    if (!result.ok) throw new Error(result.issue.message);
    expect(result.xml).toMatchObject({ rootName: 'p:a', rootLocalName: 'a', namespace: 'urn:x' });
    expect(childText(result.xml.root, 'b')).toBe('Fish & chips');
    expect(childText(result.xml.root, 'c')).toBe('<raw>');
  });

  it('refuses DOCTYPE and entity declarations (XXE, billion laughs)', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
    expect(parseXmlFast(xxe)).toMatchObject({ ok: false, issue: { code: 'MANIFEST_DTD_FORBIDDEN' } });
  });

  it('bounds nesting depth', () => {
    const deep = '<a>'.repeat(MAX_XML_DEPTH + 1) + '</a>'.repeat(MAX_XML_DEPTH + 1);
    expect(parseXmlFast(deep)).toMatchObject({ ok: false, issue: { code: 'MANIFEST_TOO_DEEP' } });
    const ok = '<a>'.repeat(MAX_XML_DEPTH) + '</a>'.repeat(MAX_XML_DEPTH);
    expect(parseXmlFast(ok).ok).toBe(true);
  });

  it('reports malformed, empty and undecodable documents with the xml.ts codes', () => {
    expect(parseXmlFast('<a><b></a>')).toMatchObject({ ok: false, issue: { code: 'MANIFEST_XML_MALFORMED' } });
    expect(parseXmlFast('<a>&undefined;</a>')).toMatchObject({ ok: false, issue: { code: 'MANIFEST_XML_MALFORMED' } });
    expect(parseXmlFast('   ')).toMatchObject({ ok: false, issue: { code: 'MANIFEST_EMPTY' } });
    expect(parseXmlFast(Buffer.from([0xc3, 0x28]))).toMatchObject({ ok: false, issue: { code: 'MANIFEST_ENCODING_INVALID' } });
  });

  it('keeps elements named like Object.prototype members as ordinary children', () => {
    const result = parseXmlFast('<a><__proto__>x</__proto__><constructor>y</constructor></a>');
    if (!result.ok) throw new Error(result.issue.message);
    expect(childText(result.xml.root, '__proto__')).toBe('x');
    expect(childText(result.xml.root, 'constructor')).toBe('y');
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('survives an element named like the text key', () => {
    expect(parseXmlFast('<a>text<_/></a>').ok).toBe(true);
    expect(parseXmlFast('<a><_/>text</a>').ok).toBe(true);
  });
});
