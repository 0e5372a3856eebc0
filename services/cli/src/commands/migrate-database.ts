/**
 * `safe-screen migrate`: applies the checked-in migrations once, for clusters where instances run
 * with MIGRATE_ON_START=false (a Kubernetes Job or a Compose one-shot service before the rollout).
 * Safe to run twice or concurrently: migrations are serialised by an advisory lock and recorded.
 */
import { EXIT, type CliIo, type ExitCode } from '../cli-io.js';
import { loadCliConfig, openCliDatabase } from '../open-cli-database.js';

export async function runMigrate(options: { json: boolean }, io: CliIo): Promise<ExitCode> {
  const config = loadCliConfig(io);
  const database = openCliDatabase(config);
  try {
    await database.migrate();
    await database.check();
  } finally {
    await database.close();
  }
  if (options.json) io.stdout(`${JSON.stringify({ migrated: true, database: config.database.kind })}\n`);
  else io.stdout(`migrations applied to the ${config.database.kind === 'postgres' ? 'PostgreSQL' : 'embedded'} database\n`);
  return EXIT.ok;
}
