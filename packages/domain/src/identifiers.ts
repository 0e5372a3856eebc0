/**
 * Check-digit algorithms for the identifiers ingest validates (domain reference section 6).
 * Each `isValidX` is total: any string in, boolean out, no exceptions.
 */

/** ISO 6346 letter values: A=10 upwards, skipping multiples of 11. */
const ISO6346_LETTER_VALUES: ReadonlyMap<string, number> = (() => {
  const values = new Map<string, number>();
  let value = 10;
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (value % 11 === 0) value++;
    values.set(letter, value++);
  }
  return values;
})();

function iso6346CharValue(ch: string): number | undefined {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  return ISO6346_LETTER_VALUES.get(ch);
}

/** Weighted sum with weights 2^0..2^(n-1), left to right, mod 11; remainder 10 becomes 0. */
function iso6346StyleCheck(chars: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) {
    const value = iso6346CharValue(chars[i]!);
    if (value === undefined) return undefined;
    sum += value * 2 ** i;
  }
  return (sum % 11) % 10;
}

export function iso6346CheckDigit(first10: string): number | undefined {
  if (!/^[A-Z]{4}\d{6}$/.test(first10)) return undefined;
  return iso6346StyleCheck(first10);
}

/** Owner code (3 letters) + category U/J/Z + 6-digit serial + check digit. */
export function isValidContainerNumber(value: string): boolean {
  if (!/^[A-Z]{3}[UJZ]\d{7}$/.test(value)) return false;
  return iso6346CheckDigit(value.slice(0, 10)) === Number(value[10]);
}

/** Accepts `IMO9074729` or `9074729`. */
export function isValidImoNumber(value: string): boolean {
  const digits = value.startsWith('IMO') ? value.slice(3).trim() : value;
  if (!/^\d{7}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(digits[i]) * (7 - i);
  return sum % 10 === Number(digits[6]);
}

/** Air waybill: 3-digit prefix + 7-digit serial + check digit = serial mod 7. Hyphen or space allowed after the prefix. */
export function isValidAirWaybill(value: string): boolean {
  const compact = value.replace(/^(\d{3})[-\s]?/, '$1');
  if (!/^\d{11}$/.test(compact)) return false;
  return Number(compact.slice(3, 10)) % 7 === Number(compact[10]);
}

export function normaliseAirWaybill(value: string): string {
  return value.replace(/^(\d{3})[-\s]?/, '$1');
}

const MRN_PATTERN = /^\d{2}[A-Z]{2}[A-Z0-9]{13}[A-Z0-9]$/;

/** MRN check character: ISO 6346 character values, weights 2^0..2^16 over 17 characters, mod 11, 10 -> 0. */
export function mrnCheckCharacter(first17: string): string | undefined {
  if (!/^[A-Z0-9]{17}$/.test(first17)) return undefined;
  const check = iso6346StyleCheck(first17);
  return check === undefined ? undefined : String(check);
}

export function isValidMrn(value: string): boolean {
  if (!MRN_PATTERN.test(value)) return false;
  return mrnCheckCharacter(value.slice(0, 17)) === value[17];
}

/**
 * Builds an MRN: YY + country (a2) + 11-character unique part + trader-interface identifier (a1)
 * + procedure identifier (a1) + check character. `unique` is uppercased and must be 11 of [A-Z0-9].
 */
export function buildMrn(parts: { year: number; country: string; unique: string; interfaceId: string; procedure: string }): string {
  const yy = String(parts.year % 100).padStart(2, '0');
  const body = `${yy}${parts.country}${parts.unique}${parts.interfaceId}${parts.procedure}`.toUpperCase();
  const check = mrnCheckCharacter(body);
  if (check === undefined || body.length !== 17) throw new RangeError(`cannot build an MRN from "${body}"`);
  return body + check;
}

/** UN/LOCODE shape: country + 3 characters from A-Z and 2-9. Existence is checked against the code list. */
export function isUnlocodeShape(value: string): boolean {
  return /^[A-Z]{2}[A-Z2-9]{3}$/.test(value);
}

/** Commodity code shape: 6 to 10 digits, chapter 77 reserved. Existence is checked against the nomenclature. */
export function isCommodityCodeShape(value: string): boolean {
  return /^\d{6,10}$/.test(value) && !value.startsWith('77') && !value.startsWith('00');
}
