import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from './client.js';
import { apiKeys, principals } from './schema.js';

export const PRINCIPAL_ROLES = ['filer', 'officer', 'supervisor', 'partner', 'admin'] as const;
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];

export interface Principal {
  id: string;
  role: PrincipalRole;
  name: string;
  /** Filers act for themselves: the filer id is the principal id. */
  filerId: string | null;
  partnerCountry: string | null;
  webhookUrl: string | null;
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function toPrincipal(row: typeof principals.$inferSelect): Principal {
  return { id: row.id, role: row.role as PrincipalRole, name: row.name, filerId: row.filerId, partnerCountry: row.partnerCountry, webhookUrl: row.webhookUrl };
}

export async function createPrincipal(
  db: Db,
  input: { role: PrincipalRole; name: string; partnerCountry?: string; passwordHash?: string },
): Promise<Principal> {
  const [row] = await db
    .insert(principals)
    .values({ role: input.role, name: input.name, partnerCountry: input.partnerCountry ?? null, passwordHash: input.passwordHash ?? null })
    .returning();
  if (row === undefined) throw new Error('insert returned no row');
  if (row.role === 'filer') {
    await db.update(principals).set({ filerId: row.id }).where(eq(principals.id, row.id));
    row.filerId = row.id;
  }
  return toPrincipal(row);
}

export async function findPrincipalByName(db: Db, name: string): Promise<(Principal & { passwordHash: string | null }) | undefined> {
  const [row] = await db.select().from(principals).where(and(eq(principals.name, name), isNull(principals.disabledAt)));
  return row === undefined ? undefined : { ...toPrincipal(row), passwordHash: row.passwordHash };
}

export async function findPrincipalById(db: Db, id: string): Promise<Principal | undefined> {
  const [row] = await db.select().from(principals).where(eq(principals.id, id));
  return row === undefined ? undefined : toPrincipal(row);
}

/** Issues a new API key; the returned key is shown once, only its hash is stored. */
export async function issueApiKey(db: Db, principalId: string): Promise<string> {
  const key = `ssk_${randomBytes(24).toString('base64url')}`;
  await db.insert(apiKeys).values({ principalId, keyHash: hashKey(key), keyPrefix: key.slice(0, 10) });
  return key;
}

export async function findPrincipalByApiKey(db: Db, key: string): Promise<Principal | undefined> {
  const [row] = await db
    .select({ principal: principals })
    .from(apiKeys)
    .innerJoin(principals, eq(apiKeys.principalId, principals.id))
    .where(and(eq(apiKeys.keyHash, hashKey(key)), isNull(apiKeys.revokedAt), isNull(principals.disabledAt)));
  return row === undefined ? undefined : toPrincipal(row.principal);
}

export async function setWebhookUrl(db: Db, principalId: string, url: string | null): Promise<void> {
  await db.update(principals).set({ webhookUrl: url }).where(eq(principals.id, principalId));
}

export async function countPrincipals(db: Db): Promise<number> {
  const rows = await db.select({ id: principals.id }).from(principals).limit(1);
  return rows.length;
}
