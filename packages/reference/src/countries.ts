import { indexCsvByFirstField, lazy, parseCsvLine, readDataFile } from './read-data-file.js';

export interface Country {
  /** ISO 3166-1 alpha-2, or a customs user-assigned code (XK, XI, XU, XC, XL, XS). */
  code: string;
  name: string;
  /** `iso` for officially assigned codes, `customs` for user-assigned codes used by customs administrations. */
  kind: 'iso' | 'customs';
}

const countries = lazy(() => indexCsvByFirstField(readDataFile('countries.csv')));

export function lookupCountry(code: string): Country | undefined {
  const line = countries().get(code);
  if (line === undefined) return undefined;
  const [, name = '', kind] = parseCsvLine(line);
  return { code, name, kind: kind === 'customs' ? 'customs' : 'iso' };
}

export function isKnownCountry(code: string): boolean {
  return countries().has(code);
}
