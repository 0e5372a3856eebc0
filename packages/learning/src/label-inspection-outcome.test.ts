import { describe, expect, it } from 'vitest';
import type { Consignment, Filing } from '@safe-screen/domain';
import { featuresFromConsignment } from './features-from-consignment.js';
import { labelInspectionOutcome } from './label-inspection-outcome.js';

const filing: Pick<Filing, 'parties' | 'conveyance'> = {
  parties: [{ role: 'declarant', identifier: 'GB000111' }],
  conveyance: { mode: 'sea', routingCountries: ['CN', 'GB'], itinerary: [], officeOfFirstEntry: 'GB000060' },
};

const consignment: Consignment = {
  sequence: 1,
  parties: [{ role: 'consignee', identifier: 'gb123 456' }, { role: 'consignor', name: 'Shenzhen Parts' }],
  placeOfLoading: { unlocode: 'CNSHA' },
  routingCountries: ['CN', 'GB'],
  goods: [
    { itemNumber: 1, description: 'cars', commodityCode: '87032310', netMassKg: 1200, packages: [], containerNumbers: [], originCountry: 'CN' },
    { itemNumber: 2, description: 'tyres', commodityCode: '401110', packages: [], containerNumbers: [] },
  ],
  equipment: [],
};

describe('labelInspectionOutcome', () => {
  it('labels every goods line with exactly the features scoring uses', () => {
    const labels = labelInspectionOutcome({ filing, consignment, finding: 'serious_finding', inspectedBy: 'export_customs', controlGroup: false });
    expect(labels.map((l) => l.features)).toEqual(featuresFromConsignment(filing, consignment));
    expect(labels).toHaveLength(2);
    expect(labels[0]).toEqual({
      source: 'export_customs',
      outcome: 'serious_finding',
      features: {
        importerId: 'GB123 456', declarantId: 'GB000111', sellerId: 'SHENZHEN PARTS', loadingCountry: 'CN', routing: 'CN-GB', mode: 'sea', office: 'GB000060',
        commodityCode: '870323', originCountry: 'CN', netMassKg: 1200,
      },
    });
  });

  it('labels a control-group consignment random_control, whoever inspected it', () => {
    const labels = labelInspectionOutcome({ filing, consignment, finding: 'no_finding', inspectedBy: 'officer', controlGroup: true });
    expect(labels.map((l) => l.source)).toEqual(['random_control', 'random_control']);
    expect(labelInspectionOutcome({ filing, consignment, finding: 'no_finding', inspectedBy: 'officer', controlGroup: false })[0]?.source).toBe('officer');
  });
});

describe('examinations other than outbound inspections', () => {
  it('carries the examination kind and the selection reason, and a control-group draw stays random_control', () => {
    const xray = labelInspectionOutcome({ filing, consignment, finding: 'irregularity', inspectedBy: 'officer', controlGroup: false, examination: 'xray', selectionReason: 'rule' });
    expect(xray[0]).toMatchObject({ source: 'officer', examination: 'xray', selectionReason: 'rule', outcome: 'irregularity' });
    const control = labelInspectionOutcome({ filing, consignment, finding: 'no_finding', inspectedBy: 'officer', controlGroup: true, examination: 'documentary', selectionReason: 'model' });
    expect(control[0]).toMatchObject({ source: 'random_control', examination: 'documentary', selectionReason: 'random_control' });
  });
});
