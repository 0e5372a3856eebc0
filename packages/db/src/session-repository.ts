/**
 * Console sessions and sign-in backoff. The cookie carries a random token; only its sha256 is stored,
 * and every instance validates a cookie with one lookup, so sessions survive restarts and work behind
 * a load balancer. Sign-in attempts are counted per key (account, client address, the pair) in the
 * database so the budgets and backoff hold across instances.
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

/** One sign-in budget: a key (an account, a client address, or the pair) and the attempts it allows. */
export interface LoginBudget {
  key: string;
  attempts: number;
}

export interface LoginLockPolicy {
  /** Lock after the budget is spent; doubles with every further attempt, up to maxLockMs. */
  baseLockMs: number;
  maxLockMs: number;
  /** A key with no attempt for this long starts afresh. */
  forgetAfterMs: number;
}

/**
 * Reserves one sign-in attempt against each budget, in order, BEFORE the password is checked. Each
 * reservation is one atomic upsert, so a burst of concurrent guesses is counted exactly: with a
 * budget of 5, at most 5 passwords are ever verified, whatever the concurrency (the old check-then-
 * verify let 150 simultaneous guesses all through). An attempt over budget locks the key for a
 * doubling backoff; a locked key is not counted further (so hammering does not extend a victim's
 * lock) and stops the reservation there, so the later budgets (the account's) are not spent by a
 * source that is already locked out.
 *
 * Returns undefined when the attempt may go ahead, else when to try again.
 */
export async function reserveLoginAttempt(db: Db, budgets: LoginBudget[], policy: LoginLockPolicy): Promise<Date | undefined> {
  for (const { key, attempts } of budgets) {
    const locked = sql`${loginFailures.lockedUntil} > now()`;
    const stale = sql`${loginFailures.updatedAt} < now() - ${policy.forgetAfterMs} * interval '1 millisecond'`;
    const next = sql`${loginFailures.failures} + 1`;
    const lockFor = sql`least(${policy.maxLockMs}::float8, ${policy.baseLockMs}::float8 * power(2, ${loginFailures.failures} - ${attempts})) * interval '1 millisecond'`;
    const [row] = await db
      .insert(loginFailures)
      .values({ key, failures: 1, lockedUntil: attempts < 1 ? new Date(Date.now() + policy.baseLockMs) : null })
      .onConflictDoUpdate({
        target: loginFailures.key,
        set: {
          failures: sql`case when ${locked} then ${loginFailures.failures} when ${stale} then 1 else ${next} end`,
          lockedUntil: sql`case when ${locked} then ${loginFailures.lockedUntil} when ${stale} then null when ${next} > ${attempts} then now() + ${lockFor} else null end`,
          updatedAt: sql`case when ${locked} then ${loginFailures.updatedAt} else now() end`,
        },
      })
      .returning({ lockedUntil: loginFailures.lockedUntil });
    const until = row?.lockedUntil ?? null;
    if (until !== null && until.getTime() > Date.now()) return until;
  }
  return undefined;
}

/** After a successful sign-in: forget the given keys, and give back the attempt reserved on each `refund` key. */
export async function settleLoginSuccess(db: Db, input: { forget: string[]; refund: string[] }): Promise<void> {
  for (const key of input.forget) await db.delete(loginFailures).where(eq(loginFailures.key, key));
  for (const key of input.refund) {
    await db.update(loginFailures).set({ failures: sql`greatest(${loginFailures.failures} - 1, 0)` }).where(and(eq(loginFailures.key, key), isNull(loginFailures.lockedUntil)));
  }
}
