import { describe, expect, it } from 'vitest';
import { parseFiling } from '../parse-filing.js';
import { readTestData } from '../testing/read-fixture.js';
import { parseXml } from '../xml.js';
import { parseIata } from './parse-iata.js';

function parse(file: string) {
  const xml = parseXml(readTestData(`iata/${file}`));
  if (!xml.ok) throw new Error(xml.issue.message);
  const outcome = parseIata(xml.xml);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome;
}

describe('parseIata: XFWB master air waybill', () => {
  it('maps waybill, parties, routing and goods', () => {
    const { filing, issues } = parse('888-11111111_XFWB.xml');
    expect(issues).toEqual([]);
    expect(filing).toMatchObject({ format: 'iata-xfwb', level: 'master', lrn: '888-11111111', declaredAt: '2021-03-10T10:00:00.000Z' });
    expect(filing.conveyance).toMatchObject({ mode: 'air', identifier: 'XX8012', expectedDepartureAt: '2021-03-10T00:00:00.000Z', routingCountries: ['IE', 'AE', 'CN'] });
    expect(filing.conveyance.itinerary.map((p) => p.unlocode)).toEqual(['IEORK', 'IEDUB', 'AEAUH']);
    const [consignment] = filing.consignments;
    expect(consignment).toMatchObject({
      transportDocument: { type: '741', number: '888-11111111' },
      placeOfLoading: { unlocode: 'IEORK', country: 'IE', name: 'ORK' },
      placeOfUnloading: { unlocode: 'CNPVG', country: 'CN', name: 'PVG' },
      totalGrossMassKg: 1042,
      totalPackages: 3,
      routingCountries: ['IE', 'AE', 'CN'],
    });
    expect(consignment?.parties.map((p) => [p.role, p.identifier, p.address?.country])).toEqual([
      ['consignor', 'IE1234567N', 'IE'],
      ['consignee', 'USCI1234567812345678X7', 'CN'],
      ['other', '87654321', 'IE'],
    ]);
    expect(consignment?.parties[1]?.name).toBe('FORWARDER COMPANY SHANGHAI LTD, ROOM 123 SPECIAL BUILDING. NR 987');
    expect(consignment?.goods).toEqual([
      expect.objectContaining({
        itemNumber: 1,
        commodityCode: '000111',
        grossMassKg: 1042,
        packages: [{ count: 2 }, { count: 1 }],
        description: 'CONSOLIDATION AS PER ATTACHED MANIFEST SECURE CARGO NOT RESTRICTED AIRLINE PHARMA SERVICE',
        location: '/MasterConsignment[1]/ApplicableRating[1]/IncludedMasterConsignmentItem[1]',
      }),
    ]);
  });

  it('maps ULDs to equipment and extra HTS lines to items with the line description', () => {
    const { filing } = parse('888-11111111_XFWB_multipleULD_multipleHTS.xml');
    const consignment = filing.consignments[0];
    expect(consignment?.equipment.map((e) => e.containerNumber)).toEqual(['PMC1337XX', 'AKE4711XX']);
    expect(consignment?.goods.map((g) => [g.itemNumber, g.commodityCode, g.containerNumbers])).toEqual([
      [1, '000111', ['PMC1337XX', 'AKE4711XX']],
      [2, '000222', []],
    ]);
    expect(consignment?.goods[1]?.description).toBe(consignment?.goods[0]?.description);
  });

  it('reads an air waybill without mode codes, and CRLF documents', () => {
    expect(parse('888-11111111_XFWB_noModeCode.xml').filing.consignments[0]?.transportDocument).toEqual({ type: '740', number: '888-11111111' });
    expect(parse('888-11111111_XFWB_noModeCode.xml').filing.conveyance.mode).toBe('air');
    const example = parse('xfwbExample.xml').filing;
    expect(example.conveyance.routingCountries).toEqual(['BR', 'DE', 'FR']);
    expect(example.consignments[0]?.placeOfUnloading?.unlocode).toBe('FRCDG');
  });
});

describe('parseIata: XFZB house air waybill', () => {
  it('maps the house consignment linked to its master', () => {
    const { filing } = parse('SEL22222222_XFZB.xml');
    expect(filing).toMatchObject({ format: 'iata-xfzb', level: 'house', lrn: 'SEL22222222' });
    expect(filing.consignments).toHaveLength(1);
    expect(filing.consignments[0]).toMatchObject({
      transportDocument: { type: '703', number: 'SEL22222222' },
      masterTransportDocument: { type: '741', number: '888-11111111' },
      placeOfLoading: { unlocode: 'KRICN' },
      placeOfUnloading: { unlocode: 'DEFDH' },
      totalGrossMassKg: 134,
      totalPackages: 10,
      location: '/MasterConsignment[1]/IncludedHouseConsignment[1]',
    });
    expect(filing.consignments[0]?.parties.map((p) => [p.role, p.identifier])).toEqual([
      ['consignor', '5432109876'],
      ['consignee', 'DE3056777000'],
    ]);
    expect(filing.consignments[0]?.goods[0]).toMatchObject({ description: 'SPARE PARTS', commodityCode: '1133557799', grossMassKg: 133.7, packages: [{ count: 5 }] });
  });
});

describe('IATA messages through parseFiling and the gate', () => {
  it('warns about the piece-count mismatch', async () => {
    const outcome = await parseFiling(readTestData('iata/888-11111111_XFWB_pieceQuantityItemCountMismatch.xml'));
    expect(outcome.issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'PACKAGE_COUNT_MISMATCH', location: '/MasterConsignment[1]/TotalPieceQuantity', value: '5' }));
    const consistent = await parseFiling(readTestData('iata/888-11111111_XFWB.xml'));
    expect(consistent.issues.map((i) => i.code)).not.toContain('PACKAGE_COUNT_MISMATCH');
  });

  it('accepts the consolidation description on a master but reports the fictitious HS codes', async () => {
    const outcome = await parseFiling(readTestData('iata/888-11111111_XFWB.xml'));
    expect(outcome.ok).toBe(false);
    expect(outcome.issues.map((i) => `${i.severity} ${i.code}`)).toEqual(['error HS_CODE_MALFORMED']);
  });

  it('rejects the house waybill: "SPARE PARTS" is a stop word at house level', async () => {
    const outcome = await parseFiling(readTestData('iata/SEL22222222_XFZB.xml'));
    expect(outcome).toMatchObject({ ok: false, format: 'iata-xfzb' });
    expect(outcome.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'GOODS_DESCRIPTION_VAGUE', location: '/MasterConsignment[1]/IncludedHouseConsignment[1]/IncludedHouseConsignmentItem[1]/NatureIdentificationTransportCargo/Identification' }));
    expect(outcome.issues).toContainEqual(expect.objectContaining({ code: 'HS_CODE_UNKNOWN', value: '1133557799' }));
  });

  it('registers a waybill with valid data', async () => {
    const outcome = await parseFiling(readTestData('iata/xfwbExample.xml'));
    expect(outcome.ok).toBe(true);
  });
});
