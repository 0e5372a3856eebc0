import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { parseFilingSync } from '../parse-filing.js';

const packageDir = new URL('../../', import.meta.url);
const schema = readFileSync(new URL('schemas/canonical/advance-cargo-1.xsd', packageDir), 'utf8');
const sea = readFileSync(new URL('samples/sea-container.xml', packageDir), 'utf8');

/** House 3 of the sea sample citing licences (canonical `Licence` after `PaymentMethod`). */
function citing(licences: string): string {
  const houses = sea.split('<HouseConsignment>');
  houses[3] = houses[3]!.replace(/(<PaymentMethod>[A-Z]<\/PaymentMethod>)/, `$1${licences}`);
  return houses.join('<HouseConsignment>');
}

describe('canonical licence citations', () => {
  const xml = citing('<Licence><Number>NL-EXPL-2026-0042</Number><IssuingCountry>NL</IssuingCountry></Licence><Licence><Number>CN-EXP-77</Number></Licence>');

  it('are valid against the published XSD', async () => {
    const result = await validateXML({ xml: [{ fileName: 'licences.xml', contents: xml }], schema: [{ fileName: 'advance-cargo-1.xsd', contents: schema }] });
    expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
  });

  it('reach the consignment with their location', () => {
    const outcome = parseFilingSync(xml);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.filing.consignments[2]!.licences).toEqual([
      { number: 'NL-EXPL-2026-0042', issuingCountry: 'NL', location: expect.stringMatching(/HouseConsignment\[3\]\/Licence\[1\]$/) },
      { number: 'CN-EXP-77', location: expect.stringMatching(/Licence\[2\]$/) },
    ]);
    expect(outcome.filing.consignments[0]!.licences).toBeUndefined();
  });

  it('need a number', () => {
    const outcome = parseFilingSync(citing('<Licence><IssuingCountry>NL</IssuingCountry></Licence>'));
    expect(outcome.ok).toBe(false);
    expect(outcome.issues.some((i) => /Licence\[1\]/.test(i.location) && i.severity === 'error')).toBe(true);
  });
});
