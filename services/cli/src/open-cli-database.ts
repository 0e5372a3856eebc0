/**
 * The database a command works on, from the same settings the service reads (DATABASE_URL, or the
 * embedded database under DATA_DIR). The embedded database is migrated on open, as the service does;
 * a cluster's PostgreSQL is migrated only by `safe-screen migrate`.
 */
import { ConfigError, loadConfig, type Config } from '@safe-screen/config';
import { AppError } from '@safe-screen/domain';
import { openDatabase, type Database } from '@safe-screen/db';
import { CliError, EXIT, type CliIo } from './cli-io.js';

/** The CLI's own settings: the service does not know them, and would refuse them as misspellings of its own. */
const CLI_SETTINGS = new Set(['SAFE_SCREEN_URL', 'SAFE_SCREEN_KEY']);

export function loadCliConfig(io: CliIo): Config {
  try {
    return loadConfig(Object.fromEntries(Object.entries(io.env).filter(([name]) => !CLI_SETTINGS.has(name))));
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/** Opens the configured database; an embedded one that a running service holds is refused before it is touched. */
export function openCliDatabase(config: Config): Database {
  try {
    return openDatabase(config.database);
  } catch (error) {
    if (error instanceof AppError && error.code === 'DATABASE_IN_USE') throw new CliError(error.message, EXIT.failed);
    throw error;
  }
}

export async function withDatabase<T>(io: CliIo, work: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadCliConfig(io);
  const database = openCliDatabase(config);
  try {
    if (config.migrateOnStart) await database.migrate();
    return await work(database, config);
  } finally {
    await database.close();
  }
}
