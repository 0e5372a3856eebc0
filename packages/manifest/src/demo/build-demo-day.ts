/**
 * A realistic day of filings for a newcomer's first look (`safe-screen demo`): the shipped samples of
 * every mode and a generated vessel manifest, with every date moved relative to now (so the goods are
 * not yet loaded and the timing rules see an ordinary day), new LRNs and transport document numbers
 * per run (so a second run is new traffic, not a re-send of the first), and chosen consignments changed
 * the way real risky cargo looks, so the officer queue shows each outcome the product gives:
 * assessment complete, screening request, outbound inspection, Do Not Load, a potential sanctions match
 * held for review, request for information, an incomplete multiple filing, a late filing, the random
 * control group among a few hundred ordinary consignments, and an AEO declarant.
 *
 * Pure: XML text in, XML text out, for a given clock and run id. Party names used for the sanctions
 * scenarios are real UN-listed names (that is the point of screening); everything else is fictitious.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateCanonicalManifest } from '../testing/generate-manifest.js';

export type DemoSample = 'sea-container' | 'air' | 'road' | 'rail';

export interface DemoFiling {
  /** What the newcomer should see for it in the console. */
  scenario: string;
  lrn: string;
  xml: string;
}

export interface DemoDayOptions {
  /** The clock the day is built around. */
  now: Date;
  /** A short id that makes this run's LRNs and documents unique (letters and digits). */
  runId: string;
  /** Consignments in the generated vessel manifest (volume, and a few control-group draws). */
  generatedConsignments: number;
}

const SAMPLES_DIR = fileURLToPath(new URL('../../samples/', import.meta.url));

function readSample(name: DemoSample): string {
  return readFileSync(`${SAMPLES_DIR}${name}.xml`, 'utf8');
}

const iso = (millis: number): string => new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');
const HOUR = 3_600_000;

/** Declared now, loading `loadingInHours` from now, departure 12 h later, arrival after the voyage. */
function moveDates(xml: string, now: number, loadingInHours: number, voyageHours: number): string {
  const loading = now + loadingInHours * HOUR;
  return xml
    .replace(/<DeclaredAt>[^<]*</, `<DeclaredAt>${iso(now)}<`)
    .replace(/<ExpectedLoading>[^<]*</, `<ExpectedLoading>${iso(loading)}<`)
    .replace(/<ExpectedDeparture>[^<]*</, `<ExpectedDeparture>${iso(loading + 12 * HOUR)}<`)
    .replace(/<ExpectedArrival>[^<]*</, `<ExpectedArrival>${iso(loading + (12 + voyageHours) * HOUR)}<`);
}

/**
 * New LRN, and this run's suffix on every house and master transport document, except air master
 * waybills: those carry a check digit, and houses of different filings may travel under one master.
 */
function renumber(xml: string, lrn: string, runId: string): string {
  return xml
    .replace(/<LRN>[^<]*<\/LRN>/, `<LRN>${lrn}</LRN>`)
    .replace(/(<(?:Master)?TransportDocument>\s*<TypeCode>(N7(?!4[01])\d\d)<\/TypeCode>\s*<Number>)([^<]*)(<\/Number>)/g, (_m, head: string, _type: string, number: string, tail: string) => `${head}${number}-${runId}${tail}`);
}

/** The n-th `<HouseConsignment>` (1-based) changed by `change`, the rest untouched. */
function changeHouse(xml: string, house: number, change: (text: string) => string): string {
  const parts = xml.split('<HouseConsignment>');
  if (parts[house] === undefined) throw new Error(`the sample has no house consignment ${house}`);
  parts[house] = change(parts[house]);
  return parts.join('<HouseConsignment>');
}

function replaceOrFail(text: string, pattern: string | RegExp, replacement: string): string {
  const changed = text.replace(pattern, replacement);
  if (changed === text) throw new Error(`demo scenario no longer fits the sample: ${String(pattern)} not found`);
  return changed;
}

export function buildDemoDay(options: DemoDayOptions): DemoFiling[] {
  if (!/^[A-Z0-9]{1,8}$/.test(options.runId)) throw new Error('runId: 1 to 8 capital letters or digits');
  const now = options.now.getTime();
  const run = options.runId;
  const filings: DemoFiling[] = [];
  const add = (scenario: string, sample: DemoSample, loadingInHours: number, voyageHours: number, change: (xml: string) => string = (x) => x) => {
    const lrn = `DEMO-${run}-${String(filings.length + 1).padStart(2, '0')}`;
    filings.push({ scenario, lrn, xml: change(renumber(moveDates(readSample(sample), now, loadingInHours, voyageHours), lrn, run)) });
  };

  add('sea, three houses in three containers: ordinary trade, assessment complete (AEO declarant)', 'sea-container', 48, 720);
  add('road, direct consignment on a CMR note: assessment complete', 'road', 20, 60);
  add('rail master filing: waits as an incomplete multiple filing until the houses arrive', 'rail', 30, 400);
  add('air house waybills: wait as incomplete until the carrier files the master', 'air', 10, 14);
  add('sea, house 3 becomes sporting shotguns paid in cash by a first-time shipper: red lane, outbound inspection request to China', 'sea-container', 72, 720, (xml) =>
    changeHouse(xml, 3, (house) =>
      replaceOrFail(
        replaceOrFail(replaceOrFail(house, /<Description>[^<]*<\/Description>/, '<Description>Sporting shotguns, 12 gauge, with accessories</Description>'), /<CommodityCode>\d+<\/CommodityCode>/, '<CommodityCode>930320</CommodityCode>'),
        /(<Consignor>\s*<Name>)[^<]*/,
        `$1Weihai Field Sports Export ${run}`,
      ).replace('<PaymentMethod>H</PaymentMethod>', '<PaymentMethod>A</PaymentMethod>'),
    ),
  );
  add('sea, house 2 consigned to a UN-listed entity in its listed country: Do Not Load', 'sea-container', 60, 720, (xml) =>
    changeHouse(xml, 2, (house) => replaceOrFail(house, /(<Consignee>\s*<Name>)[^<]*(<\/Name>[\s\S]*?<Country>)[A-Z]{2}(<\/Country>)/, '$1Korea Mining Development Trading Corporation$2KP$3')),
  );
  add('sea, house 1 consigned to a listed name at an address elsewhere: a potential match, held for an officer to confirm or dismiss', 'sea-container', 96, 720, (xml) =>
    changeHouse(xml, 1, (house) => replaceOrFail(house, /(<Consignee>\s*<Name>)[^<]*/, '$1Tanchon Commercial Bank')),
  );
  add('sea, house 2 filed without its consignee: request for information naming the missing element', 'sea-container', 84, 720, (xml) =>
    changeHouse(xml, 2, (house) => replaceOrFail(house, /<Consignee>[\s\S]*?<\/Consignee>\s*/, '')),
  );
  add('sea, filed after loading: a late filing (FILING_LATE), assessed as already loaded', 'sea-container', -6, 720);

  const generated = generateCanonicalManifest({ consignments: options.generatedConsignments, seed: Number.parseInt(run, 36) % 1_000_000, riskyShare: 0.04 });
  const lrn = `DEMO-${run}-${String(filings.length + 1).padStart(2, '0')}`;
  filings.push({
    scenario: `a vessel's manifest of ${options.generatedConsignments} house consignments: mostly green, a few risk indicators (screening requests), the random control group`,
    lrn,
    xml: renumber(moveDates(generated, now, 40, 720), lrn, run),
  });
  return filings;
}
