/**
 * File-level loaders (the only I/O in this package besides the starter rule set): the shipped list
 * copies under data/sanctions/, and any operator-supplied newer file, gzipped or not, whose format is
 * recognised from its content.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { AppError } from '@safe-screen/domain';
import { loadBisDpl, loadCanadaSemaXml, loadOfacConsolidatedXml } from './load-more-lists.js';
import { loadOfacSdnCsv } from './load-ofac-sdn.js';
import { loadUnList } from './load-un-list.js';
import type { SanctionsList } from './sanctions-list.js';

const SHIPPED_DIR = new URL('../../data/sanctions/', import.meta.url);

export const SHIPPED_SANCTIONS_FILES = {
  un20240926: 'consolidated-2024-09-26.xml.gz',
  un20250419: 'consolidated-2025-04-19.xml.gz',
  ofacSdn20240503: 'sdn-2024-05-03.csv.gz',
  ofacConsolidated20250328: 'cons-nonsdn-2025-03-28.xml.gz',
  canadaSema20250320: 'canada-sema-2025-03-20.xml.gz',
  bisDpl202209: 'bis-dpl-2022-09.txt.gz',
} as const;

export function readListText(path: string | URL): string {
  const bytes = readFileSync(path);
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return raw.toString('utf8');
}

/**
 * Recognises a UN consolidated XML or an OFAC legacy sdn.csv. OFAC's file carries no date, so its
 * edition must be given (the publish date); the UN edition is read from the file.
 */
export function loadSanctionsFile(path: string | URL, options: { edition?: string } = {}): SanctionsList {
  const text = readListText(path);
  const head = text.slice(0, 2000);
  if (/<CONSOLIDATED_LIST[\s>]/.test(head)) return loadUnList(text);
  if (/<sdnList[\s>]/.test(head)) return loadOfacConsolidatedXml(text);
  if (/<data-set[\s>]/.test(head) && /<record>/.test(head)) return loadCanadaSemaXml(text);
  const undated = /^\d+,"/.test(text) ? 'an OFAC sdn.csv' : /^\uFEFF?"?Name"?\t"?Street_Address/.test(text) ? 'a BIS Denied Persons List' : undefined;
  if (undated !== undefined) {
    if (options.edition === undefined) throw new AppError('SANCTIONS_EDITION_REQUIRED', `${undated} carries no date: give its publish date as the edition`);
    return undated === 'an OFAC sdn.csv' ? loadOfacSdnCsv(text, options.edition) : loadBisDpl(text, options.edition);
  }
  throw new AppError('SANCTIONS_FORMAT_UNKNOWN', 'not a list format this loader knows: UN consolidated XML, OFAC sdn.csv or consolidated XML, Canada SEMA XML, BIS DPL text');
}

/** The list copies shipped with the package: UN 2025-04-19 and OFAC SDN 2024-05-03 (the current pair). */
export function loadShippedSanctionsLists(): SanctionsList[] {
  return [
    loadUnList(readListText(new URL(SHIPPED_SANCTIONS_FILES.un20250419, SHIPPED_DIR))),
    loadOfacSdnCsv(readListText(new URL(SHIPPED_SANCTIONS_FILES.ofacSdn20240503, SHIPPED_DIR)), '2024-05-03'),
  ];
}

/** The further lists shipped with the package (not in the default pair): OFAC non-SDN, Canada SEMA, BIS DPL. */
export function loadShippedMoreLists(): SanctionsList[] {
  return [
    loadOfacConsolidatedXml(readListText(new URL(SHIPPED_SANCTIONS_FILES.ofacConsolidated20250328, SHIPPED_DIR))),
    loadCanadaSemaXml(readListText(new URL(SHIPPED_SANCTIONS_FILES.canadaSema20250320, SHIPPED_DIR))),
    loadBisDpl(readListText(new URL(SHIPPED_SANCTIONS_FILES.bisDpl202209, SHIPPED_DIR)), '2022-09-07'),
  ];
}

/** The earlier UN edition, for edition-change and re-screening tests. */
export function loadShippedUnList(edition: '2024-09-26' | '2025-04-19'): SanctionsList {
  const file = edition === '2024-09-26' ? SHIPPED_SANCTIONS_FILES.un20240926 : SHIPPED_SANCTIONS_FILES.un20250419;
  return loadUnList(readListText(new URL(file, SHIPPED_DIR)));
}
