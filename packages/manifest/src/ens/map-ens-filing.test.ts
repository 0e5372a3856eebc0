import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml.js';
import type { ParsedXml } from '../xml.js';
import { readEnsMessage } from './ens-message.js';
import { mapEnsFiling, toIsoDateTime } from './map-ens-filing.js';
import { parseEns } from './parse-ens.js';

const SAMPLES = fileURLToPath(new URL('../../test-data/ens/', import.meta.url));
const sample = (file: string): string => readFileSync(SAMPLES + file, 'utf8');

function xmlOf(raw: string): ParsedXml {
  const parsed = parseXml(raw);
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return parsed.xml;
}

describe('mapEnsFiling on HMRC CC315A_full example', () => {
  // The example is not HMRC-valid (SCI 'A', placeholder codes), so it is mapped directly, bypassing the gate.
  const filing = mapEnsFiling(readEnsMessage(xmlOf(sample('CC315A_full.xml')), 'CC315A'));
  const consignment = filing.consignments[0];

  it('maps header, conveyance and routing', () => {
    expect(filing).toMatchObject({ format: 'ens-cc315a', level: 'complete', lrn: 'refnum', declaredAt: '2003-02-11T12:34', specificCircumstance: 'A' });
    expect(filing.conveyance).toEqual({
      mode: 'rail',
      identifier: 'Identity',
      nationality: 'GB',
      conveyanceReference: 'conveyanceRefNum',
      routingCountries: ['AA', 'BB'],
      itinerary: [{ name: 'Place of loading' }, { name: 'Place of unloading' }],
      expectedArrivalAt: '2003-02-11T12:34',
      officeOfFirstEntry: 'AB3C4D5E',
    });
  });

  it('maps message-level parties to the filing and trade parties to the consignment', () => {
    expect(filing.parties.map((p) => [p.role, p.name])).toEqual([
      ['declarant', 'declarant name'],
      ['representative', 'representative name'],
      ['carrier', 'carrier name'],
    ]);
    expect(consignment?.parties.map((p) => [p.role, p.name, p.location])).toEqual([
      ['consignor', 'consignor name', '/ie:CC315A[1]/TRACONCO1[1]'],
      ['consignee', 'consignee name', '/ie:CC315A[1]/TRACONCE1[1]'],
      ['notify', 'notify party name', '/ie:CC315A[1]/NOTPAR670[1]'],
      ['consignor', 'consignor goods name', '/ie:CC315A[1]/GOOITEGDS[1]/TRACONCO2[1]'],
      ['consignee', 'consignee goods name', '/ie:CC315A[1]/GOOITEGDS[1]/TRACONCE2[1]'],
      ['notify', 'notify party goods name', '/ie:CC315A[1]/GOOITEGDS[1]/PRTNOT640[1]'],
    ]);
    expect(filing.parties[0]?.address).toEqual({ street: 'declarant street', city: 'declarant city', postcode: 'declarant', country: 'EN' });
  });

  it('maps goods, packages, containers and seals', () => {
    expect(filing.consignments).toHaveLength(1);
    expect(consignment?.goods).toEqual([
      {
        itemNumber: 42,
        description: 'Goods description',
        commodityCode: 'comco',
        grossMassKg: 123.456,
        packages: [
          { kind: 'ab', count: 100, marks: 'Marks numbers of packages (long)' },
          { kind: 'ab', count: 1002, marks: 'Marks numbers of packages (long)2' },
        ],
        dangerousGoodsUn: 'undg',
        containerNumbers: ['Container 1', 'Container 2'],
        location: '/ie:CC315A[1]/GOOITEGDS[1]',
      },
    ]);
    // ICS1 seals are per message, not per container: each container carries the full list.
    expect(consignment?.equipment).toEqual([
      { containerNumber: 'Container 1', seals: ['Seals identity', 'Seals identity2'], sealCount: 2 },
      { containerNumber: 'Container 2', seals: ['Seals identity', 'Seals identity2'], sealCount: 2 },
    ]);
    expect(consignment).toMatchObject({
      containerised: true,
      ucr: 'Commercial Reference Number',
      placeOfLoading: { name: 'Place of loading' },
      placeOfUnloading: { name: 'Place of unloading' },
      routingCountries: ['AA', 'BB'],
      totalGrossMassKg: 3,
      totalPackages: 2,
      paymentMethod: 'A',
    });
  });
});

describe('consignments from goods items', () => {
  it('groups goods items by transport document, one consignment per bill of lading', () => {
    const item = (n: number, bl: string): string => `<GOOITEGDS><IteNumGDS7>${n}</IteNumGDS7><GroMasGDS46>${n}.5</GroMasGDS46>
      <PRODOCDC2><DocTypDC21>N705</DocTypDC21><DocRefDC23>${bl}</DocRefDC23></PRODOCDC2>
      <CONNR2><ConNumNR21>CSQU305438${n}</ConNumNR21></CONNR2><PACGS2><KinOfPacGS23>VR</KinOfPacGS23></PACGS2></GOOITEGDS>`;
    const raw = sample('validSubmission.xml').replace(/<GOOITEGDS>[\s\S]*<\/GOOITEGDS>/, item(1, 'BL-A') + item(2, 'BL-B') + item(3, 'BL-A'));
    const filing = mapEnsFiling(readEnsMessage(xmlOf(raw), 'CC315A'));
    expect(filing.consignments.map((c) => [c.transportDocument?.number, c.goods.map((g) => g.itemNumber), c.totalGrossMassKg])).toEqual([
      ['BL-A', [1, 3], 5],
      ['BL-B', [2], 2.5],
    ]);
    expect(filing.consignments[0]?.equipment.map((e) => e.containerNumber)).toEqual(['CSQU3054381', 'CSQU3054383']);
    expect(filing.consignments[0]?.parties.map((p) => [p.role, p.identifier])).toEqual([['consignee', 'GBab12']]);
  });

  it('reads a UN/LOCODE place of loading as a coded place', () => {
    const raw = sample('validSubmission.xml').replace('<PlaLoaGOOITE334>EXAMPLE</PlaLoaGOOITE334>', '<PlaLoaGOOITE334>CNSHA</PlaLoaGOOITE334>');
    const filing = mapEnsFiling(readEnsMessage(xmlOf(raw), 'CC315A'));
    expect(filing.conveyance.itinerary[0]).toEqual({ unlocode: 'CNSHA', country: 'CN' });
  });

  it('converts ICS date-times and refuses malformed ones', () => {
    expect(toIsoDateTime('200912312359')).toBe('2009-12-31T23:59');
    expect(toIsoDateTime('2009-12-31')).toBeUndefined();
  });
});

describe('parseEns', () => {
  it('accepts HMRC published valid submission and maps it', () => {
    const raw = sample('validSubmission.xml');
    const outcome = parseEns(xmlOf(raw), raw);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.filing).toMatchObject({ lrn: 'ABCD1234', conveyance: { mode: 'air', conveyanceReference: 'ABC1234D', officeOfFirstEntry: 'ABCD1234' } });
    // Our own check, a warning only: a 4-digit commodity code is too coarse to target.
    expect(outcome.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'COMMODITY_CODE_TOO_SHORT' })]);
    expect(outcome.issues[0]?.externalCode).toBeUndefined();
  });

  it('maps an amendment with the MRN it amends', () => {
    const raw = sample('validAmendment.xml');
    const outcome = parseEns(xmlOf(raw), raw);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.filing.format).toBe('ens-cc313a');
    expect(outcome.filing.amendsMrn).toMatch(/^\d{2}[A-Z]{2}[A-Z0-9]{13}\d$/);
  });

  it('refuses a message that is not an ENS with HMRC code 4057', () => {
    const raw = '<ie:CC399A xmlns:ie="http://ics.dgtaxud.ec/CC399A"><x/></ie:CC399A>';
    const outcome = parseEns(xmlOf(raw), raw);
    expect(outcome).toMatchObject({ ok: false, issues: [{ externalCode: '4057', location: '/' }] });
  });
});
