/**
 * Console sessions and sign-in backoff. The cookie carries a random token; only its sha256 is stored,
 * and every instance validates a cookie with one lookup, so sessions survive restarts and work behind
 * a load balancer. Failed sign-ins are counted per key (name, client address) in the database so the
 * backoff holds across instances.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { toPrincipal, type Principal } from './principal-repository.js';
import { consoleSessions, loginFailures, principals } from './schema.js';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opens a session; the returned token goes into the cookie and is never stored. */
export async function createSession(db: Db, input: { principalId: string; ttlMs: number }): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + input.ttlMs);
  await db.insert(consoleSessions).values({ tokenHash: hashToken(token), principalId: input.principalId, expiresAt });
  return { token, expiresAt };
}

export async function findPrincipalBySession(db: Db, token: string): Promise<Principal | undefined> {
  const [row] = await db
    .select({ principal: principals })
    .from(consoleSessions)
    .innerJoin(principals, eq(principals.id, consoleSessions.principalId))
    .where(and(eq(consoleSessions.tokenHash, hashToken(token)), isNull(consoleSessions.revokedAt), gt(consoleSessions.expiresAt, sql`now()`), isNull(principals.disabledAt)));
  return row === undefined ? undefined : toPrincipal(row.principal);
}

export async function revokeSession(db: Db, token: string): Promise<void> {
  await db.update(consoleSessions).set({ revokedAt: sql`now()` }).where(eq(consoleSessions.tokenHash, hashToken(token)));
}

/** Ends every session of a principal (password changed, account disabled). */
export async function revokeSessionsOf(db: Db, principalId: string): Promise<void> {
  await db.update(consoleSessions).set({ revokedAt: sql`now()` }).where(and(eq(consoleSessions.principalId, principalId), isNull(consoleSessions.revokedAt)));
}

/** The latest lock among the keys, if any is still locked. */
export async function findLoginLock(db: Db, keys: string[]): Promise<Date | undefined> {
  let latest: Date | undefined;
  for (const key of keys) {
    const [row] = await db.select({ lockedUntil: loginFailures.lockedUntil }).from(loginFailures).where(eq(loginFailures.key, key));
    const until = row?.lockedUntil ?? undefined;
    if (until !== undefined && until.getTime() > Date.now() && (latest === undefined || until > latest)) latest = until;
  }
  return latest;
}

/**
 * Counts a failure for each key; from `freeAttempts` failures on, the key is locked for a backoff
 * that doubles with every further failure, capped at `maxLockMs`.
 */
export async function recordLoginFailure(db: Db, input: { keys: string[]; freeAttempts: number; baseLockMs: number; maxLockMs: number }): Promise<void> {
  for (const key of input.keys) {
    const [row] = await db
      .insert(loginFailures)
      .values({ key, failures: 1 })
      .onConflictDoUpdate({ target: loginFailures.key, set: { failures: sql`${loginFailures.failures} + 1`, updatedAt: sql`now()` } })
      .returning({ failures: loginFailures.failures });
    const failures = row?.failures ?? 1;
    if (failures >= input.freeAttempts) {
      const lockMs = Math.min(input.maxLockMs, input.baseLockMs * 2 ** (failures - input.freeAttempts));
      await db.update(loginFailures).set({ lockedUntil: new Date(Date.now() + lockMs) }).where(eq(loginFailures.key, key));
    }
  }
}

export async function clearLoginFailures(db: Db, keys: string[]): Promise<void> {
  for (const key of keys) await db.delete(loginFailures).where(eq(loginFailures.key, key));
}
