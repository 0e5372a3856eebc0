import { describe, expect, it } from 'vitest';
import { sampleFiling } from '../testing/read-fixture.js';
import { runGate } from './run-gate.js';

const codes = (issues: ReturnType<typeof runGate>) => issues.map((i) => i.code);

describe('gate: cross-field rules', () => {
  it('checks the routing of the means of transport against loading and unloading (R3013/R3014)', () => {
    const filing = sampleFiling('sea-container.xml');
    filing.conveyance.routingCountries = ['SG', 'NL', 'BE'];
    const issues = runGate(filing);
    // three houses share the finding; it is reported once
    expect(issues).toEqual([
      expect.objectContaining({ code: 'ROUTING_FIRST_COUNTRY_MISMATCH', location: '/BorderTransportMeans/Itinerary/RoutingCountry[1]', value: 'SG' }),
      expect.objectContaining({ code: 'ROUTING_LAST_COUNTRY_MISMATCH', location: '/BorderTransportMeans/Itinerary/RoutingCountry[3]', value: 'BE' }),
    ]);
  });

  it('requires acceptance and delivery countries in the consignment routing (R3022)', () => {
    const filing = sampleFiling('sea-container.xml');
    filing.consignments[1]!.routingCountries = ['CN', 'SG', 'NL'];
    expect(runGate(filing)).toEqual([expect.objectContaining({ code: 'ROUTING_INCOMPLETE', location: '/MasterConsignment[1]/HouseConsignment[2]/RoutingCountry[1]' })]);
  });

  it('matches the seal count with the seal identifiers', () => {
    const filing = sampleFiling('sea-container.xml');
    filing.consignments[0]!.equipment[1]!.seals = ['CN4471903'];
    expect(runGate(filing)).toEqual([
      expect.objectContaining({ code: 'SEAL_COUNT_MISMATCH', location: '/MasterConsignment[1]/TransportEquipment[2]/SealCount', value: '2' }),
    ]);
  });

  it('requires goods item numbers 1..n in order', () => {
    const filing = sampleFiling('road.xml');
    filing.consignments[0]!.goods[1]!.itemNumber = 3;
    expect(runGate(filing)).toEqual([expect.objectContaining({ code: 'GOODS_ITEM_NUMBER_SEQUENCE', location: '/MasterConsignment[1]/GoodsItem[2]/ItemNumber', value: '3' })]);
  });

  it('rejects arrival before departure and warns on loading after departure', () => {
    const filing = sampleFiling('sea-container.xml');
    filing.conveyance.expectedArrivalAt = '2026-11-30T17:00:00.000Z';
    filing.conveyance.expectedLoadingAt = '2026-12-01T00:00:00.000Z';
    expect(runGate(filing).map((i) => `${i.severity} ${i.code}`)).toEqual(['error ARRIVAL_BEFORE_DEPARTURE', 'warning LOADING_AFTER_DEPARTURE']);
  });

  it('requires equipment on a containerised consignment', () => {
    const filing = sampleFiling('rail.xml');
    const consignment = filing.consignments[0]!;
    consignment.equipment = [];
    for (const item of consignment.goods) item.containerNumbers = [];
    expect(runGate(filing)).toEqual([expect.objectContaining({ code: 'CONTAINER_INDICATOR_WITHOUT_EQUIPMENT', location: '/MasterConsignment[1]/ContainerIndicator' })]);
    consignment.containerised = false;
    expect(runGate(filing)).toEqual([]);
  });

  it('warns when goods are packed in a container the consignment does not declare', () => {
    const filing = sampleFiling('rail.xml');
    filing.consignments[0]!.goods[1]!.containerNumbers = ['TRLU5512305'];
    expect(runGate(filing)).toEqual([expect.objectContaining({ severity: 'warning', code: 'GOODS_CONTAINER_NOT_DECLARED', value: 'TRLU5512305' })]);
  });

  it('compares item gross masses and package counts with the totals, as warnings', () => {
    const filing = sampleFiling('road.xml');
    const consignment = filing.consignments[0]!;
    consignment.totalGrossMassKg = 18_960;
    expect(runGate(filing)).toEqual([]);
    consignment.totalGrossMassKg = 25_000;
    consignment.totalPackages = 40;
    expect(runGate(filing).map((i) => `${i.severity} ${i.code}`)).toEqual(['warning GROSS_MASS_TOTAL_MISMATCH', 'warning PACKAGE_COUNT_MISMATCH']);
  });

  it('rejects a house transport document used twice (R3052)', () => {
    const filing = sampleFiling('air.xml');
    filing.consignments[1]!.transportDocument = { ...filing.consignments[0]!.transportDocument! };
    expect(runGate(filing)).toEqual([expect.objectContaining({ code: 'HOUSE_DOCUMENT_DUPLICATE', location: '/HouseConsignment[2]/TransportDocument/Number' })]);
  });

  it('rejects a representative with the declarant identifier (R3033)', () => {
    const filing = sampleFiling('air.xml');
    filing.parties[1]!.identifier = filing.parties[0]!.identifier!;
    expect(codes(runGate(filing))).toEqual(['REPRESENTATIVE_SAME_AS_DECLARANT']);
  });

  it('reports all findings at once', () => {
    const filing = sampleFiling('rail.xml');
    filing.consignments[0]!.goods[0]!.itemNumber = 2;
    filing.consignments[0]!.equipment[0]!.sealCount = 3;
    filing.consignments[0]!.goods[1]!.commodityCode = '999999';
    expect(codes(runGate(filing)).sort()).toEqual(['GOODS_ITEM_NUMBER_SEQUENCE', 'HS_CODE_UNKNOWN', 'SEAL_COUNT_MISMATCH']);
  });
});
