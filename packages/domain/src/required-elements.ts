/**
 * The data elements a risk assessment cannot do without, per filing level and mode of transport.
 * Derived from the SAFE data elements and the EU ICS2 datasets (domain.md 1.3 and 2.2): SAFE's premise
 * is that data which do not allow a risk assessment lead to a request for information, never to
 * "assessment complete". The gate reports a missing element (an error where the filing's format makes
 * it mandatory, a warning otherwise) and the decision turns any missing element into a request for
 * information naming it, whatever the rule set says.
 *
 * Air pre-loading (PLACI, the 7+1 dataset) is not a filing level yet; when it becomes one it gets its
 * own row: shipper and consignee name and address, pieces, weight, description, air waybill number.
 */
import type { Consignment, Filing, FilingFormat, FilingLevel, TransportMode } from './filing.js';

export const REQUIRED_ELEMENTS = [
  'consignor',
  'consignee',
  'goodsDescription',
  'commodityCode',
  'packages',
  'grossMass',
  'transportDocument',
  'masterTransportDocument',
  'placeOfLoading',
  'placeOfUnloading',
] as const;
export type RequiredElement = (typeof REQUIRED_ELEMENTS)[number];

/** What each element is, in the words a filer reads, with the SAFE / ICS2 reference. */
export const REQUIRED_ELEMENT_LABELS: Record<RequiredElement, string> = {
  consignor: 'consignor (shipper): name or trader identifier (SAFE DE consignor; ICS2 master and house level)',
  consignee: 'consignee: name or trader identifier (SAFE DE consignee; ICS2 C3020 house consignee)',
  goodsDescription: 'plain-language goods description (SAFE DE goods description; ICS2 DE 18 05)',
  commodityCode: 'commodity (HS) code, at least 6 digits (SAFE DE HS code; ICS2 R3019)',
  packages: 'number of packages or pieces (SAFE DE number and kind of packages)',
  grossMass: 'gross mass of the consignment or of each goods item (SAFE DE gross weight)',
  transportDocument: 'transport document number: B/L, air waybill, CMR or CIM (SAFE DE transport document)',
  masterTransportDocument: 'master transport document a house consignment travels under (ICS2 linking key)',
  placeOfLoading: 'place of loading (SAFE DE place of loading)',
  placeOfUnloading: 'place of unloading (SAFE DE place of unloading / discharge)',
};

const COMMON: RequiredElement[] = ['consignor', 'consignee', 'goodsDescription', 'packages', 'grossMass', 'transportDocument'];

/**
 * Per filing level. The master level carries no commodity codes (ICS2 F12: the goods detail is in the
 * house filings, which are linked before assessment); the house level carries no places of
 * loading/unloading of its own (inherited from the master).
 */
const BY_LEVEL: Record<FilingLevel, readonly RequiredElement[]> = {
  complete: [...COMMON, 'commodityCode', 'placeOfLoading', 'placeOfUnloading'],
  house: [...COMMON, 'commodityCode', 'masterTransportDocument'],
  master: [...COMMON, 'placeOfLoading', 'placeOfUnloading'],
};

/** Mode exceptions: postal items carry a commodity code only when the sender gave one (ICS2 F4x). */
const NOT_REQUIRED_BY_MODE: Partial<Record<TransportMode, ReadonlySet<RequiredElement>>> = {
  postal: new Set<RequiredElement>(['commodityCode', 'transportDocument']),
};

/**
 * Elements the format's own schema makes mandatory: their absence is a format error, not a request
 * for information. IATA Cargo-XML XFWB/XFZB have ConsignorParty and ConsigneeParty [1..1]; the
 * canonical XSD and ICS1 ENS leave them optional (ENS findings are advisory anyway).
 */
export const FORMAT_MANDATORY: Record<FilingFormat, ReadonlySet<RequiredElement>> = {
  canonical: new Set(),
  'ens-cc315a': new Set(),
  'ens-cc313a': new Set(),
  'iata-xfwb': new Set<RequiredElement>(['consignor', 'consignee', 'transportDocument']),
  'iata-xfzb': new Set<RequiredElement>(['consignor', 'consignee', 'transportDocument', 'masterTransportDocument']),
};

export function requiredElementsFor(level: FilingLevel, mode: TransportMode): RequiredElement[] {
  const skip = NOT_REQUIRED_BY_MODE[mode];
  return BY_LEVEL[level].filter((e) => skip === undefined || !skip.has(e));
}

export interface MissingElement {
  element: RequiredElement;
  /** 0-based goods item index for item-level elements (description, commodity code). */
  goodsIndex?: number;
}

const filled = (text: string | undefined): boolean => text !== undefined && text.trim() !== '';

/** Every required element this consignment lacks, item-level ones once per goods item. */
export function findMissingElements(filing: Pick<Filing, 'level' | 'conveyance'>, consignment: Consignment): MissingElement[] {
  const missing: MissingElement[] = [];
  const hasParty = (role: 'consignor' | 'consignee') => consignment.parties.some((p) => p.role === role && (filled(p.name) || filled(p.identifier)));
  const hasPlace = (place: Consignment['placeOfLoading']) => place !== undefined && (filled(place.unlocode) || filled(place.country) || filled(place.name));
  for (const element of requiredElementsFor(filing.level, filing.conveyance.mode)) {
    switch (element) {
      case 'consignor':
      case 'consignee':
        if (!hasParty(element)) missing.push({ element });
        break;
      case 'goodsDescription':
        if (consignment.goods.length === 0) missing.push({ element });
        consignment.goods.forEach((g, goodsIndex) => {
          if (!filled(g.description)) missing.push({ element, goodsIndex });
        });
        break;
      case 'commodityCode':
        if (consignment.goods.length === 0) missing.push({ element });
        consignment.goods.forEach((g, goodsIndex) => {
          if (g.commodityCode === undefined || g.commodityCode.length < 6) missing.push({ element, goodsIndex });
        });
        break;
      case 'packages': {
        const itemCount = consignment.goods.some((g) => g.packages.some((p) => p.count !== undefined && p.count > 0));
        if (!itemCount && !(consignment.totalPackages !== undefined && consignment.totalPackages > 0)) missing.push({ element });
        break;
      }
      case 'grossMass': {
        const allItems = consignment.goods.length > 0 && consignment.goods.every((g) => g.grossMassKg !== undefined && g.grossMassKg > 0);
        if (!allItems && !(consignment.totalGrossMassKg !== undefined && consignment.totalGrossMassKg > 0)) missing.push({ element });
        break;
      }
      case 'transportDocument':
        if (!filled(consignment.transportDocument?.number)) missing.push({ element });
        break;
      case 'masterTransportDocument':
        if (!filled(consignment.masterTransportDocument?.number)) missing.push({ element });
        break;
      case 'placeOfLoading':
        if (!hasPlace(consignment.placeOfLoading)) missing.push({ element });
        break;
      case 'placeOfUnloading':
        if (!hasPlace(consignment.placeOfUnloading)) missing.push({ element });
        break;
    }
  }
  return missing;
}

/** "consignor, goods item 2 commodityCode" — for messages and evidence. */
export function describeMissing(missing: readonly MissingElement[]): string {
  return missing.map((m) => (m.goodsIndex === undefined ? m.element : `goods item ${m.goodsIndex + 1} ${m.element}`)).join(', ');
}
