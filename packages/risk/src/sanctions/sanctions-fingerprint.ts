import { createHash } from 'node:crypto';
import { tokeniseName } from './normalise-name.js';
import type { IndexedEntry } from './sanctions-index.js';
import type { ScreeningQuery } from './screen-party.js';

/**
 * Identifies a (party, list entry) pair for false-positive dismissals. The party side is its
 * normalised name plus the qualifiers screening used; the entry side is source, id and content
 * revision. If either side changes (a party renamed, an entry given a new alias), the fingerprint
 * changes and the dismissed hit fires again for an officer to look at.
 */
export function sanctionsFingerprint(party: ScreeningQuery, entry: Pick<IndexedEntry, 'source' | 'id' | 'revision'>): string {
  const partySide = [tokeniseName(party.name).join(' '), party.country?.toUpperCase() ?? '', party.birthDate ?? '', party.imo ?? '', party.type ?? ''];
  const entrySide = [entry.source, entry.id, entry.revision];
  return createHash('sha256').update(JSON.stringify([partySide, entrySide])).digest('hex').slice(0, 32);
}
