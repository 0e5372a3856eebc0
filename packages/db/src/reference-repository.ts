/**
 * Reference data the risk engine reads: the AEO registry, rule set versions, sanctions list
 * editions and officers' dismissals of sanctions false positives.
 */
import { AppError } from '@safe-screen/domain';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { aeoAuthorisations, ruleSets, sanctionsDismissals, sanctionsEditions, settings } from './schema.js';

export interface AeoRow {
  operatorId: string;
  type: string;
  status: string;
  issuingCountry: string;
  validFrom: string | null;
  validTo: string | null;
}

export async function listAeoAuthorisations(db: Db): Promise<AeoRow[]> {
  return db
    .select({ operatorId: aeoAuthorisations.operatorId, type: aeoAuthorisations.type, status: aeoAuthorisations.status, issuingCountry: aeoAuthorisations.issuingCountry, validFrom: aeoAuthorisations.validFrom, validTo: aeoAuthorisations.validTo })
    .from(aeoAuthorisations);
}

/** Replaces or adds authorisations by (operator, type); an import is one transaction. */
export async function upsertAeoAuthorisations(db: Db, rows: AeoRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insert(aeoAuthorisations)
        .values(rows.slice(i, i + 500))
        .onConflictDoUpdate({
          target: [aeoAuthorisations.operatorId, aeoAuthorisations.type],
          set: { status: sql`excluded.status`, issuingCountry: sql`excluded.issuing_country`, validFrom: sql`excluded.valid_from`, validTo: sql`excluded.valid_to`, importedAt: sql`now()` },
        });
    }
  });
  return rows.length;
}

export async function findActiveRuleSet(db: Db): Promise<{ version: string; document: Record<string, unknown> } | undefined> {
  const [row] = await db.select({ version: ruleSets.version, document: ruleSets.document }).from(ruleSets).where(eq(ruleSets.status, 'active'));
  return row;
}

export async function listRuleSets(db: Db) {
  return db
    .select({ version: ruleSets.version, status: ruleSets.status, createdBy: ruleSets.createdBy, createdAt: ruleSets.createdAt, activatedAt: ruleSets.activatedAt })
    .from(ruleSets)
    .orderBy(desc(ruleSets.createdAt));
}

export async function findRuleSet(db: Db, version: string) {
  const [row] = await db.select().from(ruleSets).where(eq(ruleSets.version, version));
  return row;
}

/** Stores a validated rule set version as a draft; a version string is never reused. */
export async function saveRuleSet(db: Db, input: { version: string; document: Record<string, unknown>; createdBy: string }): Promise<'created' | 'exists'> {
  const rows = await db.insert(ruleSets).values({ ...input, status: 'draft' }).onConflictDoNothing().returning({ version: ruleSets.version });
  return rows.length === 0 ? 'exists' : 'created';
}

/** Makes one version active and retires the previous one, atomically. */
export async function activateRuleSet(db: Db, version: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [target] = await tx.select({ version: ruleSets.version }).from(ruleSets).where(eq(ruleSets.version, version)).for('update');
    if (target === undefined) return false;
    await tx.update(ruleSets).set({ status: 'retired' }).where(and(eq(ruleSets.status, 'active')));
    await tx.update(ruleSets).set({ status: 'active', activatedAt: sql`now()` }).where(eq(ruleSets.version, version));
    return true;
  });
}

export async function listActiveSanctionsEditions(db: Db) {
  return db.select().from(sanctionsEditions).where(eq(sanctionsEditions.active, true));
}

/** "2025-04-19T23:00:04.625Z" and "2024-05-03" compare as instants; anything else as text. */
function editionOrder(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isNaN(ta) || Number.isNaN(tb) ? a.localeCompare(b) : ta - tb;
}

/**
 * Stores a list edition and makes it the active one for its source. An edition older than the
 * active one is refused (SANCTIONS_EDITION_OLDER) unless `force`: loading last year's file by mistake
 * would silently unlist everyone added since.
 */
export async function saveSanctionsEdition(
  db: Db,
  input: { id: string; source: string; edition: string; list: Record<string, unknown> },
  options: { force?: boolean } = {},
): Promise<void> {
  await db.transaction(async (tx) => {
    const active = await tx
      .select({ edition: sanctionsEditions.edition })
      .from(sanctionsEditions)
      .where(and(eq(sanctionsEditions.source, input.source), eq(sanctionsEditions.active, true)))
      .for('update');
    const newer = active.find((a) => editionOrder(a.edition, input.edition) > 0);
    if (newer !== undefined && options.force !== true) {
      throw new AppError('SANCTIONS_EDITION_OLDER', `${input.source} edition ${input.edition} is older than the active ${newer.edition}; force it to go back`, {
        source: input.source,
        edition: input.edition,
        active: newer.edition,
      });
    }
    await tx.update(sanctionsEditions).set({ active: false }).where(eq(sanctionsEditions.source, input.source));
    await tx
      .insert(sanctionsEditions)
      .values({ ...input, active: true })
      .onConflictDoUpdate({ target: sanctionsEditions.id, set: { active: true, list: input.list, edition: input.edition } });
  });
}

export async function saveDismissal(db: Db, input: { fingerprint: string; entryId: string; partyName: string; dismissedBy: string; reason: string }): Promise<void> {
  await db.insert(sanctionsDismissals).values(input).onConflictDoNothing();
}

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value;
}

/** Sets a value only if none exists; returns the value in force (first writer wins across instances). */
export async function ensureSetting(db: Db, key: string, value: string): Promise<string> {
  await db.insert(settings).values({ key, value }).onConflictDoNothing();
  return (await getSetting(db, key)) ?? value;
}
