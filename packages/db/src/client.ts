/**
 * Opens the database the configuration names: PostgreSQL through the `postgres` driver, or embedded
 * PGlite in a local directory. Both are drizzle `PgDatabase`s with the same schema, so every
 * repository runs unchanged on either.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { lockEmbeddedDatabase } from './embedded-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A database or a transaction: repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseConfig = { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dir: string };

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly db: Db;
  /** Runs the checked-in migrations; safe when several instances start at once (advisory lock). */
  migrate(): Promise<void>;
  /** Throws when the database does not answer. */
  check(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/** Arbitrary constant shared by every instance: the advisory lock that serialises migrations. */
const MIGRATION_LOCK_ID = 7_315_313;

export function openDatabase(config: DatabaseConfig): Database {
  if (config.kind === 'pglite') {
    mkdirSync(config.dir, { recursive: true });
    const lock = lockEmbeddedDatabase(config.dir);
    let client: PGlite;
    try {
      client = new PGlite(config.dir);
    } catch (error) {
      lock.release();
      throw error;
    }
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      kind: 'pglite',
      db,
      migrate: async () => {
        await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
      },
      check: async () => {
        await client.query('select 1');
      },
      close: async () => {
        try {
          await client.close();
        } finally {
          lock.release();
        }
      },
    };
  }
  const client = postgres(config.url, {
    max: config.poolSize,
    onnotice: () => {},
    connect_timeout: 5,
    // Fail fast while PostgreSQL is down so the API can answer 503 instead of hanging.
    idle_timeout: 30,
    // postgres.js waits before each reconnection attempt, by default up to 20 s growing with every
    // failure, and queries queue behind that wait: with the database down a request hung for 15 s and
    // more. Retry within half a second instead: a refused connection fails at once, so the API answers
    // 503 promptly while the database is down and picks up within a second when it is back.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    migrate: async () => {
      // One connection, so the session-level lock and the migration run on the same session.
      const lockClient = postgres(config.url, { max: 1, onnotice: () => {} });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(drizzlePostgres(lockClient, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await lockClient.end({ timeout: 5 });
      }
    },
    check: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      await client.end({ timeout: 5 });
    },
  };
}
