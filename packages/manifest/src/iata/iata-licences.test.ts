import { describe, expect, it } from 'vitest';
import { readTestData } from '../testing/read-fixture.js';
import { parseXml } from '../xml.js';
import { parseIata } from './parse-iata.js';

describe('IATA licence citations', () => {
  it('reads AssociatedReferenceDocument lines of type 811/911 (export/import licence) as licences', () => {
    const docs = '<AssociatedReferenceDocument><ID>NL-EXPL-2026-0042</ID><TypeCode>911</TypeCode></AssociatedReferenceDocument><AssociatedReferenceDocument><ID>INV-7</ID><TypeCode>380</TypeCode></AssociatedReferenceDocument>';
    const raw = readTestData('iata/888-11111111_XFWB.xml').replace(/(\s*<IncludedCustomsNote>)/, `${docs}$1`);
    const xml = parseXml(raw);
    if (!xml.ok) throw new Error(xml.issue.message);
    const outcome = parseIata(xml.xml);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    expect(outcome.filing.consignments[0]?.licences).toEqual([{ number: 'NL-EXPL-2026-0042', location: expect.stringMatching(/AssociatedReferenceDocument\[1\]$/) }]);
  });
});
