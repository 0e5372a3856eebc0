/**
 * HMRC's checks on how numbers are written. The XSD types are xs:decimal / digit tokens, which accept
 * signs, leading zeros and trailing fraction zeros; HMRC rejects those forms, and compares the total
 * gross mass with the sum of item masses exactly (TR0812), so masses are compared as integer grams
 * rather than floating point.
 */
import type { ValidationIssue } from '@safe-screen/domain';
import { hmrcError } from './ens-issue.js';
import type { EnsMessage } from './ens-message.js';
import { childNodes, fieldPath, has, valueOf } from './ens-node.js';
import type { EnsNode } from './ens-node.js';

const hasLeadingZero = (value: string): boolean => /^[+-]?0\d/.test(value);

/**
 * Mass in thousandths of a kilogram, read the way HMRC's rule engine reads numbers (XPath 1.0
 * `number()`): an optional minus sign and a plain decimal; anything else, a leading plus included,
 * is not a number and makes the comparison false. Fractions beyond grams are truncated.
 */
export function massInGrams(value: string): bigint | undefined {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (m === null || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return undefined;
  const grams = BigInt(m[2] === '' ? '0' : (m[2] ?? '0')) * 1000n + BigInt((m[3] ?? '').padEnd(3, '0').slice(0, 3));
  return m[1] === '-' ? -grams : grams;
}

/** 8674-8677: shape of a mass value, reported at the mass element. */
function checkMassShape(node: EnsNode, name: string): ValidationIssue[] {
  const value = valueOf(node, name);
  if (value === undefined) return [];
  const location = fieldPath(node, name);
  const issues: ValidationIssue[] = [];
  const unsigned = value.replace(/^[+-]/, '');
  const [whole = '', fraction] = unsigned.split('.');
  if (hasLeadingZero(unsigned)) issues.push(hmrcError('8674', 'ENS_NUMBER_LEADING_ZERO', location, 'Value must not have leading zeros', value));
  if (whole.length + (fraction ?? '').length > 11) issues.push(hmrcError('8675', 'ENS_MASS_TOO_MANY_DIGITS', location, 'Value must not have more than 11 digits', value));
  if (fraction !== undefined && fraction.length > 3) issues.push(hmrcError('8676', 'ENS_MASS_TOO_MANY_DECIMALS', location, 'Value must not have more than 3 decimal digits', value));
  if (fraction !== undefined && (whole.length === 0 || fraction.length === 0)) {
    issues.push(hmrcError('8677', 'ENS_MASS_DECIMAL_POINT_FORM', location, 'Value must have at least one digit before and after the decimal point if the decimal point is present', value));
  }
  return issues;
}

const isSigned = (value: string | undefined): boolean => value !== undefined && /^[+-]/.test(value);

export function checkHeaderNumbers(message: EnsMessage): ValidationIssue[] {
  const header = message.header;
  if (header === undefined) return [];
  const issues: ValidationIssue[] = [];
  const items = valueOf(header, 'TotNumOfIteHEA305');
  if (items !== undefined && hasLeadingZero(items)) {
    issues.push(hmrcError('8671', 'ENS_NUMBER_LEADING_ZERO', header.path, "The 'Total Number of Items' field must not have leading zeros.", items));
  }
  if (items !== undefined && /^\d+$/.test(items) && Number(items) !== message.goods.length) {
    issues.push(hmrcError('8206', 'ENS_TOTAL_ITEMS_MISMATCH', header.path, `Total number of items (${items}) must equal the number of goods items present (${message.goods.length}).`, items));
  }
  const packages = valueOf(header, 'TotNumOfPacHEA306');
  if (packages !== undefined && hasLeadingZero(packages)) {
    issues.push(hmrcError('8672', 'ENS_NUMBER_LEADING_ZERO', header.path, "The 'Total Number of Packages' field must not have leading zeros.", packages));
  }
  const total = valueOf(header, 'TotGroMasHEA307');
  if (isSigned(total)) {
    issues.push(hmrcError('8673', 'ENS_MASS_SIGN', header.path, "The 'Total Gross Mass' must be written with digits and a decimal point only.", total));
  }
  issues.push(...checkMassShape(header, 'TotGroMasHEA307'));
  const totalGrams = total === undefined ? undefined : massInGrams(total);
  if (totalGrams !== undefined) {
    let sum: bigint | undefined = 0n;
    for (const item of message.goods) {
      const mass = valueOf(item, 'GroMasGDS46');
      if (mass === undefined) continue;
      const grams = massInGrams(mass);
      sum = grams === undefined || sum === undefined ? undefined : sum + grams;
    }
    if (sum !== undefined && totalGrams < sum) {
      issues.push(hmrcError('8686', 'ENS_TOTAL_MASS_BELOW_ITEMS', header.path, 'The total gross mass must be greater than or equal to the sum of the goods items gross masses (TR0812)', total));
    }
  }
  return issues;
}

export function checkItemNumbers(message: EnsMessage): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const item of message.goods) {
    const itemNumber = valueOf(item, 'IteNumGDS7');
    if (itemNumber !== undefined && hasLeadingZero(itemNumber)) {
      issues.push(hmrcError('8678', 'ENS_NUMBER_LEADING_ZERO', fieldPath(item, 'IteNumGDS7'), "The field 'Item Number' within 'Goods Item' must not contain leading zeros", itemNumber));
    }
    const mass = valueOf(item, 'GroMasGDS46');
    if (isSigned(mass)) {
      issues.push(hmrcError('8679', 'ENS_MASS_SIGN', fieldPath(item, 'GroMasGDS46'), "The 'Gross Mass' of a goods item must be written with digits and a decimal point only.", mass));
    }
    if (has(item, 'GroMasGDS46')) issues.push(...checkMassShape(item, 'GroMasGDS46'));
    for (const pack of childNodes(item, 'PACGS2')) {
      const count = valueOf(pack, 'NumOfPacGS24');
      if (count !== undefined && hasLeadingZero(count)) {
        issues.push(hmrcError('8680', 'ENS_NUMBER_LEADING_ZERO', fieldPath(pack, 'NumOfPacGS24'), "The 'Number of Packages' must not contain leading zeros.", count));
      }
      const pieces = valueOf(pack, 'NumOfPieGS25');
      if (pieces !== undefined && hasLeadingZero(pieces)) {
        issues.push(hmrcError('8681', 'ENS_NUMBER_LEADING_ZERO', fieldPath(pack, 'NumOfPieGS25'), "The 'Number of Pieces' must not contain leading zeros.", pieces));
      }
    }
  }
  return issues;
}
