import { isValidImoNumber } from '@safe-screen/domain';

/**
 * IMO numbers written in free-text remarks: OFAC "Vessel Registration Identification IMO 7406784",
 * UN "International Maritime Organization (IMO) Number: 1790183". Only check-digit-valid numbers count.
 */
export function extractImoNumbers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/IMO\)?(?:\s+(?:number|no\.?))?[:\s]*(\d{7})\b/gi)) {
    const digits = m[1]!;
    if (isValidImoNumber(digits) && !found.includes(digits)) found.push(digits);
  }
  return found;
}
