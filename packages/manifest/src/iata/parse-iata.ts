/**
 * IATA Cargo-XML XFWB (master air waybill) and XFZB (house air waybill) -> domain Filing.
 *  - XFWB: level master; one consignment for the master air waybill; goods from the rating lines
 *    (IncludedMasterConsignmentItem), ULDs as equipment.
 *  - XFZB: level house; one consignment per IncludedHouseConsignment, linked to the master by
 *    MasterConsignment/TransportContractDocument/ID.
 * Airports are IATA codes; they are resolved to UN/LOCODEs through the shipped code list so the
 * gate's routing and code-list rules apply as for any other format. Routing countries are derived from
 * origin, the flight legs and the final destination.
 */
import type { Consignment, Conveyance, Equipment, Filing, GoodsItem, LicenceReference, PackageInfo, Party, PartyRole, ParseOutcome, Place } from '@safe-screen/domain';
import { lookupAirport } from '@safe-screen/reference';
import { definedOnly } from '../defined-only.js';
import { FieldReader } from '../field-reader.js';
import type { Located } from '../field-reader.js';
import type { ParsedXml } from '../xml.js';
import { IATA_HOUSE_WAYBILL } from './iata-format.js';

const POUND_KG = 0.45359237;

const PARTY_ELEMENTS: ReadonlyArray<[string, PartyRole, string]> = [
  ['ConsignorParty', 'consignor', 'SHP'],
  ['ConsigneeParty', 'consignee', 'CNE'],
  ['NotifyParty', 'notify', 'NFY'],
  ['FreightForwarderParty', 'other', 'FFW'],
  ['CarrierParty', 'carrier', 'CAR'],
];

export function parseIata(xml: ParsedXml): ParseOutcome {
  const house = xml.rootLocalName === IATA_HOUSE_WAYBILL.root;
  const format = house ? 'iata-xfzb' : 'iata-xfwb';
  const r = new FieldReader();
  const root: Located = { element: xml.root, path: '' };
  const header = r.one(root, 'MessageHeaderDocument', true);
  const business = r.one(root, 'BusinessHeaderDocument', true);
  const master = r.one(root, 'MasterConsignment', true);
  const documentNumber = business === undefined ? undefined : r.text(business, 'ID', { required: true, max: 35 });
  const typeCode = header === undefined ? undefined : r.text(header, 'TypeCode');
  const declaredAt = header === undefined ? undefined : r.dateTime(header, 'IssueDateTime');
  if (master === undefined || documentNumber === undefined) return { ok: false, format, issues: r.issues };

  const conveyance = readConveyance(r, master);
  const consignments: Consignment[] = [];
  if (house) {
    const contract = r.one(master, 'TransportContractDocument', true);
    const masterNumber = contract === undefined ? undefined : r.text(contract, 'ID', { required: true });
    r.all(master, 'IncludedHouseConsignment').forEach((element, i) => {
      const consignment = readConsignment(r, element, master, i + 1, 'IncludedHouseConsignmentItem', conveyance);
      consignment.transportDocument = { type: '703', number: r.text(element, 'ID') ?? documentNumber };
      if (masterNumber !== undefined) consignment.masterTransportDocument = { type: '741', number: masterNumber };
      consignments.push(consignment);
    });
    if (consignments.length === 0) r.missing(master, 'IncludedHouseConsignment');
  } else {
    const consignment = readConsignment(r, master, master, 1, 'IncludedMasterConsignmentItem', conveyance);
    consignment.transportDocument = { type: typeCode === '740' ? '740' : '741', number: documentNumber };
    consignments.push(consignment);
  }
  if (r.issues.some((issue) => issue.severity === 'error')) return { ok: false, format, issues: r.issues };
  const filing: Filing = {
    format,
    level: house ? 'house' : 'master',
    lrn: documentNumber.slice(0, 22),
    ...(declaredAt === undefined ? {} : { declaredAt }),
    parties: [],
    conveyance,
    consignments,
  };
  return { ok: true, filing, issues: r.issues };
}

interface Leg {
  flight?: string;
  mode?: string;
  from?: Place;
  to?: Place;
  departureAt?: string;
  arrivalAt?: string;
}

function readConveyance(r: FieldReader, master: Located): Conveyance {
  const legs: Leg[] = r
    .all(master, 'SpecifiedLogisticsTransportMovement')
    .map((movement) => ({ movement, sequence: Number(r.text(movement, 'SequenceNumeric') ?? '0') }))
    .sort((a, b) => a.sequence - b.sequence)
    .map(({ movement }) => {
      const departure = r.one(movement, 'DepartureEvent');
      const arrival = r.one(movement, 'ArrivalEvent');
      const fromAt = departure === undefined ? undefined : r.one(departure, 'OccurrenceDepartureLocation');
      const toAt = arrival === undefined ? undefined : r.one(arrival, 'OccurrenceArrivalLocation');
      return definedOnly({
        flight: r.text(movement, 'ID'),
        mode: r.text(movement, 'ModeCode'),
        from: fromAt === undefined ? undefined : readAirport(r, fromAt),
        to: toAt === undefined ? undefined : readAirport(r, toAt),
        departureAt: departure === undefined ? undefined : r.dateTime(departure, 'ScheduledOccurrenceDateTime'),
        arrivalAt: arrival === undefined ? undefined : r.dateTime(arrival, 'ScheduledOccurrenceDateTime'),
      });
    });
  const origin = locationOf(r, master, 'OriginLocation');
  const destination = locationOf(r, master, 'FinalDestinationLocation');
  const itinerary: Place[] = [];
  const first = legs[0];
  if (first?.from !== undefined) itinerary.push(first.from);
  for (const leg of legs) if (leg.to !== undefined) itinerary.push(leg.to);
  const last = legs[legs.length - 1];
  return {
    // Cargo-XML waybills are air documents; ModeCode (UN/ECE Rec 19) is optional and 4 when present.
    mode: first?.mode === undefined || first.mode === '4' ? 'air' : 'other',
    routingCountries: routeCountries([origin, ...itinerary, destination]),
    itinerary,
    ...definedOnly({ identifier: first?.flight, conveyanceReference: first?.flight, expectedDepartureAt: first?.departureAt, expectedArrivalAt: last?.arrivalAt }),
  };
}

function routeCountries(places: Array<Place | undefined>): string[] {
  const out: string[] = [];
  for (const place of places) {
    const country = place?.country;
    if (country !== undefined && out[out.length - 1] !== country) out.push(country);
  }
  return out;
}

function locationOf(r: FieldReader, parent: Located, name: string): Place | undefined {
  const at = r.one(parent, name);
  return at === undefined ? undefined : readAirport(r, at);
}

function readAirport(r: FieldReader, at: Located): Place | undefined {
  const code = r.text(at, 'ID');
  if (code === undefined) return undefined;
  const airport = /^[A-Z]{3}$/.test(code) ? lookupAirport(code) : undefined;
  if (airport === undefined) {
    r.warn('IATA_AIRPORT_UNKNOWN', `airport code "${code}" does not resolve to a UN/LOCODE airport`, `${at.path}/ID`, code);
    return { name: code };
  }
  return { unlocode: airport.code, country: airport.country, name: code };
}

function readConsignment(r: FieldReader, at: Located, master: Located, sequence: number, itemName: string, conveyance: Conveyance): Consignment {
  const notes = readCustomsNotes(r, at);
  const parties: Party[] = [];
  for (const [name, role, subject] of PARTY_ELEMENTS) {
    const element = r.one(at, name);
    if (element !== undefined) parties.push(readParty(r, element, role, notes.get(subject)));
  }
  const loading = locationOf(r, at, 'OriginLocation') ?? locationOf(r, master, 'OriginLocation');
  const unloading = locationOf(r, at, 'FinalDestinationLocation') ?? locationOf(r, master, 'FinalDestinationLocation');
  const goods: GoodsItem[] = [];
  const equipment: Equipment[] = [];
  const itemParents = at === master ? r.all(at, 'ApplicableRating') : [at];
  const summary = r.text(at, 'SummaryDescription');
  for (const parent of itemParents) {
    let lineDescription = summary;
    for (const item of r.all(parent, itemName)) {
      const read = readGoodsItem(r, item, lineDescription, equipment);
      lineDescription = read.description;
      goods.push(read);
    }
  }
  return {
    sequence,
    parties,
    routingCountries: routeCountries([loading, ...conveyance.itinerary.slice(1), unloading]),
    goods,
    equipment,
    location: at.path,
    ...definedOnly({
      placeOfLoading: loading,
      placeOfUnloading: unloading,
      totalGrossMassKg: readMass(r, at, 'IncludedTareGrossWeightMeasure'),
      totalPackages: r.number(at, 'TotalPieceQuantity', { integer: true }),
      licences: readLicenceDocuments(r, at),
    }),
  };
}

/**
 * Licence citations: AssociatedReferenceDocument lines whose TypeCode is a UN/EDIFACT 1001 licence
 * (811 export licence, 911 import licence), as for ENS produced documents.
 */
const LICENCE_TYPE_CODES: readonly string[] = ['811', '911'];

function readLicenceDocuments(r: FieldReader, at: Located): LicenceReference[] | undefined {
  const cited = r.all(at, 'AssociatedReferenceDocument').flatMap((doc): LicenceReference[] => {
    const type = r.text(doc, 'TypeCode');
    const number = r.text(doc, 'ID');
    return type !== undefined && number !== undefined && LICENCE_TYPE_CODES.includes(type) ? [{ number, location: doc.path }] : [];
  });
  return cited.length > 0 ? cited : undefined;
}

/**
 * A rating line without its own nature of goods only carries an additional HS code for the goods
 * described on the line before (Cargo-XML lists several HTS codes that way), so it inherits that
 * description rather than being reported as blank.
 */
function readGoodsItem(r: FieldReader, item: Located, previousDescription: string | undefined, equipment: Equipment[]): GoodsItem {
  const nature = r.one(item, 'NatureIdentificationTransportCargo');
  const own = nature === undefined ? undefined : r.text(nature, 'Identification');
  const description = (own ?? previousDescription ?? '').replace(/\s+/g, ' ').trim();
  const packageLines = r.all(item, 'TransportLogisticsPackage');
  const pieces = r.number(item, 'PieceQuantity', { integer: true });
  // Dimension lines give pieces per size; without them the piece quantity is the only package count.
  const packages: PackageInfo[] =
    packageLines.length > 0
      ? packageLines.map((line) => definedOnly({ count: r.number(line, 'ItemQuantity', { integer: true }) }))
      : pieces === undefined
        ? []
        : [{ count: pieces }];
  const containerNumbers: string[] = [];
  for (const uld of r.all(item, 'AssociatedUnitLoadTransportEquipment')) {
    const owner = r.one(uld, 'OperatingParty');
    const number = `${r.text(uld, 'CharacteristicCode') ?? ''}${r.text(uld, 'ID') ?? ''}${owner === undefined ? '' : (r.text(owner, 'PrimaryID') ?? '')}`;
    if (number === '') continue;
    containerNumbers.push(number);
    if (!equipment.some((e) => e.containerNumber === number)) equipment.push({ containerNumber: number, seals: [], location: uld.path });
  }
  const code = r.text(item, 'TypeCode');
  return {
    itemNumber: r.number(item, 'SequenceNumeric', { integer: true }) ?? 0,
    description,
    packages,
    containerNumbers,
    location: item.path,
    ...definedOnly({ commodityCode: code?.replace(/[.\s]/g, ''), grossMassKg: readMass(r, item, 'GrossWeightMeasure'), originCountry: r.text(item, 'OriginCountryID') }),
  };
}

function readMass(r: FieldReader, parent: Located, name: string): number | undefined {
  const value = r.number(parent, name);
  if (value === undefined) return undefined;
  const unit = r.one(parent, name)?.element.$?.['unitCode'];
  return unit === 'LBR' ? Math.round(value * POUND_KG * 1000) / 1000 : value;
}

function readParty(r: FieldReader, at: Located, role: PartyRole, taxId: string | undefined): Party {
  const addressAt = r.one(at, 'PostalStructuredAddress') ?? r.one(at, 'FreightForwarderAddress');
  const address =
    addressAt === undefined
      ? undefined
      : definedOnly({
          street: flatten(r.text(addressAt, 'StreetName')),
          city: r.text(addressAt, 'CityName'),
          postcode: r.text(addressAt, 'PostcodeCode'),
          country: r.text(addressAt, 'CountryID'),
        });
  return { role, location: at.path, ...definedOnly({ name: flatten(r.text(at, 'Name')), identifier: taxId ?? r.text(at, 'AccountID'), address }) };
}

/**
 * Multi-line names and streets become one line: a whitespace run holding a line break turns into ", ".
 * Matching whole runs (`\s+`) keeps this linear; the pattern it replaces (`\s*\n\s*`) backtracked over
 * every run without a line break, 21.8 s for a name of 160,000 spaces.
 */
const flatten = (value: string | undefined): string | undefined => value?.replace(/\s+/g, (run) => (run.includes('\n') ? ', ' : run));

/** IncludedCustomsNote lines with ContentCode T carry the tax identifier of the party named by SubjectCode. */
function readCustomsNotes(r: FieldReader, at: Located): Map<string, string> {
  const taxIds = new Map<string, string>();
  for (const note of r.all(at, 'IncludedCustomsNote')) {
    const subject = r.text(note, 'SubjectCode');
    const content = r.text(note, 'Content');
    if (r.text(note, 'ContentCode') === 'T' && subject !== undefined && content !== undefined && !taxIds.has(subject)) taxIds.set(subject, content);
  }
  return taxIds;
}
