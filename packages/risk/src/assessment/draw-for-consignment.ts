import { createHash } from 'node:crypto';

/**
 * A uniform draw in [0,1) fixed by the consignment id and a salt, for the random control group: the
 * same consignment always gets the same draw (reproducible decisions), while changing the salt per
 * period stops filers from learning which references are never selected.
 */
export function drawForConsignment(consignmentId: string, salt: string): number {
  const digest = createHash('sha256').update(`${salt}\u0000${consignmentId}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}
