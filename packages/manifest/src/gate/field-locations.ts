/**
 * Where a field lives in the source document, per format, so gate issues point at the element a filer
 * must fix. Domain objects carry the location of their own element (parsers fill it); the gate appends
 * the child path of the field. Conveyance and header fields have no domain object location, so their
 * absolute paths are listed here. Formats without an entry fall back to the object's own location.
 */
import type { FilingFormat } from '@safe-screen/domain';

export type ObjectField =
  | 'itemNumber'
  | 'description'
  | 'commodityCode'
  | 'grossMass'
  | 'originCountry'
  | 'goodsContainer'
  | 'containerNumber'
  | 'sealCount'
  | 'transportDocument'
  | 'masterTransportDocument'
  | 'containerIndicator'
  | 'placeOfAcceptance'
  | 'placeOfLoading'
  | 'placeOfUnloading'
  | 'placeOfDelivery'
  | 'routingCountry'
  | 'totalGrossMass'
  | 'totalPackages'
  | 'partyName'
  | 'partyCountry'
  | 'partyIdentifier';

export type HeaderField = 'amendsMrn' | 'conveyanceIdentifier' | 'nationality' | 'conveyanceRouting' | 'itinerary' | 'loading' | 'departure' | 'arrival';

const CANONICAL_OBJECT: Record<ObjectField, string> = {
  itemNumber: 'ItemNumber',
  description: 'Description',
  commodityCode: 'CommodityCode',
  grossMass: 'GrossMassKg',
  originCountry: 'OriginCountry',
  goodsContainer: 'ContainerNumber',
  containerNumber: 'ContainerNumber',
  sealCount: 'SealCount',
  transportDocument: 'TransportDocument/Number',
  masterTransportDocument: 'MasterTransportDocument/Number',
  containerIndicator: 'ContainerIndicator',
  placeOfAcceptance: 'PlaceOfAcceptance',
  placeOfLoading: 'PlaceOfLoading',
  placeOfUnloading: 'PlaceOfUnloading',
  placeOfDelivery: 'PlaceOfDelivery',
  routingCountry: 'RoutingCountry',
  totalGrossMass: 'TotalGrossMassKg',
  totalPackages: 'TotalPackages',
  partyName: 'Name',
  partyCountry: 'Address/Country',
  partyIdentifier: 'Identifier',
};

const IATA_OBJECT: Partial<Record<ObjectField, string>> = {
  itemNumber: 'SequenceNumeric',
  description: 'NatureIdentificationTransportCargo/Identification',
  commodityCode: 'TypeCode',
  grossMass: 'GrossWeightMeasure',
  originCountry: 'OriginCountryID',
  goodsContainer: 'AssociatedUnitLoadTransportEquipment',
  containerNumber: 'ID',
  transportDocument: 'ID',
  masterTransportDocument: 'TransportContractDocument/ID',
  placeOfLoading: 'OriginLocation/ID',
  placeOfUnloading: 'FinalDestinationLocation/ID',
  totalGrossMass: 'IncludedTareGrossWeightMeasure',
  totalPackages: 'TotalPieceQuantity',
  partyName: 'Name',
  partyCountry: 'PostalStructuredAddress/CountryID',
  partyIdentifier: 'AccountID',
};

const CANONICAL_HEADER: Record<HeaderField, string> = {
  amendsMrn: '/AmendsMRN',
  conveyanceIdentifier: '/BorderTransportMeans/Identification',
  nationality: '/BorderTransportMeans/Nationality',
  conveyanceRouting: '/BorderTransportMeans/Itinerary/RoutingCountry',
  itinerary: '/BorderTransportMeans/Itinerary/PortOfCall',
  loading: '/BorderTransportMeans/ExpectedLoading',
  departure: '/BorderTransportMeans/ExpectedDeparture',
  arrival: '/BorderTransportMeans/ExpectedArrival',
};

const IATA_HEADER: Partial<Record<HeaderField, string>> = {
  conveyanceIdentifier: '/MasterConsignment/SpecifiedLogisticsTransportMovement[1]/ID',
  itinerary: '/MasterConsignment/SpecifiedLogisticsTransportMovement',
  departure: '/MasterConsignment/SpecifiedLogisticsTransportMovement[1]/DepartureEvent/ScheduledOccurrenceDateTime',
  arrival: '/MasterConsignment/SpecifiedLogisticsTransportMovement[1]/ArrivalEvent/ScheduledOccurrenceDateTime',
};

/**
 * ICS1 ENS (CC315A/CC313A) header fields in the ENS module's own location form (`{root}` is the message
 * root, `{n}` the 1-based repetition), for the findings the ENS path downgrades to warnings.
 */
const ENS_HEADER: Partial<Record<HeaderField, string>> = {
  amendsMrn: '{root}/HEAHEA[1]/DocNumHEA5[1]',
  conveyanceIdentifier: '{root}/HEAHEA[1]/IdeOfMeaOfTraCroHEA85[1]',
  nationality: '{root}/HEAHEA[1]/NatOfMeaOfTraCroHEA87[1]',
  conveyanceRouting: '{root}/ITI[{n}]/CouOfRouCodITI1[1]',
  arrival: '{root}/HEAHEA[1]/ExpDatOfArrFirPlaOfArrHEA25[1]',
};

const ENS_ROOTS: Partial<Record<FilingFormat, string>> = { 'ens-cc315a': '/ie:CC315A[1]', 'ens-cc313a': '/ie:CC313A[1]' };

const OBJECT_FIELDS: Partial<Record<FilingFormat, Partial<Record<ObjectField, string>>>> = {
  canonical: CANONICAL_OBJECT,
  'iata-xfwb': IATA_OBJECT,
  'iata-xfzb': IATA_OBJECT,
};

const HEADER_FIELDS: Partial<Record<FilingFormat, Partial<Record<HeaderField, string>>>> = {
  canonical: CANONICAL_HEADER,
  'iata-xfwb': IATA_HEADER,
  'iata-xfzb': IATA_HEADER,
  'ens-cc315a': ENS_HEADER,
  'ens-cc313a': ENS_HEADER,
};

export interface FieldLocator {
  /** `index` (0-based) picks one of several repetitions of the field. */
  field(objectLocation: string | undefined, field: ObjectField, index?: number): string;
  header(field: HeaderField, index?: number): string;
}

function indexed(path: string, index: number | undefined): string {
  if (path.includes('{n}')) return path.replace('{n}', String((index ?? 0) + 1));
  return index === undefined ? path : `${path}[${index + 1}]`;
}

export function createFieldLocator(format: FilingFormat): FieldLocator {
  const objectFields = OBJECT_FIELDS[format] ?? {};
  const headerFields = HEADER_FIELDS[format] ?? {};
  const root = ENS_ROOTS[format] ?? '';
  return {
    field(objectLocation, field, index) {
      const base = objectLocation ?? '';
      const child = objectFields[field];
      if (child === undefined) return base === '' ? '/' : base;
      return indexed(`${base}/${child}`, index);
    },
    header(field, index) {
      const path = headerFields[field];
      return path === undefined ? '/' : indexed(path.replace('{root}', root), index);
    },
  };
}
