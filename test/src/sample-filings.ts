/**
 * Filings for end-to-end tests, derived from the shipped canonical sample so they stay valid as the
 * format evolves: dates moved relative to now (so "not yet loaded" holds), and chosen consignments
 * made risky in ways a user would recognise.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SAMPLES = fileURLToPath(new URL('../../packages/manifest/samples/', import.meta.url));
const SEA_SAMPLE = `${SAMPLES}sea-container.xml`;

const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface SeaFilingOptions {
  lrn: string;
  /** Make house 3 carry sporting shotguns (HS 9303) paid in cash from a first-time shipper: red lane, outbound inspection. */
  arms?: boolean;
  /** Make house 2's consignee a UN-listed entity: Do Not Load. */
  sanctioned?: boolean;
}

export function seaFiling(options: SeaFilingOptions): string {
  let xml = readFileSync(SEA_SAMPLE, 'utf8');
  xml = xml.replace(/<LRN>[^<]*<\/LRN>/, `<LRN>${options.lrn}</LRN>`);
  // Bills of lading of their own per LRN (the same per amendment): the same transport document filed
  // again by the same filer is the same cargo, and inherits its control (packages/cases).
  const suffix = createHash('sha256').update(options.lrn).digest('hex').slice(0, 6).toUpperCase();
  for (const number of new Set([...xml.matchAll(/<Number>([^<]*)<\/Number>/g)].map((m) => m[1]!))) xml = xml.replaceAll(`<Number>${number}</Number>`, `<Number>${number}${suffix}</Number>`);
  xml = xml.replace(/<DeclaredAt>[^<]*<\/DeclaredAt>/, `<DeclaredAt>${days(0)}</DeclaredAt>`);
  xml = xml.replace(/<ExpectedLoading>[^<]*</, `<ExpectedLoading>${days(7)}<`);
  xml = xml.replace(/<ExpectedDeparture>[^<]*</, `<ExpectedDeparture>${days(8)}<`);
  xml = xml.replace(/<ExpectedArrival>[^<]*</, `<ExpectedArrival>${days(38)}<`);
  const houses = xml.split('<HouseConsignment>');
  if (options.arms === true) {
    houses[3] = houses[3]!
      .replace('Combined refrigerator-freezers, household, 300 l, separate external doors', 'Sporting shotguns, 12 gauge, with accessories')
      .replace('<CommodityCode>841810</CommodityCode>', '<CommodityCode>930320</CommodityCode>')
      .replace('<PaymentMethod>H</PaymentMethod>', '<PaymentMethod>A</PaymentMethod>')
      // A shipper never seen before (named after the LRN), so the first-time-party indicator always applies.
      .replace('Qingdao Coldline Appliances Co., Ltd.', `Weihai Field Sports Export ${options.lrn}`);
  }
  if (options.sanctioned === true) {
    // The listed primary name with a listed country (KP): a confirmed match, so Do Not Load. A name alone
    // would only be a potential match held for an officer (see strongIdentifier in @safe-screen/risk).
    houses[2] = houses[2]!.replace(
      /(<Consignee>\s*<Name>)[^<]*(<\/Name>[\s\S]*?<Country>)[A-Z]{2}(<\/Country>)/,
      '$1Korea Mining Development Trading Corporation$2KP$3',
    );
  }
  xml = houses.join('<HouseConsignment>');
  return xml;
}

/** Any shipped sample with a new LRN and its dates moved to the near future. */
export function sampleFiling(name: 'sea-container' | 'air' | 'road' | 'rail', lrn: string): string {
  return readFileSync(`${SAMPLES}${name}.xml`, 'utf8')
    .replace(/<LRN>[^<]*<\/LRN>/, `<LRN>${lrn}</LRN>`)
    .replace(/<DeclaredAt>[^<]*</, `<DeclaredAt>${days(0)}<`)
    .replace(/<ExpectedLoading>[^<]*</, `<ExpectedLoading>${days(5)}<`)
    .replace(/<ExpectedDeparture>[^<]*</, `<ExpectedDeparture>${days(6)}<`)
    .replace(/<ExpectedArrival>[^<]*</, `<ExpectedArrival>${days(7)}<`);
}
