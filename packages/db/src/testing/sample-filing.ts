/**
 * A small canonical sea filing for the repository tests: one carrier, `consignments` house consignments
 * of cotton T-shirts loaded at Shanghai, each with its own transport document.
 */
import type { Filing } from '@safe-screen/domain';

export function sampleFiling(lrn: string, consignments = 3): Filing {
  return {
    format: 'canonical',
    level: 'complete',
    lrn,
    parties: [{ role: 'carrier', name: 'Ocean Carrier Ltd', identifier: 'GB123456789000' }],
    conveyance: { mode: 'sea', identifier: 'IMO9074729', routingCountries: ['CN', 'GB'], itinerary: [] },
    consignments: Array.from({ length: consignments }, (_, i) => ({
      sequence: i + 1,
      transportDocument: { type: 'N705', number: `BL${lrn}${i}` },
      parties: [{ role: 'consignee', name: `Importer ${i}`, address: { country: 'GB' } }],
      placeOfLoading: { unlocode: 'CNSHA', country: 'CN' },
      routingCountries: ['CN', 'GB'],
      goods: [{ itemNumber: 1, description: 'Cotton T-shirts', commodityCode: '610910', packages: [], containerNumbers: [] }],
      equipment: [],
    })),
  };
}
