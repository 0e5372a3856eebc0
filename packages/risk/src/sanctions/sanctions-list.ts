/**
 * One list edition in a source-neutral shape. Loaders map the official formats (UN XML, OFAC CSV)
 * into it; the index and the matcher only ever see this.
 */
export const SANCTIONS_ENTRY_TYPES = ['person', 'organisation', 'vessel'] as const;
export type SanctionsEntryType = (typeof SANCTIONS_ENTRY_TYPES)[number];

export interface SanctionsAlias {
  name: string;
  /** As the list grades it: UN "Good"/"Low"/"a.k.a.", OFAC "aka"/"fka"/"nka", strong/weak. */
  quality?: string;
}

export interface SanctionsEntry {
  /** Stable within the source: UN reference number (QDi.001), OFAC ent_num. */
  id: string;
  source: string;
  type: SanctionsEntryType;
  primaryName: string;
  aliases: SanctionsAlias[];
  originalScriptNames: string[];
  /** ISO 3166-1 alpha-2, from nationality, addresses and flags. */
  countries: string[];
  /** `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or a year range `YYYY/YYYY`. */
  birthDates: string[];
  /** Seven digits, no prefix. */
  imo?: string;
  programs: string[];
  remarks?: string;
}

export interface SanctionsList {
  /** `UN` or `OFAC-SDN`. */
  source: string;
  /** The list's own date (UN dateGenerated, OFAC publish date), ISO 8601. */
  edition: string;
  entries: SanctionsEntry[];
}

/** `UN@2025-04-19T23:00:04.625Z`: how assessments name the edition they screened against. */
export function formatEdition(list: Pick<SanctionsList, 'source' | 'edition'>): string {
  return `${list.source}@${list.edition}`;
}
