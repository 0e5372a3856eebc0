/**
 * Phonetic keys for blocking and for the phonetic feature: Double Metaphone gives a primary and an
 * alternate code, so "Mohammed", "Muhammad" and "Mohamad" share MHMT. Digits-only tokens are their
 * own key (registration numbers in names should not collapse to an empty code).
 */
import { doubleMetaphone } from 'double-metaphone';

export function phoneticKeys(token: string): string[] {
  if (/^\d+$/.test(token)) return [token];
  const [primary, secondary] = doubleMetaphone(token);
  if (primary === '') return [];
  return secondary !== '' && secondary !== primary ? [primary, secondary] : [primary];
}
