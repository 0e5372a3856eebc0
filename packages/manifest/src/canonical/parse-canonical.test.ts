import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml.js';
import { readSample } from '../testing/read-fixture.js';
import { parseCanonical } from './parse-canonical.js';

function parse(text: string) {
  const xml = parseXml(text);
  if (!xml.ok) throw new Error(xml.issue.message);
  return parseCanonical(xml.xml);
}

describe('parseCanonical', () => {
  it('flattens a complete sea filing into house consignments linked to their master', () => {
    const outcome = parse(readSample('sea-container.xml'));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    const { filing } = outcome;
    expect(filing).toMatchObject({ format: 'canonical', level: 'complete', lrn: 'SS-SEA-2611-000117', declaredAt: '2026-11-27T09:30:00.000Z' });
    expect(filing.conveyance).toMatchObject({ mode: 'sea', identifier: 'IMO9839179', nationality: 'PA', routingCountries: ['CN', 'SG', 'NL'], expectedLoadingAt: '2026-11-29T06:00:00.000Z' });
    expect(filing.conveyance.itinerary.map((p) => p.unlocode)).toEqual(['CNSHA', 'SGSIN', 'NLRTM']);
    expect(filing.parties.map((p) => p.role)).toEqual(['declarant', 'carrier']);
    expect(filing.consignments).toHaveLength(3);
    const [first, second, third] = filing.consignments;
    expect(first).toMatchObject({
      sequence: 1,
      location: '/MasterConsignment[1]/HouseConsignment[1]',
      transportDocument: { type: 'N714', number: 'OBLSHA26110571' },
      masterTransportDocument: { type: 'N705', number: 'MEDUSH2611042' },
      // inherited from the master
      placeOfLoading: { unlocode: 'CNSHA', country: 'CN' },
      placeOfUnloading: { unlocode: 'NLRTM', country: 'NL' },
      containerised: true,
      totalGrossMassKg: 14820,
    });
    // a house gets the master's containers its goods are packed in, and only those
    expect(first?.equipment.map((e) => e.containerNumber)).toEqual(['MSCU6639870', 'MEDU3155924']);
    expect(third?.equipment.map((e) => e.containerNumber)).toEqual(['TGHU7720165']);
    expect(second?.parties.map((p) => p.role)).toEqual(['consignor', 'consignee']);
    expect(first?.parties.find((p) => p.role === 'manufacturer')?.name).toBe('Yuyao Knitwear Factory');
    expect(first?.goods[1]).toMatchObject({
      itemNumber: 2,
      commodityCode: '621142',
      grossMassKg: 6200,
      packages: [{ kind: 'CT', count: 370, marks: 'HFW/2611/541-910' }],
      containerNumbers: ['MSCU6639870', 'MEDU3155924'],
      value: { amount: 51800, currency: 'USD' },
      location: '/MasterConsignment[1]/HouseConsignment[1]/GoodsItem[2]',
    });
    expect(outcome.issues).toEqual([]);
  });

  it('maps a house filing and a direct master consignment', () => {
    const air = parse(readSample('air.xml'));
    if (!air.ok) throw new Error(JSON.stringify(air.issues));
    expect(air.filing.level).toBe('house');
    expect(air.filing.consignments.map((c) => c.masterTransportDocument?.number)).toEqual(['176-12345675', '176-12345675']);
    expect(air.filing.consignments[1]?.placeOfDelivery).toEqual({ country: 'DE', name: 'Walluf' });
    const road = parse(readSample('road.xml'));
    if (!road.ok) throw new Error(JSON.stringify(road.issues));
    expect(road.filing.consignments).toHaveLength(1);
    expect(road.filing.consignments[0]).toMatchObject({ location: '/MasterConsignment[1]', transportDocument: { number: 'CMR-TR-2611-55821' } });
    expect(road.filing.consignments[0]?.masterTransportDocument).toBeUndefined();
  });

  it('reports every missing or malformed element at once, with its location', () => {
    const broken = readSample('road.xml')
      .replace('<LRN>SS-ROAD-2611-000981</LRN>', '')
      .replace('<GrossMassKg>14400</GrossMassKg>', '<GrossMassKg>14.400,5</GrossMassKg>')
      .replace('<ExpectedArrival>2026-11-26T16:00:00Z</ExpectedArrival>', '<ExpectedArrival>tomorrow</ExpectedArrival>')
      .replace('<Description>New pneumatic radial tyres for passenger cars, 205/55 R16</Description>', '');
    const outcome = parse(broken);
    expect(outcome.ok).toBe(false);
    expect(outcome.issues.map((i) => [i.code, i.location])).toEqual(
      expect.arrayContaining([
        ['MANIFEST_FIELD_MISSING', '/LRN'],
        ['MANIFEST_FIELD_INVALID', '/MasterConsignment[1]/GoodsItem[1]/GrossMassKg'],
        ['MANIFEST_FIELD_INVALID', '/BorderTransportMeans[1]/ExpectedArrival'],
        ['MANIFEST_FIELD_MISSING', '/MasterConsignment[1]/GoodsItem[2]/Description'],
      ]),
    );
    expect(outcome.issues.find((i) => i.code === 'MANIFEST_FIELD_INVALID' && i.location.endsWith('GrossMassKg'))?.value).toBe('14.400,5');
  });

  it('checks the filing level against the consignment elements', () => {
    const houseWithMaster = readSample('road.xml').replace('<FilingLevel>complete</FilingLevel>', '<FilingLevel>house</FilingLevel>');
    expect(parse(houseWithMaster).issues.map((i) => i.code)).toContain('MANIFEST_FILING_LEVEL_MISMATCH');
    const masterWithLooseHouses = readSample('air.xml').replace('<FilingLevel>house</FilingLevel>', '<FilingLevel>master</FilingLevel>');
    expect(parse(masterWithLooseHouses).issues.map((i) => i.code)).toContain('MANIFEST_FILING_LEVEL_MISMATCH');
    const houseWithoutMasterDocument = readSample('air.xml').replace(/<MasterTransportDocument>.*?<\/MasterTransportDocument>/, '');
    expect(parse(houseWithoutMasterDocument).issues).toContainEqual(expect.objectContaining({ code: 'MANIFEST_FIELD_MISSING', location: '/HouseConsignment[1]/MasterTransportDocument' }));
  });

  it('warns when a master container carries no house goods', () => {
    const xml = readSample('sea-container.xml').replace(/<ContainerNumber>TGHU7720165<\/ContainerNumber>\s*<OriginCountry>/, '<ContainerNumber>MEDU3155924</ContainerNumber><OriginCountry>');
    const outcome = parse(xml);
    expect(outcome.ok).toBe(true);
    expect(outcome.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'MASTER_EQUIPMENT_UNREFERENCED', value: 'TGHU7720165', location: '/MasterConsignment[1]/TransportEquipment[3]/ContainerNumber' })]);
  });

  it('checks the ISO 6346 check digit of a master container no house goods item references', () => {
    // Only the master's equipment entry is changed: no goods item points at it any more.
    const xml = readSample('sea-container.xml').replace('<ContainerNumber>MSCU6639870</ContainerNumber>\n      <SizeType>', '<ContainerNumber>MSCU6639871</ContainerNumber>\n      <SizeType>');
    const outcome = parse(xml);
    expect(outcome.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'CONTAINER_CHECK_DIGIT_INVALID', value: 'MSCU6639871', location: '/MasterConsignment[1]/TransportEquipment[1]/ContainerNumber' }));
  });

  it('rejects an unknown transport mode and supply-chain role', () => {
    const xml = readSample('road.xml')
      .replace('<ModeCode>3</ModeCode>', '<ModeCode>7</ModeCode>')
      .replace('<Consignor>', '<SupplyChainActor role="smuggler"><Name>X Ltd</Name></SupplyChainActor><Consignor>');
    const codes = parse(xml).issues.map((i) => `${i.code} ${i.location}`);
    expect(codes).toContain('MANIFEST_FIELD_INVALID /BorderTransportMeans[1]/ModeCode');
    expect(codes.some((c) => c.includes('@role'))).toBe(true);
  });
});
