/**
 * Labelled inspection outcomes (the training data) and versioned targeting models. Outcomes are
 * appended by whoever records an inspection result; models are written by the retraining job and
 * exactly one is active.
 */
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { inspectionOutcomes, targetingModels } from './schema.js';

export interface OutcomeRow {
  consignmentId: string | null;
  source: string;
  outcome: string;
  features: Record<string, unknown>;
}

export async function recordInspectionOutcomes(db: Db, rows: OutcomeRow[]): Promise<number> {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(inspectionOutcomes).values(rows.slice(i, i + 1000));
  return rows.length;
}

export async function listTrainingOutcomes(db: Db, options: { since?: Date } = {}) {
  return db
    .select()
    .from(inspectionOutcomes)
    .where(options.since === undefined ? undefined : gte(inspectionOutcomes.recordedAt, options.since))
    .orderBy(inspectionOutcomes.id);
}

export async function countInspectionOutcomes(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(inspectionOutcomes);
  return row?.n ?? 0;
}

/** Stores a model version and makes it the active one, atomically. */
export async function saveActiveTargetingModel(db: Db, input: { version: string; model: Record<string, unknown>; metrics?: Record<string, unknown> }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(targetingModels).set({ active: false }).where(eq(targetingModels.active, true));
    await tx
      .insert(targetingModels)
      .values({ version: input.version, model: input.model, metrics: input.metrics ?? null, active: true })
      .onConflictDoUpdate({ target: targetingModels.version, set: { active: true } });
  });
}

export async function findActiveTargetingModel(db: Db): Promise<{ version: string; model: Record<string, unknown>; createdAt: Date } | undefined> {
  const [row] = await db
    .select({ version: targetingModels.version, model: targetingModels.model, createdAt: targetingModels.createdAt })
    .from(targetingModels)
    .where(and(eq(targetingModels.active, true)))
    .orderBy(desc(targetingModels.createdAt))
    .limit(1);
  return row;
}

export async function listTargetingModels(db: Db) {
  return db
    .select({ version: targetingModels.version, active: targetingModels.active, metrics: targetingModels.metrics, createdAt: targetingModels.createdAt })
    .from(targetingModels)
    .orderBy(desc(targetingModels.createdAt));
}
