import { lazy, parseCsvLine, readDataFile } from './read-data-file.js';

export const HS_EDITIONS = ['HS2022', 'HS2017'] as const;
export type HsEdition = (typeof HS_EDITIONS)[number];

export interface HsSubheading {
  edition: HsEdition;
  /** The six-digit subheading the looked-up code falls under. */
  subheading: string;
  description: string;
  heading: string;
  headingDescription: string;
  chapter: string;
  chapterDescription: string;
}

function loadEdition(file: string): () => Map<string, string> {
  return lazy(() => {
    const descriptions = new Map<string, string>();
    const lines = readDataFile(file).split('\n');
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.length === 0) continue;
      const [code = '', description = ''] = parseCsvLine(line);
      descriptions.set(code, description);
    }
    return descriptions;
  });
}

const EDITIONS: Readonly<Record<HsEdition, () => Map<string, string>>> = {
  HS2022: loadEdition('hs2022.csv.gz'),
  HS2017: loadEdition('hs2017.csv.gz'),
};

/**
 * Resolves an HS code or a national extension of it (6 to 10 digits: CN 8, TARIC/HTSUS 10) to the
 * six-digit subheading of the given edition (HS 2022 by default).
 */
export function lookupHs(code: string, edition: HsEdition = 'HS2022'): HsSubheading | undefined {
  if (!/^\d{6,10}$/.test(code)) return undefined;
  const nomenclature = EDITIONS[edition]();
  const subheading = code.slice(0, 6);
  const description = nomenclature.get(subheading);
  if (description === undefined) return undefined;
  const heading = code.slice(0, 4);
  const chapter = code.slice(0, 2);
  return {
    edition,
    subheading,
    description,
    heading,
    headingDescription: nomenclature.get(heading) ?? '',
    chapter,
    chapterDescription: nomenclature.get(chapter) ?? '',
  };
}

/** True when the first six digits are a subheading of HS 2022 or HS 2017 (filers may still use the older edition). */
export function hsCodeExists(code: string): boolean {
  if (!/^\d{6,10}$/.test(code)) return false;
  const subheading = code.slice(0, 6);
  return EDITIONS.HS2022().has(subheading) || EDITIONS.HS2017().has(subheading);
}

/** All six-digit subheadings of an edition, sorted (for generators and statistics). */
export function listHsSubheadings(edition: HsEdition = 'HS2022'): string[] {
  return [...EDITIONS[edition]().keys()].filter((code) => code.length === 6).sort();
}
