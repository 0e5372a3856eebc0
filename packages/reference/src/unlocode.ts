import { indexCsvByFirstField, lazy, parseCsvLine, readDataFile } from './read-data-file.js';

/** UN/LOCODE function classifiers (positions 1-8 of the function field, plus B). */
export type UnlocodeFunction = 'port' | 'rail' | 'road' | 'airport' | 'postal' | 'multimodal' | 'fixed_transport' | 'inland_port' | 'border_crossing';

export interface UnlocodeEntry {
  code: string;
  /** ISO 3166-1 alpha-2, the first two characters of the code. */
  country: string;
  name: string;
  functions: UnlocodeFunction[];
  lat?: number;
  lon?: number;
}

const FUNCTION_BY_CHAR: Readonly<Record<string, UnlocodeFunction>> = {
  '1': 'port',
  '2': 'rail',
  '3': 'road',
  '4': 'airport',
  '5': 'postal',
  '6': 'multimodal',
  '7': 'fixed_transport',
  '8': 'inland_port',
  B: 'border_crossing',
};

const locations = lazy(() => indexCsvByFirstField(readDataFile('unlocode.csv.gz')));

function parseFunctions(field: string): UnlocodeFunction[] {
  const out: UnlocodeFunction[] = [];
  for (const c of field) {
    const fn = FUNCTION_BY_CHAR[c];
    if (fn !== undefined && !out.includes(fn)) out.push(fn);
  }
  return out;
}

export function lookupUnlocode(code: string): UnlocodeEntry | undefined {
  const line = locations().get(code);
  if (line === undefined) return undefined;
  const [, country = '', name = '', fn = '', lat = '', lon = ''] = parseCsvLine(line);
  return {
    code,
    country,
    name,
    functions: parseFunctions(fn),
    ...(lat === '' ? {} : { lat: Number(lat) }),
    ...(lon === '' ? {} : { lon: Number(lon) }),
  };
}

export function isKnownUnlocode(code: string): boolean {
  return locations().has(code);
}

/**
 * IATA airport code -> UN/LOCODE entries with the airport function. UN/LOCODE lists an IATA code only
 * where it differs from the location part, so the location part stands in when the column is empty.
 */
const airports = lazy(() => {
  const byIata = new Map<string, string[]>();
  for (const [code, line] of locations()) {
    const [, , , fn = '', , , iata = ''] = parseCsvLine(line);
    if (fn[3] !== '4') continue;
    const key = iata === '' ? code.slice(2) : iata;
    const list = byIata.get(key);
    if (list === undefined) byIata.set(key, [code]);
    else list.push(code);
  }
  return byIata;
});

/** The airport a 3-letter IATA location code designates; undefined when unknown or ambiguous across countries. */
export function lookupAirport(iataCode: string): UnlocodeEntry | undefined {
  const codes = airports().get(iataCode);
  if (codes === undefined || codes.length !== 1) return undefined;
  return lookupUnlocode(codes[0]!);
}
