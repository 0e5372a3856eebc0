/**
 * The one domain model every filing format maps to. It follows the WCO Data Model class tree:
 * declaration -> border transport means (conveyance) with itinerary -> consignments (master or house)
 * -> goods items with commodity codes, packages and transport equipment with seals; parties on each
 * level. Parsers produce it; risk, storage and the API consume it. Plain data, JSON-serialisable, so it
 * crosses worker-thread and database boundaries unchanged.
 */

export const FILING_FORMATS = ['canonical', 'ens-cc315a', 'ens-cc313a', 'iata-xfwb', 'iata-xfzb'] as const;
export type FilingFormat = (typeof FILING_FORMATS)[number];

export const TRANSPORT_MODES = ['sea', 'air', 'road', 'rail', 'inland_waterway', 'postal', 'other'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

/**
 * What part of the consignment picture a filing carries (ICS2 multiple filing): a complete filing has
 * master and house data together; a master filing comes from the carrier; house filings come from
 * forwarders and are linked to the master by the master transport document number.
 */
export const FILING_LEVELS = ['complete', 'master', 'house'] as const;
export type FilingLevel = (typeof FILING_LEVELS)[number];

export const PARTY_ROLES = [
  'consignor',
  'consignee',
  'notify',
  'carrier',
  'declarant',
  'representative',
  'seller',
  'buyer',
  'manufacturer',
  'consolidator',
  'other',
] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export interface Address {
  street?: string;
  city?: string;
  postcode?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
}

export interface Party {
  role: PartyRole;
  name?: string;
  /** EORI, TIN or another trader identifier as filed. */
  identifier?: string;
  /** AEO authorisation number when the filer states one. */
  aeoCertificate?: string;
  address?: Address;
  /** Location of this party element in the source document, for evidence and error reports. */
  location?: string;
}

export interface Place {
  /** UN/LOCODE, 5 characters. */
  unlocode?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  name?: string;
}

export interface PackageInfo {
  kind?: string;
  count?: number;
  marks?: string;
}

export interface GoodsItem {
  /** As filed; the gate checks they run 1..n. */
  itemNumber: number;
  description: string;
  /** HS (6 digits) or a national extension (8-10 digits), digits only. */
  commodityCode?: string;
  grossMassKg?: number;
  netMassKg?: number;
  packages: PackageInfo[];
  /** UN dangerous goods number. */
  dangerousGoodsUn?: string;
  containerNumbers: string[];
  originCountry?: string;
  value?: { amount: number; currency: string };
  location?: string;
}

export interface Equipment {
  /** ISO 6346 container number, or another equipment identifier for non-container equipment. */
  containerNumber: string;
  sizeType?: string;
  packedStatus?: 'empty' | 'full';
  sealCount?: number;
  seals: string[];
  location?: string;
}

export interface TransportDocument {
  /** Document type code as filed, e.g. N705 bill of lading, 740 air waybill, 741 master air waybill, 703 house air waybill. */
  type?: string;
  number: string;
}

/** A licence (import/export authorisation) the filer cites for the consignment's controlled goods. */
export interface LicenceReference {
  number: string;
  /** ISO 3166-1 alpha-2 of the issuing administration, when stated. */
  issuingCountry?: string;
  location?: string;
}

export interface Consignment {
  /** 1-based position in the filing. */
  sequence: number;
  /** The consignment's own transport document (house B/L, house air waybill, or master when direct). */
  transportDocument?: TransportDocument;
  /** The master document a house consignment travels under (links multiple filings). */
  masterTransportDocument?: TransportDocument;
  /** Trader's own unique consignment reference when filed. */
  ucr?: string;
  parties: Party[];
  placeOfAcceptance?: Place;
  placeOfLoading?: Place;
  placeOfUnloading?: Place;
  placeOfDelivery?: Place;
  /** Countries of routing of the consignment, in order (ISO alpha-2). */
  routingCountries: string[];
  goods: GoodsItem[];
  equipment: Equipment[];
  containerised?: boolean;
  totalGrossMassKg?: number;
  totalPackages?: number;
  /** Transport charges method of payment code (cash 'A' is a classic indicator). */
  paymentMethod?: string;
  /** Licences cited for controlled goods (arms, explosives, dual-use, precursors). */
  licences?: LicenceReference[];
  location?: string;
}

export interface Conveyance {
  mode: TransportMode;
  /** IMO number (sea), flight number (air), registration plate (road), train number or ENI. */
  identifier?: string;
  name?: string;
  nationality?: string;
  /** Voyage number or flight number with date. */
  conveyanceReference?: string;
  /** Countries of routing of the means of transport, in order. */
  routingCountries: string[];
  itinerary: Place[];
  /**
   * Planned start of loading at the port/airport of departure. Added for the filing-timing check: the
   * SAFE and EU deadline for containerised sea cargo is 24 h before loading, which can precede departure by days.
   */
  expectedLoadingAt?: string;
  expectedDepartureAt?: string;
  expectedArrivalAt?: string;
  /** Customs office of first entry (an8). */
  officeOfFirstEntry?: string;
}

export interface Filing {
  format: FilingFormat;
  level: FilingLevel;
  /** Local reference number chosen by the filer (an..22). */
  lrn: string;
  /** For amendments: the MRN of the filing being amended, as the document states it. */
  amendsMrn?: string;
  declaredAt?: string;
  specificCircumstance?: string;
  parties: Party[];
  conveyance: Conveyance;
  consignments: Consignment[];
}

export type IssueSeverity = 'error' | 'warning';

/**
 * One finding of the data-quality gate. `code` is ours and stable; `externalCode` is the code of the
 * administration whose rules we reproduce (e.g. the ENS error number `8634`), with `location` in that
 * administration's form.
 */
export interface ValidationIssue {
  severity: IssueSeverity;
  code: string;
  message: string;
  location: string;
  value?: string;
  externalCode?: string;
}

export type ParseOutcome =
  | { ok: true; filing: Filing; issues: ValidationIssue[] }
  | { ok: false; format?: FilingFormat; issues: ValidationIssue[] };
