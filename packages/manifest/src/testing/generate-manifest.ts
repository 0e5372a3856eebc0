/**
 * Deterministic generator of large canonical sea manifests for tests and the benchmark: one vessel
 * voyage Asia -> North Europe, master bills of lading of up to ten house consignments each, goods with
 * HS codes drawn from the shipped HS 2022 nomenclature, ISO 6346-valid container numbers and real
 * UN/LOCODEs. Normal consignments pass the data-quality gate; a `riskyShare` of them carries risk
 * indicators that are legal data (sensitive HS chapters, cash freight, routing via a high-risk port,
 * "to order" consignees, low declared value) so that risk rules, not the gate, must catch them.
 */
import { iso6346CheckDigit } from '@safe-screen/domain';
import { listHsSubheadings, lookupHs } from '@safe-screen/reference';

export interface GenerateManifestOptions {
  /** Number of house consignments. */
  consignments: number;
  seed: number;
  /** Share (0..1) of consignments carrying risk indicators. */
  riskyShare: number;
}

/** mulberry32: small, fast, good enough for test data, and identical on every platform. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One filing is one vessel call sequence: loaded in China, unloaded at the first EU port, so the
// routing of the means of transport (CN, SG, NL) holds for every master. Delivery goes on to NL or DE.
const LOADING_PORTS = [
  { code: 'CNSHA', city: 'Shanghai' },
  { code: 'CNYTN', city: 'Shenzhen' },
  { code: 'CNTAO', city: 'Qingdao' },
] as const;
const UNLOADING_PORT = { code: 'NLRTM', city: 'Rotterdam' } as const;
const DELIVERY_PLACES = [
  { code: 'NLRTM', city: 'Rotterdam', postcode: '3011 AA' },
  { code: 'NLTLB', city: 'Tilburg', postcode: '5041 EB' },
  { code: 'NLVEN', city: 'Venlo', postcode: '5911 KS' },
  { code: 'DEDUI', city: 'Duisburg', postcode: '47051' },
  { code: 'DEDTM', city: 'Dortmund', postcode: '44135' },
  { code: 'DEHAM', city: 'Hamburg', postcode: '20095' },
] as const;
const OWNER_CODES = ['MSCU', 'MEDU', 'MAEU', 'MSKU', 'CMAU', 'HLXU', 'OOLU', 'COSU', 'EGHU', 'TGHU', 'TCNU', 'CAIU', 'SEGU', 'GESU'];
const SIZE_TYPES = ['22G1', '42G1', '45G1', '45R1'];
/** Domain.md section 3 indicators 16-18: arms and munitions (93), explosives (36), IED precursors, armoured vehicles. */
const SENSITIVE_HS = ['930190', '930200', '930690', '360200', '360410', '284700', '310230', '282990', '871000'];
const SENSITIVE_PREFIXES = /^(93|36|2847|3102|2829|8710)/;
const SHIPPER_CITIES = ['Ningbo', 'Shenzhen', 'Guangzhou', 'Yiwu', 'Suzhou', 'Qingdao', 'Xiamen'];
const NAME_STEMS = ['Sunrise', 'Golden Bridge', 'Harbour', 'Blue Ocean', 'Evergreen', 'Jade River', 'Silver Peak', 'Northstar', 'Crescent', 'Lotus', 'Pioneer', 'Summit', 'Meridian', 'Orchid', 'Delta'];
const TRADES = ['Trading', 'Industrial', 'Electronics', 'Textile', 'Home Goods', 'Machinery', 'Import Export', 'Logistics', 'Hardware', 'Furniture'];
const STREETS = ['Industrial Avenue', 'Harbour Road', 'Science Park Road', 'Huangpu Road', 'Binhai Avenue', 'Export Zone Road'];
const EU_STREETS = ['Havenstraat', 'Industrieweg', 'Hafenstrasse', 'Logistikring', 'Europaweg', 'Am Containerhafen'];

export function generateCanonicalManifest(options: GenerateManifestOptions): string {
  const random = createRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  // Subheadings whose official description is short enough to serve as a plain-language description.
  // Normal consignments never draw a sensitive code, so the risky share is exactly what riskyShare says.
  const subheadings = listHsSubheadings().filter((code) => !SENSITIVE_PREFIXES.test(code) && (lookupHs(code)?.description.length ?? 999) <= 110);
  const usedContainers = new Set<string>();
  const containerNumber = (): string => {
    for (;;) {
      const first10 = `${pick(OWNER_CODES)}${String(int(0, 999_999)).padStart(6, '0')}`;
      const number = `${first10}${iso6346CheckDigit(first10)}`;
      if (!usedContainers.has(number)) {
        usedContainers.add(number);
        return number;
      }
    }
  };
  const company = (suffix: string): string => `${pick(NAME_STEMS)} ${pick(TRADES)} ${suffix}`;

  const out: string[] = [];
  const departure = Date.UTC(2026, 11, 3, 18, 0, 0);
  out.push(
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<AdvanceCargoDeclaration xmlns="urn:safe-screen:advance-cargo:1" version="1.0">`,
    `<LRN>GEN-${options.seed}-${options.consignments}</LRN><FilingLevel>complete</FilingLevel>`,
    `<DeclaredAt>${iso(departure - 5 * 86_400_000)}</DeclaredAt>`,
    '<Declarant><Name>Meridian Ocean Lines B.V.</Name><Identifier>NL810000001</Identifier><Address><Street>Waalhaven 1</Street><City>Rotterdam</City><Postcode>3089 JH</Postcode><Country>NL</Country></Address></Declarant>',
    '<BorderTransportMeans><ModeCode>1</ModeCode><Identification scheme="IMO">IMO9839179</Identification><Name>NORDIC MERIDIAN</Name><Nationality>PA</Nationality><ConveyanceReference>FE650W</ConveyanceReference>',
    '<Carrier><Name>Meridian Ocean Lines S.A.</Name><Identifier>CHMOL0000001</Identifier></Carrier>',
    '<Itinerary><RoutingCountry>CN</RoutingCountry><RoutingCountry>SG</RoutingCountry><RoutingCountry>NL</RoutingCountry>',
    ...[...LOADING_PORTS, { code: 'SGSIN' }, UNLOADING_PORT].map((port) => `<PortOfCall><UNLOCODE>${port.code}</UNLOCODE></PortOfCall>`),
    '</Itinerary>',
    `<ExpectedLoading>${iso(departure - 2 * 86_400_000)}</ExpectedLoading><ExpectedDeparture>${iso(departure)}</ExpectedDeparture><ExpectedArrival>${iso(departure + 30 * 86_400_000)}</ExpectedArrival><OfficeOfFirstEntry>NL000396</OfficeOfFirstEntry>`,
    '</BorderTransportMeans>',
  );

  let remaining = options.consignments;
  let masterIndex = 0;
  while (remaining > 0) {
    masterIndex++;
    const houses = Math.min(remaining, int(1, 10));
    remaining -= houses;
    const loading = pick(LOADING_PORTS);
    const unloading = UNLOADING_PORT;
    const loadingCountry = loading.code.slice(0, 2);
    const containers = Array.from({ length: Math.max(1, Math.ceil(houses / 3)) }, () => ({ number: containerNumber(), seal: `SL${int(1_000_000, 9_999_999)}`, sizeType: pick(SIZE_TYPES) }));
    const houseXml: string[] = [];
    let masterMass = 0;
    let masterPackages = 0;
    for (let h = 0; h < houses; h++) {
      const risky = random() < options.riskyShare;
      const viaRiskyPort = risky && random() < 0.3;
      const delivery = pick(DELIVERY_PLACES);
      const consigneeCountry = delivery.code.slice(0, 2);
      const routing = [loadingCountry, ...(viaRiskyPort ? ['IR'] : []), 'SG', 'NL', ...(consigneeCountry === 'DE' ? ['DE'] : [])];
      const toOrder = risky && random() < 0.3;
      const items = int(1, 2);
      const container = containers[Math.floor(h / 3)]!;
      const itemXml: string[] = [];
      let mass = 0;
      let packages = 0;
      for (let i = 1; i <= items; i++) {
        const code = risky && random() < 0.5 ? pick(SENSITIVE_HS) : pick(subheadings);
        const description = lookupHs(code)?.description ?? 'Household articles of plastics';
        const gross = int(80, 6000);
        const count = int(1, 400);
        const value = risky && random() < 0.4 ? int(50, 400) : int(2000, 90_000);
        mass += gross;
        packages += count;
        itemXml.push(
          `<GoodsItem><ItemNumber>${i}</ItemNumber><Description>${escapeXml(description)}</Description><CommodityCode>${code}</CommodityCode>`,
          `<GrossMassKg>${gross}</GrossMassKg><NetMassKg>${Math.round(gross * 0.9)}</NetMassKg>`,
          `<Packaging><KindCode>${pick(['CT', 'PX', 'BG', 'CS'])}</KindCode><Count>${count}</Count><Marks>M${masterIndex}H${h + 1}/${i}</Marks></Packaging>`,
          `<ContainerNumber>${container.number}</ContainerNumber><OriginCountry>${loadingCountry}</OriginCountry><Value currency="USD">${value}.00</Value></GoodsItem>`,
        );
      }
      masterMass += mass;
      masterPackages += packages;
      const shipperCity = pick(SHIPPER_CITIES);
      houseXml.push(
        `<HouseConsignment><TransportDocument><TypeCode>N714</TypeCode><Number>HBL${options.seed}${String(masterIndex).padStart(5, '0')}${String(h + 1).padStart(2, '0')}</Number></TransportDocument>`,
        `<Consignor><Name>${escapeXml(company('Co., Ltd.'))}</Name><Address><Street>${int(1, 999)} ${pick(STREETS)}</Street><City>${shipperCity}</City><Country>${loadingCountry}</Country></Address></Consignor>`,
        toOrder
          ? '<Consignee><Name>TO ORDER</Name></Consignee>'
          : `<Consignee><Name>${escapeXml(company(consigneeCountry === 'NL' ? 'B.V.' : 'GmbH'))}</Name><Identifier>${consigneeCountry}${int(100_000_000, 999_999_999)}</Identifier><Address><Street>${pick(EU_STREETS)} ${int(1, 200)}</Street><City>${delivery.city}</City><Postcode>${delivery.postcode}</Postcode><Country>${consigneeCountry}</Country></Address></Consignee>`,
        `<PlaceOfAcceptance><UNLOCODE>${loading.code}</UNLOCODE></PlaceOfAcceptance><PlaceOfDelivery><UNLOCODE>${delivery.code}</UNLOCODE></PlaceOfDelivery>`,
        ...routing.map((country) => `<RoutingCountry>${country}</RoutingCountry>`),
        `<TotalGrossMassKg>${mass}</TotalGrossMassKg><TotalPackages>${packages}</TotalPackages><PaymentMethod>${risky && random() < 0.4 ? 'A' : 'H'}</PaymentMethod>`,
        ...itemXml,
        '</HouseConsignment>',
      );
    }
    out.push(
      `<MasterConsignment><TransportDocument><TypeCode>N705</TypeCode><Number>MOLU${options.seed}${String(masterIndex).padStart(7, '0')}</Number></TransportDocument><ContainerIndicator>1</ContainerIndicator>`,
      `<Consignor><Name>Meridian Ocean Lines Agency ${loading.city}</Name><Address><City>${loading.city}</City><Country>${loadingCountry}</Country></Address></Consignor>`,
      `<Consignee><Name>Meridian Ocean Lines Agency ${unloading.city}</Name><Address><City>${unloading.city}</City><Country>NL</Country></Address></Consignee>`,
      `<PlaceOfLoading><UNLOCODE>${loading.code}</UNLOCODE></PlaceOfLoading><PlaceOfUnloading><UNLOCODE>${unloading.code}</UNLOCODE></PlaceOfUnloading>`,
      `<TotalGrossMassKg>${masterMass}</TotalGrossMassKg><TotalPackages>${masterPackages}</TotalPackages>`,
      ...containers.map((c) => `<TransportEquipment><ContainerNumber>${c.number}</ContainerNumber><SizeType>${c.sizeType}</SizeType><PackedStatus>full</PackedStatus><SealCount>1</SealCount><Seal>${c.seal}</Seal></TransportEquipment>`),
      ...houseXml,
      '</MasterConsignment>',
    );
  }
  out.push('</AdvanceCargoDeclaration>');
  return out.join('\n');
}

const iso = (millis: number): string => new Date(millis).toISOString().replace('.000', '');

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
