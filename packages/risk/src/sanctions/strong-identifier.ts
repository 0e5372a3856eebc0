/**
 * When a sanctions match is more than a name: the evidence that lets an assessment stop loading
 * without an officer. A match on name alone (however high its score) is a potential match, held for
 * an officer with the evidence; Do Not Load is automatic only when one of these agrees:
 * - the vessel's IMO number equals the listed one;
 * - a birth date given with the party equals a listed birth date and the name matches strongly;
 * - an entity's (organisation or vessel) name equals the listed primary name exactly after folding
 *   and the party's country is one the entry lists.
 * Registration and tax numbers are not in the list formats loaded here, so they cannot agree yet.
 */
import type { SanctionsMatch } from './screen-party.js';

export function strongIdentifier(match: SanctionsMatch, minimumNameScore: number): string | undefined {
  const feature = (name: string) => match.evidence.find((f) => f.feature === name);
  if (feature('imo')?.score === 1) return 'IMO number agrees';
  const name = feature('name');
  if (name === undefined) return undefined;
  if (feature('birth_date')?.score === 1 && name.score >= minimumNameScore) return 'birth date and name agree';
  if (match.entry.type !== 'person' && match.matchedNameKind === 'primary' && name.score >= 1 && feature('country')?.score === 1) {
    return 'exact primary name and listed country agree';
  }
  return undefined;
}
