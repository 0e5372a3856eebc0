import { describe, expect, it } from 'vitest';
import { sampleFiling } from '../testing/read-fixture.js';
import { runGate } from './run-gate.js';

const codes = (issues: ReturnType<typeof runGate>) => issues.map((i) => i.code);

describe('gate: identifiers', () => {
  it('accepts the valid container, IMO and air waybill numbers of the samples', () => {
    for (const sample of ['sea-container.xml', 'air.xml', 'rail.xml', 'road.xml'] as const) expect(runGate(sampleFiling(sample))).toEqual([]);
  });

  it('rejects a container number with a wrong ISO 6346 check digit, on equipment and goods', () => {
    const filing = sampleFiling('rail.xml');
    const consignment = filing.consignments[0]!;
    consignment.equipment[0]!.containerNumber = 'CAIU9208440';
    consignment.goods[0]!.containerNumbers = ['CAIU9208440'];
    const issues = runGate(filing);
    expect(issues).toContainEqual({
      severity: 'error',
      code: 'CONTAINER_CHECK_DIGIT_INVALID',
      message: 'container number "CAIU9208440" has check digit 0, ISO 6346 gives 5',
      location: '/MasterConsignment[1]/TransportEquipment[1]/ContainerNumber',
      value: 'CAIU9208440',
    });
    expect(codes(issues).filter((c) => c === 'CONTAINER_CHECK_DIGIT_INVALID')).toHaveLength(1);
  });

  it('rejects malformed container numbers, including the textbook-invalid MSKU1100810', () => {
    const filing = sampleFiling('rail.xml');
    filing.consignments[0]!.equipment[0]!.containerNumber = 'CAIX920844';
    filing.consignments[0]!.equipment[1]!.containerNumber = 'MSKU1100810';
    expect(codes(runGate(filing))).toEqual(expect.arrayContaining(['CONTAINER_NUMBER_MALFORMED', 'CONTAINER_CHECK_DIGIT_INVALID']));
  });

  it('does not hold road trailers identified by plate to ISO 6346, but checks ISO-looking numbers', () => {
    const filing = sampleFiling('road.xml');
    filing.consignments[0]!.equipment.push({ containerNumber: '34TRL9921', seals: [] });
    expect(runGate(filing)).toEqual([]);
    filing.consignments[0]!.equipment.push({ containerNumber: 'TRLU5512300', seals: [] });
    expect(codes(runGate(filing))).toEqual(['CONTAINER_CHECK_DIGIT_INVALID']);
  });

  it('checks ULD identifiers on air equipment as warnings', () => {
    const filing = sampleFiling('air.xml');
    filing.consignments[0]!.equipment.push({ containerNumber: 'AKE12345XX', seals: [] }, { containerNumber: 'PALLET-1', seals: [] });
    expect(runGate(filing)).toEqual([expect.objectContaining({ severity: 'warning', code: 'ULD_NUMBER_MALFORMED', value: 'PALLET-1' })]);
  });

  it('rejects an IMO number with a wrong check digit', () => {
    const filing = sampleFiling('sea-container.xml');
    filing.conveyance.identifier = 'IMO9839170';
    expect(runGate(filing)).toContainEqual(expect.objectContaining({ code: 'VESSEL_IMO_INVALID', location: '/BorderTransportMeans/Identification' }));
  });

  it('rejects an inland vessel without an 8-digit ENI', () => {
    const filing = sampleFiling('road.xml');
    filing.conveyance.mode = 'inland_waterway';
    filing.conveyance.identifier = '0230789';
    expect(codes(runGate(filing))).toContain('VESSEL_ENI_INVALID');
    filing.conveyance.identifier = '02307890';
    expect(codes(runGate(filing))).not.toContain('VESSEL_ENI_INVALID');
  });

  it('rejects a master air waybill whose mod-7 check digit is wrong, not house waybill numbers', () => {
    const filing = sampleFiling('air.xml');
    filing.consignments[0]!.masterTransportDocument = { type: 'N741', number: '176-12345670' };
    const issues = runGate(filing);
    expect(issues).toEqual([expect.objectContaining({ code: 'AWB_CHECK_DIGIT_INVALID', location: '/HouseConsignment[1]/MasterTransportDocument/Number', value: '176-12345670' })]);
  });

  it('checks the MRN an amendment refers to', () => {
    const filing = sampleFiling('road.xml');
    filing.amendsMrn = '26NLENS00000001AX2';
    expect(runGate(filing)).toEqual([]);
    filing.amendsMrn = '26NLENS00000001AX3';
    expect(runGate(filing)).toEqual([expect.objectContaining({ code: 'MRN_INVALID', location: '/AmendsMRN' })]);
  });
});
