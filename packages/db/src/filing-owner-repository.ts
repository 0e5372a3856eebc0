/**
 * The tenant check's one cheap read: who filed an MRN, from the filings row alone (indexed by MRN).
 * Routes ask this before loading a filing, so another filer's 5,000-consignment manifest is never
 * loaded to answer 404, and an absent MRN and a foreign one cost the same single lookup (their
 * answers cannot be told apart by timing).
 */
import { eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { filings } from './schema.js';

export async function findFilingOwner(db: Db, mrn: string): Promise<string | undefined> {
  const [row] = await db.select({ filerId: filings.filerId }).from(filings).where(eq(filings.mrn, mrn));
  return row?.filerId;
}
