/**
 * The licence register: import/export licences for controlled goods and what each consignment draws
 * on them. A drawing is reserved under a lock on the licence row, in one transaction: the quantity
 * left is the licence's quantity minus every OTHER consignment's drawing, so concurrent assessments
 * of consignments citing the same licence never give out more than it grants, and a re-assessment
 * (amendment, new rule set) replaces the consignment's own drawing instead of adding to it.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { licenceDrawings, licences } from './schema.js';

export interface LicenceInput {
  number: string;
  issuingCountry: string;
  direction: string;
  category: string;
  holderName: string;
  holderIdentifier?: string | undefined;
  goodsDescription: string;
  hsCodes: string[];
  quantity: number;
  unit: string;
  validFrom: string;
  validTo: string;
  status: string;
}

export type LicenceRow = typeof licences.$inferSelect;
export interface LicenceWithUse extends LicenceRow {
  /** Sum of all drawings. */
  drawn: number;
}

/** Inserts new licences and replaces the terms of known ones (same issuing country and number). */
export async function upsertLicences(db: Db, input: LicenceInput[], loadedBy: string): Promise<{ inserted: number; updated: number }> {
  if (input.length === 0) return { inserted: 0, updated: 0 };
  return db.transaction(async (tx) => {
    let inserted = 0;
    for (const l of input) {
      const rows = await tx
        .insert(licences)
        .values({ ...l, holderIdentifier: l.holderIdentifier ?? null, loadedBy })
        .onConflictDoUpdate({
          target: [licences.issuingCountry, licences.number],
          set: {
            direction: l.direction, category: l.category, holderName: l.holderName, holderIdentifier: l.holderIdentifier ?? null,
            goodsDescription: l.goodsDescription, hsCodes: l.hsCodes, quantity: l.quantity, unit: l.unit, validFrom: l.validFrom,
            validTo: l.validTo, status: l.status, loadedBy,
          },
        })
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      if (rows[0]?.inserted === true) inserted++;
    }
    return { inserted, updated: input.length - inserted };
  });
}

async function withUse(db: Db, rows: LicenceRow[]): Promise<LicenceWithUse[]> {
  if (rows.length === 0) return [];
  const sums = await db
    .select({ licenceId: licenceDrawings.licenceId, drawn: sql<number>`coalesce(sum(${licenceDrawings.quantity}), 0)::float8` })
    .from(licenceDrawings)
    .where(inArray(licenceDrawings.licenceId, rows.map((r) => r.id)))
    .groupBy(licenceDrawings.licenceId);
  const drawn = new Map(sums.map((s) => [s.licenceId, Number(s.drawn)]));
  return rows.map((r) => ({ ...r, drawn: drawn.get(r.id) ?? 0 }));
}

export async function findLicence(db: Db, issuingCountry: string, number: string): Promise<LicenceWithUse | undefined> {
  const rows = await db.select().from(licences).where(and(eq(licences.issuingCountry, issuingCountry), eq(licences.number, number)));
  return (await withUse(db, rows))[0];
}

export async function listLicences(db: Db, limit = 200): Promise<LicenceWithUse[]> {
  return withUse(db, await db.select().from(licences).orderBy(licences.issuingCountry, licences.number).limit(limit));
}

/** Licences by the numbers filings cite (a citation without issuing country matches any country). */
export async function findLicencesByNumber(db: Db, numbers: string[]): Promise<LicenceRow[]> {
  if (numbers.length === 0) return [];
  return db.select().from(licences).where(inArray(licences.number, [...new Set(numbers)]));
}

/**
 * Reserves `quantity` of the licence for the consignment, replacing its earlier drawing. When less
 * than that is left after the other consignments' drawings, nothing is reserved and an earlier
 * drawing of this consignment is released (its new demand does not fit).
 */
export async function reserveLicenceDrawing(db: Db, input: { licenceId: string; consignmentId: string; quantity: number }): Promise<{ reserved: boolean; remaining: number }> {
  return db.transaction(async (tx) => {
    const [licence] = await tx.select({ quantity: licences.quantity }).from(licences).where(eq(licences.id, input.licenceId)).for('update');
    if (licence === undefined) return { reserved: false, remaining: 0 };
    const [others] = await tx
      .select({ drawn: sql<number>`coalesce(sum(${licenceDrawings.quantity}), 0)::float8` })
      .from(licenceDrawings)
      .where(and(eq(licenceDrawings.licenceId, input.licenceId), ne(licenceDrawings.consignmentId, input.consignmentId)));
    const remaining = Math.round((licence.quantity - Number(others?.drawn ?? 0)) * 1000) / 1000;
    const mine = and(eq(licenceDrawings.licenceId, input.licenceId), eq(licenceDrawings.consignmentId, input.consignmentId));
    if (input.quantity > remaining) {
      await tx.delete(licenceDrawings).where(mine);
      return { reserved: false, remaining };
    }
    await tx
      .insert(licenceDrawings)
      .values({ licenceId: input.licenceId, consignmentId: input.consignmentId, quantity: input.quantity })
      .onConflictDoUpdate({ target: [licenceDrawings.licenceId, licenceDrawings.consignmentId], set: { quantity: input.quantity, drawnAt: sql`now()` } });
    return { reserved: true, remaining };
  });
}

/** Every drawing on these licences (read-only views such as replay). */
export async function findLicenceDrawings(db: Db, licenceIds: string[]): Promise<{ licenceId: string; consignmentId: string; quantity: number }[]> {
  if (licenceIds.length === 0) return [];
  return db.select({ licenceId: licenceDrawings.licenceId, consignmentId: licenceDrawings.consignmentId, quantity: licenceDrawings.quantity }).from(licenceDrawings).where(inArray(licenceDrawings.licenceId, [...new Set(licenceIds)]));
}
