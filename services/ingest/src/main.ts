/**
 * The process: reads the configuration once, starts what this instance's roles need, listens, and
 * shuts down in order on SIGTERM/SIGINT.
 *
 * Stop order (each step waits for the previous):
 *   1. HTTP server closes: no new requests, in-flight ones finish (their filings are committed).
 *   2. Assessor stops claiming; the batch in flight is stored.
 *   3. Inspection-response consumer finishes its message, commits its offset and leaves the group;
 *      the webhook dispatcher finishes the deliveries in flight; the escalation sweep stops.
 *   4. Relay stops claiming; the producer flushes and every delivery report is awaited.
 *   5. Worker pool drains and ends its threads.
 *   6. Archive and database connections close.
 */
import { mkdirSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '@safe-screen/config';
import { AppError } from '@safe-screen/domain';
import type { DemoKeys } from './bootstrap.js';
import { createServer } from './server.js';

function banner(url: string, config: Config, keys: DemoKeys | undefined): string {
  const lines = [
    '',
    `SAFE Screen is running: ${url}  (roles: ${[...config.roles].join(', ')})`,
    `  database: ${config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dir}` : 'PostgreSQL'}`,
    `  archive:  ${config.archive.kind === 'local' ? `local disk ${config.archive.dir}` : `S3 bucket ${config.archive.bucket}`}`,
    `  outbox:   ${config.kafka === undefined ? 'kept in the database (no KAFKA_BROKERS); partners use the HTTP API' : `published to Kafka ${config.kafka.brokers}`}`,
    `  API docs: ${url}/docs    console: ${url}/console`,
  ];
  if (keys !== undefined) {
    lines.push(
      '',
      'Demo API keys (embedded default only; kept in ' + `${config.dataDir}/demo-keys.json):`,
      `  filer:      ${keys.filer}`,
      `  officer:    ${keys.officer}`,
      `  supervisor: ${keys.supervisor}`,
      `  partner:    ${keys.partner}  (export customs of ${keys.partnerCountry})`,
      `  admin:      ${keys.admin}`,
      ...(keys.passwords === undefined ? [] : ['', `Console sign-in (${url}/console): demo-officer / ${keys.passwords.officer}, demo-supervisor / ${keys.passwords.supervisor}`]),
      '',
      'File a realistic day of traffic (every mode and outcome, dated around now), then open the console:',
      `  SAFE_SCREEN_URL=${url} SAFE_SCREEN_KEY=${keys.filer} npm run cli -- demo`,
      'Or file one manifest of your own and follow its decisions:',
      `  curl -s -X POST ${url}/v1/filings -H 'Content-Type: application/xml' -H 'Authorization: Bearer ${keys.filer}' --data-binary @your-manifest.xml`,
      `  curl -s ${url}/v1/filings/<mrn> -H 'Authorization: Bearer ${keys.filer}'`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const server = await createServer(config);
  await server.start();
  process.stdout.write(banner(server.url(), config, server.demoKeys()));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      server.logger.error('graceful shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // postgres.js 3.4.9 can throw from a deferred socket write on a connection that PostgreSQL has
  // just closed (`socket` is already null in connection.js nextWrite). The connection is dead and the
  // pool reconnects; the request that used it has already failed with CONNECTION_CLOSED (503). Only
  // that exact fault is survived; anything else uncaught still ends the process.
  process.on('uncaughtException', (error) => {
    if (error instanceof TypeError && /reading 'write'/.test(error.message) && /postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? '')) {
      server.logger.warn({ err: error }, 'write on a closed PostgreSQL connection ignored (postgres.js); the pool reconnects');
      return;
    }
    server.logger.fatal({ err: error }, 'uncaught exception; exiting');
    process.exit(1);
  });
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // A coded error (DATABASE_IN_USE, ...) is an operator's situation, not a bug: its message says it all.
  const text = error instanceof AppError ? `${error.code}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`failed to start: ${text}\n`);
  process.exit(1);
});
