/**
 * The one place that reads process.env. Settings are parsed once at the entry point into a typed
 * object and passed down; an unknown or malformed setting stops the process with a message naming it.
 *
 * The embedded default (no DATABASE_URL, no S3_BUCKET, no KAFKA_BROKERS) runs everything in one
 * process on PGlite, a local-disk archive and an outbox kept for HTTP partners. Setting those three
 * switches the same code to PostgreSQL, S3 and Kafka.
 */
import { isIP } from 'node:net';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { aeoDomesticCountries, defaultMraPartners, type AeoType, type MraPartner } from './administrations.js';

const ROLES = ['api', 'assessor', 'relay'] as const;
export type Role = (typeof ROLES)[number];

/** An IPv4 or IPv6 address, or one with a /prefix (CIDR range). */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const boolean = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();

/** Every setting the service reads, by environment variable name. */
export const EnvSchema = z.object({
  /** `production` refuses demo keys and hides 5xx detail; `development` and `test` are for one machine. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Address the HTTP API listens on; `0.0.0.0` to accept connections from other hosts. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Port the HTTP API listens on; 0 picks a free one (printed at start). */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Where the embedded database and local archive live. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** postgres://… ; unset means embedded PGlite under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Connections per instance to PostgreSQL. */
  DATABASE_POOL_SIZE: positiveInt.default(10),
  /**
   * Run migrations at start (embedded default) or leave them to `safe-screen migrate` (cluster).
   * @default true on the embedded database, false on PostgreSQL
   */
  MIGRATE_ON_START: boolean.optional(),
  /** Bucket that archives every raw filing (content-addressed by sha256); unset keeps the archive on local disk under DATA_DIR. */
  S3_BUCKET: z.string().min(3).optional(),
  /** Endpoint of an S3-compatible store (MinIO, S3Proxy, Ceph); unset means AWS S3. Requires S3_BUCKET. */
  S3_ENDPOINT: z.string().url().optional(),
  /** Region of the bucket. */
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Access key for the bucket; unset uses the SDK's default credential chain. Set with S3_SECRET_ACCESS_KEY. */
  S3_ACCESS_KEY_ID: z.string().optional(),
  /** Secret for S3_ACCESS_KEY_ID. */
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Comma-separated host:port list; unset keeps the outbox for HTTP partners only. */
  KAFKA_BROKERS: z.string().regex(/^[^,\s]+(,[^,\s]+)*$/, 'a comma-separated host:port list').optional(),
  /** Client id this instance gives the Kafka brokers (quotas and broker logs name it). */
  KAFKA_CLIENT_ID: z.string().default('safe-screen'),
  /** Which parts of the pipeline this process runs. */
  ROLES: z
    .string()
    .default('api,assessor,relay')
    .transform((v) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.enum(ROLES)).min(1)),
  /** ISO 3166 alpha-2 of the administration running this instance (appears in MRNs). */
  ADMINISTRATION_COUNTRY: z.string().regex(/^[A-Z]{2}$/).default('GB'),
  /** Export countries whose customs take outbound inspection requests: comma-separated alpha-2, or * for all. */
  OUTBOUND_PARTNER_COUNTRIES: z.string().regex(/^(\*|[A-Z]{2}(,[A-Z]{2})*)$/, 'a comma-separated list of ISO alpha-2 codes, or *').default('*'),
  /**
   * Mutual recognition: partner country and the AEO types recognised, e.g. "US:AEOS+AEOF,JP:AEOS", or
   * `none`. Unset: the EU's MRA partners for an EU member state, the UK's for GB (security types AEOS
   * and AEOF), none elsewhere; see packages/config/src/administrations.ts.
   * @default by ADMINISTRATION_COUNTRY
   */
  MRA_PARTNERS: z.string().regex(/^(none|[A-Z]{2}:AEO[CSF](\+AEO[CSF])*(,[A-Z]{2}:AEO[CSF](\+AEO[CSF])*)*)$/, 'entries like US:AEOS+AEOF separated by commas, or none').optional(),
  /**
   * Worker threads for parsing and assessment.
   * @default one per core
   */
  WORKER_THREADS: positiveInt.default(Math.max(1, cpus().length)),
  /** Tasks allowed to wait for a worker before the API answers 503 (backpressure). */
  WORKER_QUEUE_MAX: positiveInt.default(256),
  /** Milliseconds a worker task may run before it is abandoned and retried once. */
  WORKER_TASK_TIMEOUT_MS: positiveInt.default(60_000),
  /** Largest filing body accepted, in bytes. */
  BODY_LIMIT_BYTES: positiveInt.default(64 * 1024 * 1024),
  /**
   * Bytes of rejected filings one principal may have archived per 24 hours. Past it, a filing is parsed
   * before it is archived and kept only if accepted; a rejected one is still refused with its issues and
   * recorded (sha256, size, issues) but its body is not stored, so a filer cannot fill the archive with refusals.
   */
  REJECTED_ARCHIVE_BYTES_PER_DAY: positiveInt.default(256 * 1024 * 1024),
  /** Milliseconds between assessment-queue polls when idle. */
  ASSESSMENT_POLL_MS: positiveInt.default(250),
  /** Consignments per assessment task sent to a worker. */
  ASSESSMENT_BATCH_SIZE: positiveInt.default(200),
  /** Seconds a claimed assessment job stays with its instance; after a crash the job is taken again when this runs out. */
  ASSESSMENT_LEASE_S: positiveInt.default(300),
  /** Milliseconds between outbox relay polls when idle. */
  RELAY_POLL_MS: positiveInt.default(250),
  /** Share of consignments selected at random as an unbiased control group, 0..1. */
  RANDOM_SELECTION_RATE: z.coerce.number().min(0).max(1).default(0.01),
  /**
   * Examination capacity per lane and UTC day, deployment-wide, e.g. `red=200,yellow=1000`. Past it,
   * the lowest-scored selections move one lane down with the reason on the decision; Do Not Load,
   * sanctions, intelligence and the control group are never moved (they still use capacity).
   */
  LANE_QUOTAS: z
    .string()
    .trim()
    .regex(/^((red|yellow)=\d+)(,(red|yellow)=\d+)*$/, 'lane=count pairs such as red=200,yellow=1000')
    .transform((text) => Object.fromEntries(text.split(',').map((pair) => { const [lane, count] = pair.split('='); return [lane!, Number(count)]; })) as LaneQuotas)
    .optional(),
  /** Minutes an inspection request may stay unacknowledged before officers are alerted. */
  ACK_ESCALATION_MINUTES: positiveInt.default(120),
  /**
   * Create a local administrator and a demo filer key on first start (never in production).
   * @default true on the embedded database outside production, false otherwise
   */
  BOOTSTRAP_DEMO_KEYS: boolean.optional(),
  /** Secret for signing webhooks to filers; generated per data dir when unset on the embedded default. */
  WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Least severe log level written (JSON lines on stdout). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Bearer token Prometheus must send for GET /metrics; unset = open (keep it on an internal listener). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /**
   * Milliseconds of event-loop delay above which the API sheds load (503 with Retry-After, through under-pressure).
   * @default 5000 on the embedded database, 1000 on PostgreSQL
   */
  MAX_EVENT_LOOP_DELAY_MS: nonNegativeInt.optional(),
  /** Seconds allowed for graceful shutdown before the process exits anyway. */
  SHUTDOWN_TIMEOUT_S: positiveInt.default(30),
  /** Hours between scheduled retrainings of the targeting model (assessor role); 0 retrains only on demand. */
  MODEL_RETRAIN_INTERVAL_HOURS: z.coerce.number().min(0).max(24 * 366).default(24),
  /** Sustained requests per minute allowed to one authenticated principal on one instance; 0 turns the limit off. */
  RATE_LIMIT_PER_MINUTE: nonNegativeInt.default(3000),
  /** Requests one principal may send at once above the sustained rate (the token bucket's size). */
  RATE_LIMIT_BURST: positiveInt.default(500),
  /** Sustained requests per minute allowed from one client address without valid credentials (sign-in, console pages, refused keys); 0 turns the limit off. */
  UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE: nonNegativeInt.default(600),
  /** Requests one address may send at once without credentials above the sustained rate. */
  UNAUTHENTICATED_RATE_LIMIT_BURST: positiveInt.default(200),
  /** Largest JSON (and other non-filing) request body accepted, in bytes; filings keep BODY_LIMIT_BYTES. */
  JSON_BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
  /**
   * Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: comma-separated addresses or
   * CIDR ranges (e.g. `10.0.0.0/8,127.0.0.1`). Unset: the peer address is the client, forwarded headers
   * are ignored. Sign-in throttling and unauthenticated rate limits key on the client address.
   */
  TRUSTED_PROXIES: z
    .string()
    .trim()
    .transform((text) => text.split(',').map((entry) => entry.trim()).filter(Boolean))
    .refine((entries) => entries.every(isAddressOrRange), 'a comma-separated list of IP addresses or CIDR ranges such as 10.0.0.0/8')
    .optional(),
  /**
   * Webhook destinations allowed although they are loopback, private, link-local or otherwise
   * internal: comma-separated addresses or CIDR ranges. Unset: every internal destination is refused.
   */
  WEBHOOK_ALLOWED_ADDRESSES: z
    .string()
    .trim()
    .transform((text) => text.split(',').map((entry) => entry.trim()).filter(Boolean))
    .refine((entries) => entries.every(isAddressOrRange), 'a comma-separated list of IP addresses or CIDR ranges such as 10.1.2.3/32')
    .optional(),
});

export type Env = z.infer<typeof EnvSchema>;

/** Prefixes that mark a variable as ours, so a typo (S3_BUKET) is caught rather than ignored. */
const OWN_PREFIXES = ['OUTBOUND_', 'MRA_', 'S3_', 'KAFKA_', 'DATABASE_', 'WORKER_', 'ASSESSMENT_', 'RELAY_', 'SAFE_SCREEN_', 'BOOTSTRAP_', 'WEBHOOK_', 'RATE_LIMIT_', 'MODEL_', 'TRUSTED_', 'JSON_', 'UNAUTHENTICATED_'];

/** Selections per UTC day a lane may take; a lane not named has no quota. */
export type LaneQuotas = Partial<Record<'red' | 'yellow', number>>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  dataDir: string;
  roles: ReadonlySet<Role>;
  administrationCountry: string;
  /** undefined: every other country's customs take outbound inspection requests. */
  outboundPartnerCountries: string[] | undefined;
  mraPartners: MraPartner[];
  /** Issuing countries whose AEO authorisations count as domestic (every EU member state for an EU administration). */
  aeoDomesticCountries: string[];
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dir: string };
  migrateOnStart: boolean;
  archive:
    | { kind: 's3'; bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string }
    | { kind: 'local'; dir: string };
  kafka: { brokers: string; clientId: string } | undefined;
  workers: { threads: number; queueMax: number; taskTimeoutMs: number };
  bodyLimitBytes: number;
  /** Rejected bytes per principal and 24 h that are still archived (REJECTED_ARCHIVE_BYTES_PER_DAY). */
  rejectedArchiveBytesPerDay: number;
  assessment: { pollMs: number; batchSize: number; randomSelectionRate: number; leaseSeconds: number; laneQuotas: LaneQuotas };
  relay: { pollMs: number; ackEscalationMinutes: number };
  bootstrapDemoKeys: boolean;
  webhookSecret?: string;
  logLevel: Env['LOG_LEVEL'];
  metricsToken?: string;
  maxEventLoopDelayMs: number;
  shutdownTimeoutMs: number;
  /** Targeting model retraining: milliseconds between scheduled runs, 0 = on demand only. */
  targeting: { retrainIntervalMs: number };
  /** Per-principal token bucket; undefined when RATE_LIMIT_PER_MINUTE is 0. */
  rateLimit: { perMinute: number; burst: number } | undefined;
  /** Per-client-address token bucket for requests without valid credentials; undefined when off. */
  unauthenticatedRateLimit: { perMinute: number; burst: number } | undefined;
  /** Body limit of JSON and other small routes (filings: bodyLimitBytes). */
  jsonBodyLimitBytes: number;
  /** Addresses and CIDR ranges of proxies whose forwarded headers are believed; empty: none. */
  trustedProxies: string[];
  /** Internal addresses and ranges webhooks may still be delivered to (operator allowlist). */
  webhookAllowedAddresses: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = levenshtein(name, candidate);
    if (distance <= 3 && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const known = Object.keys(EnvSchema.shape);
  const problems: string[] = [];
  for (const name of Object.keys(environment)) {
    if (known.includes(name) || !OWN_PREFIXES.some((p) => name.startsWith(p))) continue;
    const suggestion = closest(name, known);
    problems.push(`${name}: unknown setting${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`);
  }
  const relevant: Record<string, string> = {};
  for (const name of known) {
    const value = environment[name];
    if (value !== undefined && value !== '') relevant[name] = value;
  }
  const parsed = EnvSchema.safeParse(relevant);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '?');
      problems.push(`${name}: ${issue.message} (got ${JSON.stringify(relevant[name])})`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const env = parsed.data;
  if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
    throw new ConfigError(['S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither']);
  }
  if (env.S3_BUCKET === undefined && env.S3_ENDPOINT !== undefined) {
    throw new ConfigError(['S3_ENDPOINT: set S3_BUCKET too, or unset S3_ENDPOINT to archive on local disk']);
  }
  const dataDir = resolve(env.DATA_DIR);
  const embedded = env.DATABASE_URL === undefined;
  if (env.NODE_ENV === 'production' && env.BOOTSTRAP_DEMO_KEYS === true) {
    throw new ConfigError(['BOOTSTRAP_DEMO_KEYS: demo keys are never created in production']);
  }
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    dataDir,
    roles: new Set(env.ROLES),
    administrationCountry: env.ADMINISTRATION_COUNTRY,
    outboundPartnerCountries: env.OUTBOUND_PARTNER_COUNTRIES === '*' ? undefined : env.OUTBOUND_PARTNER_COUNTRIES.split(','),
    mraPartners: env.MRA_PARTNERS === undefined
      ? defaultMraPartners(env.ADMINISTRATION_COUNTRY)
      : env.MRA_PARTNERS === 'none'
        ? []
        : env.MRA_PARTNERS.split(',').map((entry) => {
            const [country, types] = entry.split(':') as [string, string];
            return { country, types: types.split('+') as AeoType[] };
          }),
    aeoDomesticCountries: aeoDomesticCountries(env.ADMINISTRATION_COUNTRY),
    database: embedded
      ? { kind: 'pglite', dir: resolve(dataDir, 'pglite') }
      : { kind: 'postgres', url: env.DATABASE_URL!, poolSize: env.DATABASE_POOL_SIZE },
    migrateOnStart: env.MIGRATE_ON_START ?? embedded,
    archive:
      env.S3_BUCKET === undefined
        ? { kind: 'local', dir: resolve(dataDir, 'archive') }
        : {
            kind: 's3',
            bucket: env.S3_BUCKET,
            region: env.S3_REGION,
            ...(env.S3_ENDPOINT === undefined ? {} : { endpoint: env.S3_ENDPOINT }),
            ...(env.S3_ACCESS_KEY_ID === undefined ? {} : { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY! }),
          },
    kafka: env.KAFKA_BROKERS === undefined ? undefined : { brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID },
    workers: { threads: env.WORKER_THREADS, queueMax: env.WORKER_QUEUE_MAX, taskTimeoutMs: env.WORKER_TASK_TIMEOUT_MS },
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    rejectedArchiveBytesPerDay: env.REJECTED_ARCHIVE_BYTES_PER_DAY,
    assessment: { pollMs: env.ASSESSMENT_POLL_MS, batchSize: env.ASSESSMENT_BATCH_SIZE, randomSelectionRate: env.RANDOM_SELECTION_RATE, leaseSeconds: env.ASSESSMENT_LEASE_S, laneQuotas: env.LANE_QUOTAS ?? {} },
    relay: { pollMs: env.RELAY_POLL_MS, ackEscalationMinutes: env.ACK_ESCALATION_MINUTES },
    bootstrapDemoKeys: env.BOOTSTRAP_DEMO_KEYS ?? (embedded && env.NODE_ENV !== 'production'),
    ...(env.WEBHOOK_SECRET === undefined ? {} : { webhookSecret: env.WEBHOOK_SECRET }),
    logLevel: env.LOG_LEVEL,
    ...(env.METRICS_TOKEN === undefined ? {} : { metricsToken: env.METRICS_TOKEN }),
    // PGlite runs queries on the main thread (WebAssembly), so the embedded default tolerates longer
    // pauses before shedding load; against PostgreSQL a 1 s delay already means overload.
    maxEventLoopDelayMs: env.MAX_EVENT_LOOP_DELAY_MS ?? (embedded ? 5000 : 1000),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_S * 1000,
    targeting: { retrainIntervalMs: Math.round(env.MODEL_RETRAIN_INTERVAL_HOURS * 3_600_000) },
    rateLimit: env.RATE_LIMIT_PER_MINUTE === 0 ? undefined : { perMinute: env.RATE_LIMIT_PER_MINUTE, burst: env.RATE_LIMIT_BURST },
    unauthenticatedRateLimit: env.UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE === 0 ? undefined : { perMinute: env.UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE, burst: env.UNAUTHENTICATED_RATE_LIMIT_BURST },
    jsonBodyLimitBytes: env.JSON_BODY_LIMIT_BYTES,
    trustedProxies: env.TRUSTED_PROXIES ?? [],
    webhookAllowedAddresses: env.WEBHOOK_ALLOWED_ADDRESSES ?? [],
  };
}

/** Names of the settings, for tools that check deployment files set only settings the config accepts. */
export const SETTING_NAMES: readonly string[] = Object.keys(EnvSchema.shape);
