/**
 * A generated day of traffic for measuring selection rates. GENERATED, not observed: no real
 * manifest stream is available. What is real-derived and what is assumed:
 *
 * - From the KCS import declarations (synthetic, CTGAN-generated from 24.7 M real Korea Customs
 *   declarations; packages/learning/data/kcs): the joint distribution of HS6 code, country of
 *   departure and origin, mode of transport and net mass, and whether the importer and the seller are
 *   first-time (not seen in any earlier declaration). The day is drawn from the 2021-Q1 rows, with
 *   all earlier rows as history.
 * - Assumed (parameters below, each a guess an administration should replace with its own figures):
 *   the shares of data-quality defects, "to order" consignees, cash payment, late filing, missing
 *   seals, transshipment, and how many controlled-goods consignments cite a licence.
 * - Goods descriptions are the HS 2022 texts of the code, so description rules see plausible words.
 * - No declared value: the KCS price column has no stated currency or basis, so VALUE-ANOMALY is not measured.
 *
 * Deterministic for a seed. Pure apart from reading the two CSV files the caller names.
 */
import { readFileSync } from 'node:fs';
import type { Consignment, Filing, Party, TransportMode } from '@safe-screen/domain';
import { parseCsv } from '@safe-screen/domain';
import { lookupHs } from '@safe-screen/reference';
import type { AssessmentInput } from '../assessment/assessment-input.js';
import { partyKey } from '../assessment/party-key.js';
import type { CitedLicence } from '../licences/check-licence.js';
import type { LicenceRecord } from '../licences/licence-record.js';

export interface DayAssumptions {
  /** Complete filings missing the consignor / the consignee / an HS code (data-quality defects). */
  missingConsignor: number;
  missingConsignee: number;
  missingHsCode: number;
  /** A goods description made only of general terms. */
  vagueDescription: number;
  consigneeToOrder: number;
  consigneeWithoutIdentifier: number;
  cashPayment: number;
  lateFiling: number;
  sealsMissing: number;
  /** Sea consignments routed through two transshipment hubs. */
  transshipment: number;
  /** Controlled-goods consignments (arms, explosives, precursors...) citing a matching licence. */
  controlledGoodsLicensed: number;
}

export const DEFAULT_ASSUMPTIONS: DayAssumptions = {
  missingConsignor: 0.002,
  missingConsignee: 0.003,
  missingHsCode: 0.005,
  vagueDescription: 0.01,
  consigneeToOrder: 0.004,
  consigneeWithoutIdentifier: 0.01,
  cashPayment: 0.003,
  lateFiling: 0.03,
  sealsMissing: 0.002,
  transshipment: 0.05,
  controlledGoodsLicensed: 0.9,
};

export interface KcsRow {
  date: string;
  mode: TransportMode;
  hs6: string;
  departure: string;
  origin: string;
  netMassKg: number;
  importer: string;
  seller: string;
  firstTimeImporter: boolean;
  firstTimeSeller: boolean;
}

const MODES: Record<string, TransportMode> = { '10': 'sea', '40': 'air', '50': 'postal' };

/** Reads KCS declarations in date order and marks first-time importers and sellers against all earlier rows. */
export function readKcsRows(paths: readonly string[]): KcsRow[] {
  const rows: KcsRow[] = [];
  for (const path of paths) {
    const [header, ...records] = parseCsv(readFileSync(path, 'utf8'));
    const col = (name: string) => header!.fields.indexOf(name);
    const c = { date: col('Date'), mode: col('Mode of Transport'), hs: col('HS6 Code'), dep: col('Country of Departure'), origin: col('Country of Origin'), mass: col('Net Mass'), importer: col('Importer ID'), seller: col('Seller ID') };
    for (const { fields: f } of records) {
      const hs6 = (f[c.hs] ?? '').padStart(6, '0');
      if (!/^\d{6}$/.test(hs6)) continue;
      rows.push({
        date: f[c.date] ?? '', mode: MODES[f[c.mode] ?? ''] ?? 'sea', hs6, departure: f[c.dep] || 'CN', origin: f[c.origin] || f[c.dep] || 'CN',
        netMassKg: Math.max(0.1, Number(f[c.mass]) || 1), importer: f[c.importer] ?? '', seller: f[c.seller] ?? '',
        firstTimeImporter: false, firstTimeSeller: false,
      });
    }
  }
  rows.sort((a, b) => a.date.localeCompare(b.date));
  const importers = new Set<string>();
  const sellers = new Set<string>();
  let day = '';
  let pending: KcsRow[] = [];
  const flush = () => {
    for (const r of pending) {
      importers.add(r.importer);
      sellers.add(r.seller);
    }
    pending = [];
  };
  for (const r of rows) {
    if (r.date !== day) {
      flush();
      day = r.date;
    }
    r.firstTimeImporter = r.importer !== '' && !importers.has(r.importer);
    r.firstTimeSeller = r.seller !== '' && !sellers.has(r.seller);
    pending.push(r);
  }
  return rows;
}

/** mulberry32: small, fast, identical on every platform. */
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

/** HS prefixes whose goods are dangerous goods in transport: they carry a UN number when filed. */
const DANGEROUS_GOODS_PREFIXES = ['36', '2710', '2711', '2801', '2806', '2807', '2808', '2814', '2815', '2829', '2847', '2901', '2902', '2905', '2909', '2912', '2914', '3102', '3208', '3212', '3814', '8506', '8507', '3824'];
const HUBS = ['SG', 'LK', 'MY', 'AE', 'EG', 'MA'];

export interface GeneratedDay {
  inputs: AssessmentInput[];
  /** Licences the generated controlled-goods consignments cite (one per holder). */
  licences: number;
}

export interface GenerateDayOptions {
  rows: readonly KcsRow[];
  /** Only rows on or after this date make the day; earlier rows are history. */
  dayFrom: string;
  count: number;
  seed: number;
  importingCountry: string;
  nowIso: string;
  licensableHsPrefixes: readonly string[];
  assumptions?: DayAssumptions;
  /** Force every consignment's HS code to one drawn from this list (precursor trade stream). */
  hsOverride?: readonly string[];
}

function describe(hs6: string): string {
  const text = lookupHs(hs6)?.description ?? `goods of HS ${hs6}`;
  return text.length > 200 ? text.slice(0, 200) : text;
}

export function generateDay(options: GenerateDayOptions): GeneratedDay {
  const a = options.assumptions ?? DEFAULT_ASSUMPTIONS;
  const random = createRandom(options.seed);
  const chance = (p: number) => random() < p;
  const pool = options.rows.filter((r) => r.date >= options.dayFrom);
  if (pool.length === 0) throw new Error(`no KCS rows on or after ${options.dayFrom}`);
  // A forced code takes its mass, route and parties from declarations of the same HS chapter (all
  // periods: a chapter can be thin in one quarter), so fertiliser lots weigh what fertiliser lots weigh.
  const byChapter = new Map<string, KcsRow[]>();
  for (const r of options.rows) {
    const list = byChapter.get(r.hs6.slice(0, 2)) ?? [];
    list.push(r);
    byChapter.set(r.hs6.slice(0, 2), list);
  }
  const inputs: AssessmentInput[] = [];
  let licences = 0;
  for (let i = 0; i < options.count; i++) {
    const forced = options.hsOverride === undefined ? undefined : options.hsOverride[Math.floor(random() * options.hsOverride.length)]!;
    const sameChapter = forced === undefined ? undefined : byChapter.get(forced.slice(0, 2));
    const source = sameChapter !== undefined && sameChapter.length >= 20 ? sameChapter : pool;
    const row = source[Math.floor(random() * source.length)]!;
    const hs6 = forced ?? row.hs6;
    const mode = row.mode;
    const grossMassKg = Math.round(row.netMassKg * 1.08 * 10) / 10;
    const packages = Math.max(1, Math.round(grossMassKg / (mode === 'sea' ? 25 : 8)));
    const consignor: Party = { role: 'consignor', name: `Seller ${row.seller || i} Trading Co., Ltd.`, identifier: `${row.departure}S${row.seller || i}`, address: { street: `${1 + (i % 900)} Harbour Road`, city: 'Port City', country: row.departure } };
    const toOrder = mode === 'sea' && chance(a.consigneeToOrder);
    const consignee: Party = toOrder
      ? { role: 'consignee', name: 'TO ORDER' }
      : { role: 'consignee', name: `Importer ${row.importer || i} B.V.`, ...(chance(a.consigneeWithoutIdentifier) ? {} : { identifier: `${options.importingCountry}${row.importer || i}` }), address: { street: `Kade ${1 + (i % 200)}`, city: 'Rotterdam', country: options.importingCountry } };
    const parties: Party[] = [];
    if (!chance(a.missingConsignor)) parties.push(consignor);
    if (!chance(a.missingConsignee)) parties.push(consignee);
    const routing = mode === 'sea' && chance(a.transshipment) ? [row.departure, HUBS[Math.floor(random() * HUBS.length)]!, HUBS[Math.floor(random() * HUBS.length)]!, options.importingCountry] : [row.departure, options.importingCountry];
    const dangerous = DANGEROUS_GOODS_PREFIXES.some((p) => hs6.startsWith(p));
    const containerNumber = 'CSQU3054383';
    const consignment: Consignment = {
      sequence: 1,
      transportDocument: { type: mode === 'air' ? 'N740' : 'N714', number: `DOC${options.seed}-${i}` },
      parties,
      placeOfLoading: { country: row.departure },
      placeOfUnloading: { country: options.importingCountry },
      routingCountries: [...new Set(routing)],
      goods: [
        {
          itemNumber: 1,
          description: chance(a.vagueDescription) ? 'General cargo' : describe(hs6),
          ...(chance(a.missingHsCode) ? {} : { commodityCode: hs6 }),
          grossMassKg,
          netMassKg: row.netMassKg,
          packages: [{ kind: 'PK', count: packages }],
          containerNumbers: mode === 'sea' ? [containerNumber] : [],
          originCountry: row.origin,
          ...(dangerous ? { dangerousGoodsUn: '1993' } : {}),
        },
      ],
      equipment: mode === 'sea' ? [{ containerNumber, packedStatus: 'full', ...(chance(a.sealsMissing) ? { seals: [] } : { sealCount: 1, seals: [`SL${i}`] }) }] : [],
      containerised: mode === 'sea',
      totalPackages: packages,
      paymentMethod: chance(a.cashPayment) ? 'A' : 'H',
    };
    const licensed = options.licensableHsPrefixes.some((p) => hs6.startsWith(p)) && chance(a.controlledGoodsLicensed);
    let cited: CitedLicence[] | undefined;
    if (licensed && consignee.identifier !== undefined) {
      const licence: LicenceRecord = {
        number: `${options.importingCountry}-LIC-${i}`, issuingCountry: options.importingCountry, direction: 'import', category: hs6.startsWith('93') || hs6.startsWith('8710') ? 'arms' : hs6.startsWith('36') ? 'explosives' : 'chemicals',
        holderName: consignee.name!, holderIdentifier: consignee.identifier, goodsDescription: describe(hs6), hsCodes: [hs6.slice(0, 4)], quantity: row.netMassKg * 10, unit: 'kg', validFrom: '2026-01-01', validTo: '2027-12-31', status: 'valid',
      };
      consignment.licences = [{ number: licence.number, issuingCountry: licence.issuingCountry }];
      cited = [{ citation: consignment.licences[0]!, licence, remaining: licence.quantity, reserved: true }];
      licences++;
    }
    const filing: Omit<Filing, 'consignments'> = {
      format: 'canonical', level: 'complete', lrn: `DAY-${options.seed}-${i}`, parties: [{ role: 'carrier', name: mode === 'air' ? 'Generated Air Cargo' : 'Generated Ocean Line', identifier: `${options.importingCountry}000000001` }],
      conveyance: { mode, routingCountries: [row.departure, options.importingCountry], itinerary: [] },
    };
    const late = chance(a.lateFiling);
    inputs.push({
      consignmentId: `DAY-${options.seed}-${i}`,
      filing,
      consignment,
      timing: { receivedAt: options.nowIso, late, hoursBeforeLoading: late ? 6 : 48, amendmentCount: 0 },
      indicators: [],
      history: { parties: { [partyKey(consignor)]: { firstSeen: row.firstTimeSeller }, [partyKey(consignee)]: { firstSeen: row.firstTimeImporter } } },
      randomDraw: random(),
      ...(cited === undefined ? {} : { licences: cited }),
    });
  }
  return { inputs, licences };
}
