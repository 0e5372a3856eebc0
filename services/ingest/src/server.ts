/**
 * Wires one instance from a Config: database, archive, worker pool, the roles it runs (api,
 * assessor, relay), and the fastify server. `start()` brings them up in dependency order and
 * `stop()` takes them down in reverse (see main.ts for the written order). Tests use this directly.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { createArchive, type RawArchive } from '@safe-screen/archive';
import type { Config } from '@safe-screen/config';
import { openDatabase, outboxBacklog, type Database } from '@safe-screen/db';
import { EscalationSweep, InspectionResponseConsumer, OutboxRelay, resolveWebhookSecret, WebhookDispatcher } from '@safe-screen/relay';
import { checkKafka, KafkaPublisher } from '@safe-screen/kafka';
import { app } from './app.js';
import { requestIdFor } from './request-id.js';
import { Assessor } from './assessor.js';
import { LifecycleSweeper } from './lifecycle-sweeper.js';
import { TargetingTrainer } from './targeting-trainer.js';
import { bootstrapDemoKeys, type DemoKeys } from './bootstrap.js';
import { ensureDefaults, loadRiskSnapshot, type SnapshotVersions } from './risk-snapshot.js';
import { WorkerPool } from './worker-pool.js';
import { opsApp, ServiceMetrics } from './observability/index.js';

export interface Server {
  readonly logger: Logger;
  readonly config: Config;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Base URL once listening. */
  url(): string;
  fastify(): FastifyInstance;
  database(): Database;
  demoKeys(): DemoKeys | undefined;
  assessor(): Assessor | undefined;
  versions(): SnapshotVersions;
  /** Re-reads the active rule set and list editions; replaces the worker pool's snapshot if they changed. */
  refreshSnapshot(): Promise<boolean>;
  readonly metrics: ServiceMetrics;
}

const SNAPSHOT_POLL_MS = 10_000;

export async function createServer(config: Config, options: { logger?: Logger } = {}): Promise<Server> {
  const logger =
    options.logger ??
    pino({
      level: config.logLevel,
      // Keys and passwords never reach the log, whatever a handler logs by mistake.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.apiKey', 'headers.authorization'], censor: '[redacted]' },
    });
  let database: Database | undefined;
  let archive: RawArchive | undefined;
  let pool: WorkerPool | undefined;
  let assessor: Assessor | undefined;
  let sweeper: LifecycleSweeper | undefined;
  let trainer: TargetingTrainer | undefined;
  let relay: OutboxRelay | undefined;
  let publisher: KafkaPublisher | undefined;
  let responses: InspectionResponseConsumer | undefined;
  let escalation: EscalationSweep | undefined;
  let webhooks: WebhookDispatcher | undefined;
  let http: FastifyInstance | undefined;
  let demoKeys: DemoKeys | undefined;
  let versions: SnapshotVersions = { ruleSetVersion: '', sanctionsEditions: [], modelVersion: null };
  // Outcome labels only where /metrics is closed (METRICS_TOKEN) or local (the embedded default).
  const metrics = new ServiceMetrics({ outcomeLabels: config.metricsToken !== undefined || config.database.kind === 'pglite', workerStats: () => pool?.stats(), outboxBacklog: async () => (database === undefined ? { pending: 0, oldestAgeSeconds: 0 } : outboxBacklog(database.db)), versions: () => versions });
  let snapshotTimer: NodeJS.Timeout | undefined;
  let address = '';

  const refreshSnapshot = async (): Promise<boolean> => {
    if (database === undefined || pool === undefined) return false;
    const loaded = await loadRiskSnapshot(database, config);
    if (JSON.stringify(loaded.versions) === JSON.stringify(versions)) return false;
    versions = loaded.versions;
    await pool.replaceSnapshot(loaded.snapshot);
    logger.info({ versions }, 'risk snapshot replaced');
    return true;
  };

  return {
    logger,
    config,
    url: () => address,
    fastify: () => {
      if (http === undefined) throw new Error('server not started');
      return http;
    },
    database: () => {
      if (database === undefined) throw new Error('server not started');
      return database;
    },
    demoKeys: () => demoKeys,
    assessor: () => assessor,
    versions: () => versions,
    refreshSnapshot,
    metrics,

    async start() {
      database = openDatabase(config.database);
      if (config.migrateOnStart) await database.migrate();
      await ensureDefaults(database);
      archive = createArchive(config.archive);
      await archive.start();

      const loaded = await loadRiskSnapshot(database, config);
      versions = loaded.versions;
      pool = new WorkerPool({ threads: config.workers.threads, queueMax: config.workers.queueMax, taskTimeoutMs: config.workers.taskTimeoutMs, snapshot: loaded.snapshot });
      pool.start();
      // Every instance can retrain on demand (the API); only assessors run the schedule (below).
      trainer = new TargetingTrainer({
        database,
        pool,
        logger: logger.child({ component: 'targeting-trainer' }),
        intervalMs: config.targeting.retrainIntervalMs,
        onActivated: refreshSnapshot,
      });

      if (config.roles.has('assessor')) {
        assessor = new Assessor({
          database,
          pool,
          logger: logger.child({ component: 'assessor' }),
          batchSize: config.assessment.batchSize,
          leaseSeconds: config.assessment.leaseSeconds,
          laneQuotas: config.assessment.laneQuotas,
          administrationCountry: config.administrationCountry,
          parallelBatches: config.workers.threads,
          pollMs: config.assessment.pollMs,
          onDecisions: metrics.recordDecisions,
        });
        assessor.start();
        sweeper = new LifecycleSweeper({ database, logger: logger.child({ component: 'lifecycle' }) });
        sweeper.start();
        trainer.start();
      }
      if (config.roles.has('relay') && config.kafka !== undefined) {
        publisher = new KafkaPublisher({ brokers: config.kafka.brokers, clientId: config.kafka.clientId, logger: logger.child({ component: 'kafka' }) });
        await publisher.start();
        relay = new OutboxRelay({ database, publisher, logger: logger.child({ component: 'relay' }), pollMs: config.relay.pollMs, onPublished: metrics.recordPublished, onFailed: metrics.recordDeliveryFailures });
        relay.start();
        // One consumer group per deployment (named by its Kafka client id): its instances share the partitions.
        responses = new InspectionResponseConsumer({
          database,
          brokers: config.kafka.brokers,
          clientId: config.kafka.clientId,
          groupId: `${config.kafka.clientId}.inspection-responses`,
          publisher,
          logger: logger.child({ component: 'inspection-responses' }),
        });
        await responses.start();
      }
      if (config.roles.has('relay')) {
        // Without Kafka too: partners on the HTTP API need escalation, filers need their webhooks.
        escalation = new EscalationSweep({ database, logger: logger.child({ component: 'escalation' }), ackEscalationMinutes: config.relay.ackEscalationMinutes, intervalMs: 60_000 });
        escalation.start();
        webhooks = new WebhookDispatcher({ database, logger: logger.child({ component: 'webhooks' }), secret: await resolveWebhookSecret(database.db, config.webhookSecret), pollMs: Math.max(config.relay.pollMs, 500), allowedAddresses: config.webhookAllowedAddresses });
        webhooks.start();
      }
      if (config.bootstrapDemoKeys) demoKeys = await bootstrapDemoKeys(database, config.dataDir);

      snapshotTimer = setInterval(() => {
        refreshSnapshot().catch((error: unknown) => logger.warn({ err: error }, 'risk snapshot refresh failed'));
      }, SNAPSHOT_POLL_MS);
      snapshotTimer.unref();

      if (config.roles.has('api')) {
        const kafka = config.kafka;
        const instance = Fastify({
          loggerInstance: logger as unknown as FastifyBaseLogger,
          // JSON routes stay small; filing and CSV parsers set their own, larger limit (BODY_LIMIT_BYTES).
          bodyLimit: config.jsonBodyLimitBytes,
          // X-Forwarded-For/-Proto are believed only from the proxies named in TRUSTED_PROXIES.
          trustProxy: config.trustedProxies.length === 0 ? false : config.trustedProxies,
          // A caller's x-request-id is kept only when it is one short, plain token; else a fresh id.
          requestIdHeader: false,
          genReqId: requestIdFor,
          requestTimeout: 120_000,
          // A 30 MB manifest must not be cut off while other carriers' small filings keep flowing.
          connectionTimeout: 0,
          keepAliveTimeout: 72_000,
          forceCloseConnections: 'idle',
          ajv: { customOptions: { removeAdditional: false } },
        });
        http = instance;
        await instance.register(app, {
          config,
          database,
          archive,
          pool,
          wakeAssessor: () => assessor?.wake(),
          refreshSnapshot,
          activeVersions: () => versions,
          readinessChecks: kafka === undefined ? {} : { kafka: () => checkKafka(kafka.brokers, 2500) },
          metrics,
          targetingTrainer: trainer,
        });
        await instance.ready();
        // Start-up (list loading, worker snapshots, PGlite) blocks the event loop for a while; let
        // the load-shedding monitor take one clean sample so the first requests are not shed for it.
        await new Promise((resolve) => setTimeout(resolve, 1100));
        address = await instance.listen({ host: config.host, port: config.port });
      } else {
        // Relay- or assessor-only instances still answer liveness and metrics for the orchestrator.
        http = Fastify({ loggerInstance: logger as unknown as FastifyBaseLogger, requestIdHeader: 'x-request-id', forceCloseConnections: true });
        await http.register(opsApp, { metrics, database, ...(config.metricsToken === undefined ? {} : { metricsToken: config.metricsToken }) });
        address = await http.listen({ host: config.host, port: config.port });
      }
    },

    async stop() {
      if (snapshotTimer !== undefined) clearInterval(snapshotTimer);
      await http?.close();
      await sweeper?.stop();
      // Before the pool: a training task in flight finishes and releases its lease.
      await trainer?.stop();
      await assessor?.stop();
      // The consumer first (finishes its message, commits, leaves the group); it publishes dead
      // letters, so the publisher stops after it and after the relay.
      await responses?.stop();
      await webhooks?.stop();
      await escalation?.stop();
      await relay?.stop();
      await publisher?.stop();
      await pool?.stop();
      await archive?.stop();
      await database?.close();
    },
  };
}
