/**
 * HMRC's goods-item rules: item numbering (R007), where places of loading/unloading and the payment
 * method are declared (C574, C579, C576: header or item, never both), what identifies the goods
 * (C585, C592, produced documents), packages (C062, TR0022) and message-level counts (C570 itinerary,
 * item and seal limits).
 */
import type { ValidationIssue } from '@safe-screen/domain';
import { BULK_PACKAGE_KINDS, UNPACKED_PACKAGE_KINDS } from './ens-code-lists.js';
import { hmrcError } from './ens-issue.js';
import type { EnsMessage } from './ens-message.js';
import { childNode, childNodes, fieldPath, has, valueOf } from './ens-node.js';
import type { EnsNode } from './ens-node.js';

export const MAX_GOODS_ITEMS = 999;
export const MAX_SEALS = 9999;

export function checkMessageCounts(message: EnsMessage): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const root = message.root;
  if (message.goods.length > MAX_GOODS_ITEMS) {
    issues.push(hmrcError('8611', 'ENS_TOO_MANY_GOODS_ITEMS', root.path, `Goods item may occur up to ${MAX_GOODS_ITEMS} times`, String(message.goods.length)));
  }
  const seals = childNodes(root, 'SEAID529').length;
  if (seals > MAX_SEALS) {
    issues.push(hmrcError('8617', 'ENS_TOO_MANY_SEALS', root.path, `Seals ID may occur up to ${MAX_SEALS} times`, String(seals)));
  }
  const numbers = message.goods.map((item) => valueOf(item, 'IteNumGDS7'));
  if (numbers.some((n, i) => n === undefined || !/^\d+$/.test(n) || Number(n) !== i + 1)) {
    issues.push(hmrcError('8102', 'ENS_ITEM_NUMBERS_NOT_SEQUENTIAL', root.path, "Goods item numbers must be unique and run from '1' in steps of '1' (R007)"));
  }
  if (childNodes(root, 'ITI').length < 2) {
    issues.push(hmrcError('8684', 'ENS_ITINERARY_TOO_SHORT', root.path, "The field 'Itinerary' must occur at least twice (C570)"));
  }
  if (message.goods.every((item) => !has(item, 'PACGS2'))) {
    issues.push(hmrcError('8688', 'ENS_PACKAGES_MISSING', root.path, 'Packages must be present'));
  }
  return issues;
}

function checkItemPlacesAndPayment(message: EnsMessage, item: EnsNode): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const header = message.header;
  const headerLoading = has(header, 'PlaLoaGOOITE334');
  if (!headerLoading && !has(item, 'PlaLoaGOOITE333')) {
    issues.push(hmrcError('8104', 'ENS_LOADING_PLACE_REQUIRED', item.path, 'The goods item place of loading is required if the header place of loading is not used (C574)'));
  }
  if (headerLoading && has(item, 'PlaLoaGOOITE333')) {
    issues.push(hmrcError('8136', 'ENS_LOADING_PLACE_TWICE', fieldPath(item, 'PlaLoaGOOITE333'), 'The goods item place of loading cannot be used if the header place of loading is used (C574)'));
  }
  const headerUnloading = has(header, 'PlaUnlGOOITE334');
  if (!headerUnloading && message.specificCircumstance !== 'E' && !has(item, 'PlaUnlGOOITE333')) {
    issues.push(hmrcError('8687', 'ENS_UNLOADING_PLACE_REQUIRED', item.path, "The goods item place of unloading is required if the specific circumstance indicator is not 'E' and the header place of unloading is not used (C579)"));
  }
  if (headerUnloading && has(item, 'PlaUnlGOOITE333')) {
    issues.push(hmrcError('8171', 'ENS_UNLOADING_PLACE_TWICE', fieldPath(item, 'PlaUnlGOOITE333'), 'The goods item place of unloading cannot be used if the header place of unloading is used (C579)'));
  }
  if (has(header, 'TraChaMetOfPayHEA1') && has(item, 'MetOfPayGDI12')) {
    issues.push(hmrcError('8135', 'ENS_PAYMENT_METHOD_TWICE', fieldPath(item, 'MetOfPayGDI12'), 'The goods item method of payment cannot be used if the header method of payment is used (C576)'));
  }
  return issues;
}

function checkItemDescription(message: EnsMessage, item: EnsNode): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!has(item, 'GooDesGDS23') && !has(childNode(item, 'COMCODGODITM'), 'ComNomCMD1')) {
    issues.push(hmrcError('8207', 'ENS_COMMODITY_CODE_REQUIRED', item.path, 'The commodity code is required if the goods description is not used (C585)'));
  }
  // HMRC's text reads "if SCI is not 'E' OR there is no total gross mass"; its pack shows the rule is
  // the conjunction: either a total gross mass or SCI 'E' releases the goods item from giving its mass.
  if (!has(item, 'GroMasGDS46') && !has(message.header, 'TotGroMasHEA307') && message.specificCircumstance !== 'E') {
    issues.push(hmrcError('8103', 'ENS_GROSS_MASS_REQUIRED', item.path, "Gross mass is required on each goods item when there is no total gross mass and the specific circumstance indicator is not 'E' (C592)"));
  }
  if (!has(item, 'PRODOCDC2') && !has(item, 'ComRefNumGIM1') && !has(message.header, 'ComRefNumHEA')) {
    issues.push(hmrcError('8170', 'ENS_DOCUMENTS_REQUIRED', item.path, 'Produced documents and certificates must be present if no commercial reference number is given'));
  }
  return issues;
}

/** C062 per package line, TR0022 for zero-package lines that share marks with a counted line. */
function checkPackages(message: EnsMessage, item: EnsNode, lines: PackageLines): ValidationIssue[] {
  const { all: allPackages, marks: packageMarks, counts: packageCounts } = lines;
  const issues: ValidationIssue[] = [];
  for (const pack of childNodes(item, 'PACGS2')) {
    const kind = valueOf(pack, 'KinOfPacGS23') ?? '';
    const hasCount = has(pack, 'NumOfPacGS24');
    const hasPieces = has(pack, 'NumOfPieGS25');
    if (BULK_PACKAGE_KINDS.includes(kind)) {
      if (hasCount || hasPieces) {
        issues.push(hmrcError('8149', 'ENS_BULK_WITH_COUNTS', pack.path, 'Number of packages and number of pieces cannot be used for bulk goods (C062)', kind));
      }
    } else if (UNPACKED_PACKAGE_KINDS.includes(kind)) {
      if (!hasPieces || hasCount) {
        issues.push(hmrcError('8150', 'ENS_UNPACKED_COUNTS', pack.path, 'Unpacked goods need the number of pieces and cannot use the number of packages (C062)', kind));
      }
    } else {
      if (!hasCount || hasPieces) {
        issues.push(hmrcError('8151', 'ENS_PACKED_COUNTS', pack.path, 'Packed goods need the number of packages and cannot use the number of pieces (C062)', kind));
      }
      if (message.specificCircumstance === undefined && !has(pack, 'MarNumOfPacGSL21')) {
        issues.push(hmrcError('8152', 'ENS_MARKS_REQUIRED', pack.path, 'Marks and numbers of packages are required for packed goods when no specific circumstance indicator is used (C062)', kind));
      }
    }
    const count = valueOf(pack, 'NumOfPacGS24');
    if (count !== undefined && /^\d+$/.test(count) && Number(count) === 0) {
      // Marks compare as XPath node values: absent marks match nothing, not even other absent marks.
      const marks = valueOf(pack, 'MarNumOfPacGSL21');
      const counted =
        marks !== undefined &&
        allPackages.some((other) => other !== pack.path && packageMarks.get(other) === marks && (packageCounts.get(other) ?? 0) > 0);
      if (!counted) {
        issues.push(hmrcError('8153', 'ENS_ZERO_PACKAGES_UNMATCHED', pack.path, "A package line with '0' packages needs another package line with the same marks and numbers and more than '0' packages (TR0022)", count));
      }
    }
  }
  return issues;
}

interface PackageLines {
  all: string[];
  marks: Map<string, string | undefined>;
  counts: Map<string, number>;
}

/** Every package line of the message by location, with its marks and package count, for TR0022. */
function readPackageLines(message: EnsMessage): PackageLines {
  const lines: PackageLines = { all: [], marks: new Map(), counts: new Map() };
  for (const pack of message.goods.flatMap((item) => childNodes(item, 'PACGS2'))) {
    lines.all.push(pack.path);
    lines.marks.set(pack.path, valueOf(pack, 'MarNumOfPacGSL21'));
    const count = valueOf(pack, 'NumOfPacGS24');
    lines.counts.set(pack.path, count !== undefined && /^\d+$/.test(count) ? Number(count) : 0);
  }
  return lines;
}

export function checkGoodsItems(message: EnsMessage): ValidationIssue[] {
  const lines = readPackageLines(message);
  return message.goods.flatMap((item) => [
    ...checkItemPlacesAndPayment(message, item),
    ...checkItemDescription(message, item),
    ...checkPackages(message, item, lines),
  ]);
}
