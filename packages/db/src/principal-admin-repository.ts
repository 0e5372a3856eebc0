/**
 * What administrators change about principals: passwords, API keys, disabling. Password hashes are
 * made by the caller (the service owns the memory-hard hash function); this file only stores them.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { toPrincipal, type Principal } from './principal-repository.js';
import { apiKeys, principals } from './schema.js';

export async function setPasswordHash(db: Db, principalId: string, passwordHash: string | null): Promise<boolean> {
  const rows = await db.update(principals).set({ passwordHash }).where(eq(principals.id, principalId)).returning({ id: principals.id });
  return rows.length > 0;
}

export async function listPrincipals(db: Db): Promise<(Principal & { hasPassword: boolean; disabled: boolean; createdAt: Date })[]> {
  const rows = await db.select().from(principals).orderBy(asc(principals.name));
  return rows.map((r) => ({ ...toPrincipal(r), hasPassword: r.passwordHash !== null, disabled: r.disabledAt !== null, createdAt: r.createdAt }));
}

export async function setPrincipalDisabled(db: Db, principalId: string, disabled: boolean): Promise<boolean> {
  const rows = await db
    .update(principals)
    .set({ disabledAt: disabled ? sql`now()` : null })
    .where(eq(principals.id, principalId))
    .returning({ id: principals.id });
  return rows.length > 0;
}

export async function listApiKeys(db: Db, principalId: string) {
  return db
    .select({ id: apiKeys.id, keyPrefix: apiKeys.keyPrefix, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.principalId, principalId))
    .orderBy(asc(apiKeys.createdAt));
}

export async function revokeApiKey(db: Db, input: { principalId: string; keyId: string }): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.principalId, input.principalId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
