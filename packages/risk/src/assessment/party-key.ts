import type { Party } from '@safe-screen/domain';
import { tokeniseName } from '../sanctions/normalise-name.js';

/**
 * How history and AEO results are keyed to a party: its identifier when filed (EORI, TIN), else its
 * normalised name. The service uses the same function when it looks facts up, so keys always agree.
 */
export function partyKey(party: Pick<Party, 'identifier' | 'name'>): string {
  const identifier = party.identifier?.replace(/\s+/g, '').toUpperCase();
  if (identifier !== undefined && identifier !== '') return `id:${identifier}`;
  return `name:${tokeniseName(party.name ?? '').join(' ')}`;
}
