/**
 * CC315A/CC313A -> domain Filing.
 *
 * Consignments: the ICS1 ENS has no consignment level. Each goods item carries its own parties,
 * places, containers and produced documents, among them the transport document (bill of lading, air
 * waybill, ...) that ICS2 would call the house consignment. We therefore group goods items into one
 * consignment per transport document (first produced document whose type is a transport document),
 * falling back to the item's commercial reference (UCR), and put items with neither into one
 * consignment for the whole message. Header-level consignor, consignee and notify party apply to all
 * goods, so every consignment receives them.
 *
 * Seals: ICS1 declares seals once per message, without saying which container they close. With one
 * container the seals are its seals; with several, every container gets the full list, so a
 * consumer must not read a seal on one container as proof that this particular container was sealed.
 */
import type { Consignment, Equipment, Filing, GoodsItem, LicenceReference, PackageInfo, Party, PartyRole, Place, TransportDocument, TransportMode } from '@safe-screen/domain';
import { isUnlocodeShape } from '@safe-screen/domain';
import type { EnsMessage } from './ens-message.js';
import { childNode, childNodes, valueOf } from './ens-node.js';
import type { EnsNode } from './ens-node.js';
import { PARTY_GROUPS } from './party-rules.js';

/** ICS transport mode at border -> domain mode. 10 and 11 are roll-on/roll-off sea crossings (vehicle on a ferry). */
const MODES: Record<string, TransportMode> = { '1': 'sea', '2': 'rail', '3': 'road', '4': 'air', '5': 'postal', '8': 'inland_waterway', '10': 'sea', '11': 'sea' };

/** Produced-document types (CL013 "N" codes) that are transport documents. */
export const TRANSPORT_DOCUMENT_TYPES: readonly string[] = ['N703', 'N704', 'N705', 'N714', 'N720', 'N722', 'N730', 'N740', 'N741', 'N750', 'N760', 'N785', 'N787', 'N955'];

const PARTY_ROLES: Record<string, PartyRole> = {
  TRACONCO1: 'consignor',
  TRACONCE1: 'consignee',
  NOTPAR670: 'notify',
  TRACONCO2: 'consignor',
  TRACONCE2: 'consignee',
  PRTNOT640: 'notify',
  TRACARENT601: 'carrier',
  TRAREP: 'representative',
  PERLODSUMDEC: 'declarant',
};

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** ICS date-time `yyyyMMddHHmm` -> ISO 8601 local time `yyyy-MM-ddTHH:mm` (ICS carries no zone). */
export function toIsoDateTime(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  return m === null ? undefined : `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`;
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+(\.\d+)?$/.test(value)) return undefined;
  return Number(value);
}

function toPlace(value: string | undefined): Place | undefined {
  if (value === undefined) return undefined;
  return isUnlocodeShape(value) ? { unlocode: value, country: value.slice(0, 2) } : { name: value };
}

function readParty(element: string, node: EnsNode | undefined): Party | undefined {
  const group = PARTY_GROUPS.find((g) => g.element === element);
  if (node === undefined || group === undefined) return undefined;
  const [name, street, postcode, city, country] = group.fields.map((f) => valueOf(node, f));
  const address = definedOnly({ street, city, postcode, country });
  return definedOnly({
    role: PARTY_ROLES[element] ?? 'other',
    name,
    identifier: valueOf(node, group.tin),
    address: Object.keys(address).length > 0 ? address : undefined,
    location: node.path,
  });
}

function transportDocumentOf(item: EnsNode): TransportDocument | undefined {
  for (const doc of childNodes(item, 'PRODOCDC2')) {
    const type = valueOf(doc, 'DocTypDC21');
    const number = valueOf(doc, 'DocRefDC23');
    if (type !== undefined && number !== undefined && TRANSPORT_DOCUMENT_TYPES.includes(type)) return { type, number };
  }
  return undefined;
}

/**
 * Licences among the produced documents: EU CL013 "N" codes are UN/EDIFACT 1001 document names, where
 * 811 is an export licence and 911 an import licence. The issuing country is not stated in ICS1.
 */
export const LICENCE_DOCUMENT_TYPES: readonly string[] = ['N811', 'N911'];

function licencesOf(items: readonly EnsNode[]): LicenceReference[] {
  const cited: LicenceReference[] = [];
  for (const item of items) {
    for (const doc of childNodes(item, 'PRODOCDC2')) {
      const type = valueOf(doc, 'DocTypDC21');
      const number = valueOf(doc, 'DocRefDC23');
      if (type !== undefined && number !== undefined && LICENCE_DOCUMENT_TYPES.includes(type) && !cited.some((c) => c.number === number)) cited.push({ number, location: doc.path });
    }
  }
  return cited;
}

function readGoodsItem(item: EnsNode): GoodsItem {
  const packages: PackageInfo[] = childNodes(item, 'PACGS2').map((pack) =>
    definedOnly({
      kind: valueOf(pack, 'KinOfPacGS23'),
      count: toNumber(valueOf(pack, 'NumOfPacGS24') ?? valueOf(pack, 'NumOfPieGS25')),
      marks: valueOf(pack, 'MarNumOfPacGSL21'),
    }),
  );
  return definedOnly({
    itemNumber: toNumber(valueOf(item, 'IteNumGDS7')) ?? 0,
    description: valueOf(item, 'GooDesGDS23') ?? '',
    commodityCode: valueOf(childNode(item, 'COMCODGODITM'), 'ComNomCMD1'),
    grossMassKg: toNumber(valueOf(item, 'GroMasGDS46')),
    packages,
    dangerousGoodsUn: valueOf(item, 'UNDanGooCodGDI1'),
    containerNumbers: childNodes(item, 'CONNR2').flatMap((c) => valueOf(c, 'ConNumNR21') ?? []),
    location: item.path,
  });
}

const sameParty = (a: Party, b: Party): boolean => a.role === b.role && a.identifier === b.identifier && a.name === b.name;

function addParty(parties: Party[], party: Party | undefined): void {
  if (party !== undefined && !parties.some((p) => sameParty(p, party))) parties.push(party);
}

interface Group {
  key: string;
  items: EnsNode[];
}

function groupGoodsItems(message: EnsMessage): Group[] {
  const groups: Group[] = [];
  for (const item of message.goods) {
    const document = transportDocumentOf(item);
    const ucr = valueOf(item, 'ComRefNumGIM1');
    const key = document !== undefined ? `doc:${document.type}:${document.number}` : ucr !== undefined ? `ucr:${ucr}` : 'message';
    const group = groups.find((g) => g.key === key);
    if (group === undefined) groups.push({ key, items: [item] });
    else group.items.push(item);
  }
  return groups;
}

function sumOf(values: (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0);
}

function readConsignment(message: EnsMessage, group: Group, sequence: number, seals: string[], single: boolean): Consignment {
  const header = message.header;
  const goods = group.items.map(readGoodsItem);
  const first = group.items[0];
  const parties: Party[] = [];
  for (const element of ['TRACONCO1', 'TRACONCE1', 'NOTPAR670']) addParty(parties, readParty(element, childNode(message.root, element)));
  for (const item of group.items) {
    for (const element of ['TRACONCO2', 'TRACONCE2', 'PRTNOT640']) addParty(parties, readParty(element, childNode(item, element)));
  }
  const containers = [...new Set(goods.flatMap((g) => g.containerNumbers))];
  const equipment: Equipment[] = containers.map((containerNumber) => ({ containerNumber, seals: [...seals], ...(seals.length > 0 ? { sealCount: seals.length } : {}) }));
  const routingCountries = childNodes(message.root, 'ITI').flatMap((iti) => valueOf(iti, 'CouOfRouCodITI1') ?? []);
  const document = first === undefined ? undefined : transportDocumentOf(first);
  const itemPackages = sumOf(goods.flatMap((g) => g.packages.map((p) => p.count)));
  const licences = licencesOf(group.items);
  return definedOnly({
    sequence,
    transportDocument: document,
    ucr: (first === undefined ? undefined : valueOf(first, 'ComRefNumGIM1')) ?? valueOf(header, 'ComRefNumHEA'),
    parties,
    placeOfLoading: toPlace((first === undefined ? undefined : valueOf(first, 'PlaLoaGOOITE333')) ?? valueOf(header, 'PlaLoaGOOITE334')),
    placeOfUnloading: toPlace((first === undefined ? undefined : valueOf(first, 'PlaUnlGOOITE333')) ?? valueOf(header, 'PlaUnlGOOITE334')),
    routingCountries,
    goods,
    equipment,
    containerised: equipment.length > 0,
    totalGrossMassKg: single ? (toNumber(valueOf(header, 'TotGroMasHEA307')) ?? sumOf(goods.map((g) => g.grossMassKg))) : sumOf(goods.map((g) => g.grossMassKg)),
    totalPackages: single ? (toNumber(valueOf(header, 'TotNumOfPacHEA306')) ?? itemPackages) : itemPackages,
    paymentMethod: (first === undefined ? undefined : valueOf(first, 'MetOfPayGDI12')) ?? valueOf(header, 'TraChaMetOfPayHEA1'),
    licences: licences.length > 0 ? licences : undefined,
    location: first?.path,
  });
}

export function mapEnsFiling(message: EnsMessage): Filing {
  const header = message.header;
  const root = message.root;
  const firstItemMeans = message.goods.map((item) => childNode(item, 'IDEMEATRAGI970')).find((m) => m !== undefined);
  const loading = toPlace(valueOf(header, 'PlaLoaGOOITE334'));
  const unloading = toPlace(valueOf(header, 'PlaUnlGOOITE334'));
  const firstEntry = childNode(root, 'CUSOFFFENT730');
  const mode = message.transportMode === undefined ? undefined : MODES[String(Number(message.transportMode))];
  const seals = childNodes(root, 'SEAID529').flatMap((seal) => valueOf(seal, 'SeaIdSEAID530') ?? []);
  const groups = groupGoodsItems(message);
  const parties: Party[] = [];
  for (const element of ['PERLODSUMDEC', 'TRAREP', 'TRACARENT601']) addParty(parties, readParty(element, childNode(root, element)));
  const reference = message.kind === 'CC315A' ? valueOf(header, 'RefNumHEA4') : valueOf(header, 'DocNumHEA5');
  return definedOnly({
    format: message.kind === 'CC315A' ? 'ens-cc315a' : 'ens-cc313a',
    level: 'complete',
    lrn: reference ?? '',
    amendsMrn: message.kind === 'CC313A' ? valueOf(header, 'DocNumHEA5') : undefined,
    declaredAt: toIsoDateTime(valueOf(header, message.kind === 'CC315A' ? 'DecDatTimHEA114' : 'DatTimAmeHEA113')),
    specificCircumstance: message.specificCircumstance,
    parties,
    conveyance: definedOnly({
      mode: mode ?? 'other',
      identifier: valueOf(header, 'IdeOfMeaOfTraCroHEA85') ?? valueOf(firstItemMeans, 'IdeMeaTraGIMEATRA971'),
      nationality: valueOf(header, 'NatOfMeaOfTraCroHEA87') ?? valueOf(firstItemMeans, 'NatIDEMEATRAGI973'),
      conveyanceReference: valueOf(header, 'ConRefNumHEA'),
      routingCountries: childNodes(root, 'ITI').flatMap((iti) => valueOf(iti, 'CouOfRouCodITI1') ?? []),
      itinerary: [loading, unloading].filter((p): p is Place => p !== undefined),
      expectedArrivalAt: toIsoDateTime(valueOf(firstEntry, 'ExpDatOfArrFIRENT733')),
      officeOfFirstEntry: valueOf(firstEntry, 'RefNumCUSOFFFENT731'),
    }),
    consignments: groups.map((group, i) => readConsignment(message, group, i + 1, seals, groups.length === 1)),
  });
}
