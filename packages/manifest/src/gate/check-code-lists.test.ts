import { describe, expect, it } from 'vitest';
import { sampleFiling } from '../testing/read-fixture.js';
import { runGate } from './run-gate.js';

describe('gate: code lists', () => {
  it('rejects UN/LOCODEs that are not in the list, wherever they appear', () => {
    const filing = sampleFiling('sea-container.xml');
    filing.consignments[1]!.placeOfDelivery = { unlocode: 'DEQQ9', country: 'DE' };
    filing.conveyance.itinerary[1] = { unlocode: 'SGXXX' };
    const issues = runGate(filing);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'UNLOCODE_UNKNOWN', location: '/BorderTransportMeans/Itinerary/PortOfCall[2]/UNLOCODE', value: 'SGXXX' }),
      expect.objectContaining({ code: 'UNLOCODE_UNKNOWN', location: '/MasterConsignment[1]/HouseConsignment[2]/PlaceOfDelivery/UNLOCODE', value: 'DEQQ9' }),
    ]);
  });

  it('rejects unknown country codes and accepts customs user codes', () => {
    const filing = sampleFiling('road.xml');
    const consignor = filing.consignments[0]!.parties[0]!;
    consignor.address = { ...consignor.address, country: 'XK' };
    expect(runGate(filing)).toEqual([]);
    consignor.address = { ...consignor.address, country: 'UK' };
    filing.consignments[0]!.goods[0]!.originCountry = 'EU';
    expect(runGate(filing).map((i) => [i.code, i.location])).toEqual([
      ['COUNTRY_CODE_UNKNOWN', '/MasterConsignment[1]/Consignor[1]/Address/Country'],
      ['COUNTRY_CODE_UNKNOWN', '/MasterConsignment[1]/GoodsItem[1]/OriginCountry'],
    ]);
  });

  it('rejects malformed and non-existent commodity codes, accepts HS 2017-only codes', () => {
    const filing = sampleFiling('road.xml');
    const [first, second] = filing.consignments[0]!.goods;
    first!.commodityCode = '77010000';
    second!.commodityCode = '85171200';
    expect(runGate(filing).map((i) => i.code)).toEqual(['HS_CODE_MALFORMED']);
    second!.commodityCode = '999999';
    expect(runGate(filing)).toContainEqual(expect.objectContaining({ code: 'HS_CODE_UNKNOWN', location: '/MasterConsignment[1]/GoodsItem[2]/CommodityCode', value: '999999' }));
  });
});
