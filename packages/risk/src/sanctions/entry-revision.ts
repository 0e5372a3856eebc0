import { createHash } from 'node:crypto';
import type { SanctionsEntry } from './sanctions-list.js';

/**
 * Content hash of what screening depends on (names, aliases, type, countries, dates, IMO). A new list
 * edition that changes any of these changes the revision, which re-opens dismissed hits and marks the
 * entry "changed" for re-screening.
 */
export function computeEntryRevision(entry: SanctionsEntry): string {
  const material = JSON.stringify([
    entry.type,
    entry.primaryName,
    entry.aliases.map((a) => a.name).sort(),
    [...entry.originalScriptNames].sort(),
    [...entry.countries].sort(),
    [...entry.birthDates].sort(),
    entry.imo ?? '',
  ]);
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}
