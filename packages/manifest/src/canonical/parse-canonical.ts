/**
 * Canonical advance cargo XML -> domain Filing. The document nests like the WCO Data Model:
 * declaration -> BorderTransportMeans -> MasterConsignment -> HouseConsignment -> GoodsItem. The domain
 * model is flat (one Consignment per risk-assessed unit, the ICS2 granularity), so:
 *  - a house consignment becomes a Consignment linked to its master by `masterTransportDocument` and
 *    inherits the master's places, container indicator and the equipment its goods reference;
 *  - a master consignment without houses (a direct shipment, or a master filing) is itself a Consignment.
 * Structural problems (missing or malformed elements) are reported here; business rules live in the gate.
 */
import { FILING_LEVELS, isValidContainerNumber } from '@safe-screen/domain';
import type { Consignment, Conveyance, Equipment, Filing, GoodsItem, LicenceReference, PackageInfo, Party, PartyRole, ParseOutcome, Place, TransportDocument } from '@safe-screen/domain';
import { definedOnly } from '../defined-only.js';
import { FieldReader } from '../field-reader.js';
import type { Located } from '../field-reader.js';
import type { ParsedXml } from '../xml.js';
import { MODE_BY_REC19_CODE, REC19_MODE_CODES, SUPPLY_CHAIN_ROLES } from './canonical-format.js';

const ROOT_PARTIES: ReadonlyArray<[string, PartyRole]> = [
  ['Declarant', 'declarant'],
  ['Representative', 'representative'],
];
const CONSIGNMENT_PARTIES: ReadonlyArray<[string, PartyRole]> = [
  ['Consignor', 'consignor'],
  ['Consignee', 'consignee'],
  ['NotifyParty', 'notify'],
];

export function parseCanonical(xml: ParsedXml): ParseOutcome {
  const r = new FieldReader();
  const root: Located = { element: xml.root, path: '' };
  const lrn = r.text(root, 'LRN', { required: true, max: 22 });
  const level = r.oneOf(root, 'FilingLevel', FILING_LEVELS, { required: true });
  const declaredAt = r.dateTime(root, 'DeclaredAt');
  const amendsMrn = r.text(root, 'AmendsMRN', { max: 18 });
  const specificCircumstance = r.text(root, 'SpecificCircumstance', { max: 3 });

  const parties: Party[] = [];
  for (const [name, role] of ROOT_PARTIES) {
    const element = r.one(root, name, role === 'declarant');
    if (element !== undefined) parties.push(readParty(r, element, role));
  }

  const btm = r.one(root, 'BorderTransportMeans', true);
  const conveyance = btm === undefined ? { mode: 'other' as const, routingCountries: [], itinerary: [] } : readConveyance(r, btm, parties);

  const consignments: Consignment[] = [];
  const masters = r.all(root, 'MasterConsignment');
  const looseHouses = r.all(root, 'HouseConsignment');
  for (const master of masters) readMaster(r, master, consignments);
  for (const house of looseHouses) {
    const consignment = readConsignment(r, house, consignments.length + 1);
    if (consignment.masterTransportDocument === undefined) r.missing(house, 'MasterTransportDocument');
    consignments.push(consignment);
  }
  checkLevelShape(r, level, masters.length, looseHouses.length);

  const errors = r.issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0 || lrn === undefined || level === undefined) return { ok: false, format: 'canonical', issues: r.issues };
  const filing: Filing = {
    format: 'canonical',
    level,
    lrn,
    ...(amendsMrn === undefined ? {} : { amendsMrn }),
    ...(declaredAt === undefined ? {} : { declaredAt }),
    ...(specificCircumstance === undefined ? {} : { specificCircumstance }),
    parties,
    conveyance,
    consignments,
  };
  return { ok: true, filing, issues: r.issues };
}

/** Multiple filing: the level says which consignment elements the document may carry. */
function checkLevelShape(r: FieldReader, level: string | undefined, masters: number, houses: number): void {
  const root = '/';
  if (masters + houses === 0) {
    r.issues.push({ severity: 'error', code: 'MANIFEST_FIELD_MISSING', message: 'the declaration carries no MasterConsignment or HouseConsignment', location: root });
    return;
  }
  if (level === 'house' && masters > 0) {
    r.issues.push({ severity: 'error', code: 'MANIFEST_FILING_LEVEL_MISMATCH', message: 'a house filing carries HouseConsignment elements only, each referencing its master transport document', location: '/MasterConsignment[1]' });
  }
  if (level !== 'house' && level !== undefined && houses > 0) {
    r.issues.push({ severity: 'error', code: 'MANIFEST_FILING_LEVEL_MISMATCH', message: `a ${level} filing nests house consignments inside MasterConsignment`, location: '/HouseConsignment[1]' });
  }
}

function readMaster(r: FieldReader, master: Located, out: Consignment[]): void {
  const houses = r.all(master, 'HouseConsignment');
  const own = readConsignment(r, master, out.length + 1);
  if (houses.length === 0) {
    out.push(own);
    return;
  }
  const referenced = new Set<string>();
  for (const house of houses) {
    const consignment = readConsignment(r, house, out.length + 1);
    for (const item of consignment.goods) for (const number of item.containerNumbers) referenced.add(number);
    out.push(inheritFromMaster(consignment, own));
  }
  // Houses inherit only the equipment their goods are packed in, so an unreferenced master container
  // would silently drop out of screening: say so.
  for (const equipment of own.equipment) {
    if (referenced.has(equipment.containerNumber)) continue;
    // The gate checks equipment per consignment; an unreferenced master container belongs to none,
    // so its ISO 6346 check digit is verified here, or a typo would pass unseen.
    const number = equipment.containerNumber;
    if (/^[A-Z]{3}[UJZ]\d{7}$/.test(number) && !isValidContainerNumber(number)) {
      r.issues.push({ severity: 'error', code: 'CONTAINER_CHECK_DIGIT_INVALID', message: `container number "${number}" has a wrong ISO 6346 check digit`, location: `${equipment.location ?? master.path}/ContainerNumber`, value: number });
    }
    r.warn('MASTER_EQUIPMENT_UNREFERENCED', `container ${equipment.containerNumber} is declared on the master consignment but no house goods item is packed in it`, `${equipment.location ?? master.path}/ContainerNumber`, equipment.containerNumber);
  }
}

/** House data wins; the master supplies what the house leaves out (places, container indicator, equipment). */
function inheritFromMaster(house: Consignment, master: Consignment): Consignment {
  const referenced = new Set(house.goods.flatMap((item) => item.containerNumbers));
  const ownNumbers = new Set(house.equipment.map((e) => e.containerNumber));
  const equipment = [...house.equipment, ...master.equipment.filter((e) => referenced.has(e.containerNumber) && !ownNumbers.has(e.containerNumber))];
  const inherited: Consignment = { ...house, equipment };
  if (master.transportDocument !== undefined && house.masterTransportDocument === undefined) inherited.masterTransportDocument = master.transportDocument;
  for (const key of ['placeOfAcceptance', 'placeOfLoading', 'placeOfUnloading', 'placeOfDelivery'] as const) {
    const place = master[key];
    if (inherited[key] === undefined && place !== undefined) inherited[key] = place;
  }
  if (inherited.routingCountries.length === 0) inherited.routingCountries = master.routingCountries;
  if (inherited.containerised === undefined && master.containerised !== undefined) inherited.containerised = master.containerised;
  if (inherited.paymentMethod === undefined && master.paymentMethod !== undefined) inherited.paymentMethod = master.paymentMethod;
  return inherited;
}

function readConveyance(r: FieldReader, btm: Located, parties: Party[]): Conveyance {
  const modeCode = r.oneOf(btm, 'ModeCode', REC19_MODE_CODES, { required: true });
  const itinerary = r.one(btm, 'Itinerary');
  const carrier = r.one(btm, 'Carrier');
  if (carrier !== undefined) parties.push(readParty(r, carrier, 'carrier'));
  const conveyance: Conveyance = {
    mode: modeCode === undefined ? 'other' : MODE_BY_REC19_CODE[modeCode],
    routingCountries: itinerary === undefined ? [] : r.texts(itinerary, 'RoutingCountry'),
    itinerary: itinerary === undefined ? [] : r.all(itinerary, 'PortOfCall').map((port) => readPlace(r, port)),
  };
  const optional = {
    identifier: r.text(btm, 'Identification', { max: 35 }),
    name: r.text(btm, 'Name', { max: 70 }),
    nationality: r.text(btm, 'Nationality', { max: 2 }),
    conveyanceReference: r.text(btm, 'ConveyanceReference', { max: 35 }),
    expectedLoadingAt: r.dateTime(btm, 'ExpectedLoading'),
    expectedDepartureAt: r.dateTime(btm, 'ExpectedDeparture'),
    expectedArrivalAt: r.dateTime(btm, 'ExpectedArrival'),
    officeOfFirstEntry: r.text(btm, 'OfficeOfFirstEntry', { max: 8 }),
  };
  return { ...conveyance, ...definedOnly(optional) };
}

function readConsignment(r: FieldReader, at: Located, sequence: number): Consignment {
  const parties: Party[] = [];
  for (const [name, role] of CONSIGNMENT_PARTIES) {
    const element = r.one(at, name);
    if (element !== undefined) parties.push(readParty(r, element, role));
  }
  for (const actor of r.all(at, 'SupplyChainActor')) {
    const role = actor.element.$?.['role'];
    const known = SUPPLY_CHAIN_ROLES.find((candidate) => candidate === role);
    if (known === undefined) r.invalid(actor, '@role', `must be one of ${SUPPLY_CHAIN_ROLES.join(', ')}`, role ?? '');
    parties.push(readParty(r, actor, known ?? 'other'));
  }
  const indicator = r.oneOf(at, 'ContainerIndicator', ['0', '1'] as const);
  const places: Partial<Record<'placeOfAcceptance' | 'placeOfLoading' | 'placeOfUnloading' | 'placeOfDelivery', Place>> = {};
  for (const [element, key] of [
    ['PlaceOfAcceptance', 'placeOfAcceptance'],
    ['PlaceOfLoading', 'placeOfLoading'],
    ['PlaceOfUnloading', 'placeOfUnloading'],
    ['PlaceOfDelivery', 'placeOfDelivery'],
  ] as const) {
    const place = r.one(at, element);
    if (place !== undefined) places[key] = readPlace(r, place);
  }
  const transportDocument = readDocument(r, at, 'TransportDocument');
  const masterTransportDocument = readDocument(r, at, 'MasterTransportDocument');
  const optional = {
    transportDocument,
    masterTransportDocument,
    ucr: r.text(at, 'UCR', { max: 35 }),
    containerised: indicator === undefined ? undefined : indicator === '1',
    totalGrossMassKg: r.number(at, 'TotalGrossMassKg'),
    totalPackages: r.number(at, 'TotalPackages', { integer: true }),
    paymentMethod: r.text(at, 'PaymentMethod', { max: 1 }),
    licences: readLicences(r, at),
    ...places,
  };
  return {
    sequence,
    parties,
    routingCountries: r.texts(at, 'RoutingCountry'),
    goods: r.all(at, 'GoodsItem').map((item) => readGoodsItem(r, item)),
    equipment: r.all(at, 'TransportEquipment').map((e) => readEquipment(r, e)),
    location: at.path,
    ...definedOnly(optional),
  };
}

function readLicences(r: FieldReader, parent: Located): LicenceReference[] | undefined {
  const cited = r.all(parent, 'Licence').flatMap((at): LicenceReference[] => {
    const number = r.text(at, 'Number', { required: true, max: 70 });
    const issuingCountry = r.text(at, 'IssuingCountry', { max: 2 });
    return number === undefined ? [] : [{ number, location: at.path, ...(issuingCountry === undefined ? {} : { issuingCountry }) }];
  });
  return cited.length > 0 ? cited : undefined;
}

function readDocument(r: FieldReader, parent: Located, name: string): TransportDocument | undefined {
  const at = r.one(parent, name);
  if (at === undefined) return undefined;
  const number = r.text(at, 'Number', { required: true, max: 70 });
  const type = r.text(at, 'TypeCode', { max: 4 });
  return number === undefined ? undefined : { number, ...(type === undefined ? {} : { type }) };
}

function readGoodsItem(r: FieldReader, at: Located): GoodsItem {
  const itemNumber = r.number(at, 'ItemNumber', { required: true, integer: true });
  const description = r.text(at, 'Description', { required: true, max: 512 });
  const valueAt = r.one(at, 'Value');
  let value: GoodsItem['value'];
  if (valueAt !== undefined) {
    const amount = r.number(at, 'Value');
    const currency = valueAt.element.$?.['currency'];
    if (currency === undefined || !/^[A-Z]{3}$/.test(currency)) r.invalid(valueAt, '@currency', 'must be an ISO 4217 code', currency ?? '');
    else if (amount !== undefined) value = { amount, currency };
  }
  const optional = {
    commodityCode: r.text(at, 'CommodityCode', { max: 10 }),
    grossMassKg: r.number(at, 'GrossMassKg'),
    netMassKg: r.number(at, 'NetMassKg'),
    dangerousGoodsUn: r.text(at, 'DangerousGoodsUN', { max: 4 }),
    originCountry: r.text(at, 'OriginCountry', { max: 2 }),
    value,
  };
  return {
    itemNumber: itemNumber ?? 0,
    description: description ?? '',
    packages: r.all(at, 'Packaging').map((p) => readPackaging(r, p)),
    containerNumbers: r.texts(at, 'ContainerNumber'),
    location: at.path,
    ...definedOnly(optional),
  };
}

function readPackaging(r: FieldReader, at: Located): PackageInfo {
  return definedOnly({ kind: r.text(at, 'KindCode', { max: 2 }), count: r.number(at, 'Count', { integer: true }), marks: r.text(at, 'Marks', { max: 512 }) });
}

function readEquipment(r: FieldReader, at: Located): Equipment {
  const containerNumber = r.text(at, 'ContainerNumber', { required: true, max: 17 }) ?? '';
  const packed = r.oneOf(at, 'PackedStatus', ['empty', 'full'] as const);
  const optional = { sizeType: r.text(at, 'SizeType', { max: 4 }), packedStatus: packed, sealCount: r.number(at, 'SealCount', { integer: true }) };
  return { containerNumber, seals: r.texts(at, 'Seal'), location: at.path, ...definedOnly(optional) };
}

function readParty(r: FieldReader, at: Located, role: PartyRole): Party {
  const addressAt = r.one(at, 'Address');
  const address =
    addressAt === undefined
      ? undefined
      : definedOnly({
          street: r.text(addressAt, 'Street', { max: 70 }),
          city: r.text(addressAt, 'City', { max: 35 }),
          postcode: r.text(addressAt, 'Postcode', { max: 17 }),
          country: r.text(addressAt, 'Country', { max: 2 }),
        });
  const name = r.text(at, 'Name', { max: 70 });
  const identifier = r.text(at, 'Identifier', { max: 35 });
  if (name === undefined && identifier === undefined) r.missing(at, 'Name');
  return { role, location: at.path, ...definedOnly({ name, identifier, aeoCertificate: r.text(at, 'AEOCertificate', { max: 35 }), address }) };
}

function readPlace(r: FieldReader, at: Located): Place {
  const place = definedOnly({ unlocode: r.text(at, 'UNLOCODE', { max: 5 }), country: r.text(at, 'Country', { max: 2 }), name: r.text(at, 'Name', { max: 35 }) });
  if (place.unlocode === undefined && place.country === undefined) r.missing(at, 'UNLOCODE');
  if (place.country === undefined && place.unlocode !== undefined) place.country = place.unlocode.slice(0, 2);
  return place;
}
