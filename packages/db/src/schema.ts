/**
 * The database schema. Filings are immutable versions; consignments are the unit of decision; every
 * asynchronous hand-off (assessment queue, outbox) is a table so that a registration response means
 * the work is durable, and several instances can share the work with row claims.
 */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Assessment, Consignment, Filing, ValidationIssue } from '@safe-screen/domain';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const principals = pgTable('principals', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** filer | officer | supervisor | partner | admin */
  role: text('role').notNull(),
  name: text('name').notNull(),
  /** For filers: the filer they act for (themselves). For partners: their country. */
  filerId: uuid('filer_id'),
  partnerCountry: text('partner_country'),
  /** Memory-hard password hash for people signing into the console; null for systems. */
  passwordHash: text('password_hash'),
  webhookUrl: text('webhook_url'),
  createdAt: createdAt(),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
}, (t) => [uniqueIndex('principals_name_key').on(t.name)]);

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  principalId: uuid('principal_id').notNull().references(() => principals.id),
  /** sha256 of the key; the key itself is shown once and never stored. */
  keyHash: text('key_hash').notNull(),
  /** First characters of the key, so people can tell keys apart in listings. */
  keyPrefix: text('key_prefix').notNull(),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [uniqueIndex('api_keys_hash_key').on(t.keyHash)]);

/** Every body received, accepted or rejected: the archive key and what became of it. */
export const submissions = pgTable('submissions', {
  id: uuid('id').primaryKey().defaultRandom(),
  principalId: uuid('principal_id').notNull(),
  sha256: text('sha256').notNull(),
  /** Null for a rejected body that was not archived because its filer had used its daily quota of rejected bytes. */
  archiveKey: text('archive_key'),
  size: integer('size').notNull(),
  format: text('format'),
  /** registered | amended | duplicate | rejected */
  result: text('result').notNull(),
  filingId: uuid('filing_id'),
  issues: jsonb('issues').$type<ValidationIssue[]>().notNull().default(sql`'[]'::jsonb`),
  requestId: text('request_id'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('submissions_sha_idx').on(t.sha256),
  index('submissions_filing_idx').on(t.filingId),
  // The rejected-bytes quota sums one filer's recent rejections before each filing is archived.
  index('submissions_rejected_principal_idx').on(t.principalId, t.receivedAt).where(sql`${t.result} = 'rejected'`),
]);

export const filings = pgTable('filings', {
  id: uuid('id').primaryKey().defaultRandom(),
  mrn: text('mrn').notNull(),
  filerId: uuid('filer_id').notNull(),
  lrn: text('lrn').notNull(),
  format: text('format').notNull(),
  level: text('level').notNull(),
  /** registered | invalidated */
  status: text('status').notNull().default('registered'),
  currentVersion: integer('current_version').notNull().default(1),
  transportMode: text('transport_mode').notNull(),
  conveyanceRef: text('conveyance_ref'),
  expectedDepartureAt: timestamp('expected_departure_at', { withTimezone: true }),
  expectedArrivalAt: timestamp('expected_arrival_at', { withTimezone: true }),
  arrivedAt: timestamp('arrived_at', { withTimezone: true }),
  invalidatedAt: timestamp('invalidated_at', { withTimezone: true }),
  invalidationReason: text('invalidation_reason'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('filings_mrn_key').on(t.mrn),
  uniqueIndex('filings_filer_lrn_key').on(t.filerId, t.lrn),
  index('filings_conveyance_idx').on(t.conveyanceRef),
  // Queue search by LRN alone (the unique key above leads with the filer).
  index('filings_lrn_idx').on(t.lrn),
]);

/** Immutable versions of a filing: the document as parsed, its warnings and timing. */
export const filingVersions = pgTable('filing_versions', {
  filingId: uuid('filing_id').notNull().references(() => filings.id),
  version: integer('version').notNull(),
  sha256: text('sha256').notNull(),
  archiveKey: text('archive_key').notNull(),
  /** The whole filing as parsed (kept for version comparison and replay). */
  document: jsonb('document').$type<Filing>().notNull(),
  /** The filing without its consignments: what assessment of one consignment needs, cheap to read per job. */
  header: jsonb('header').$type<Filing>().notNull(),
  issues: jsonb('issues').$type<ValidationIssue[]>().notNull(),
  timing: jsonb('timing').$type<{ deadline?: string; late: boolean; hoursBeforeLoading?: number }>().notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.filingId, t.version] }),
  // Queue search by vessel: IMO number (or flight, plate) and vessel name as filed.
  index('filing_versions_conveyance_id_idx').on(sql`upper(${t.header} -> 'conveyance' ->> 'identifier')`),
  index('filing_versions_vessel_name_idx').using('gin', sql`to_tsvector('simple'::regconfig, coalesce(${t.header} -> 'conveyance' ->> 'name', ''))`),
]);

export const consignments = pgTable('consignments', {
  id: uuid('id').primaryKey().defaultRandom(),
  filingId: uuid('filing_id').notNull().references(() => filings.id),
  sequence: integer('sequence').notNull(),
  /** The filing version this row currently reflects. */
  version: integer('version').notNull(),
  transportDocumentNumber: text('transport_document_number'),
  masterDocumentNumber: text('master_document_number'),
  exportCountry: text('export_country'),
  placeOfLoading: text('place_of_loading'),
  content: jsonb('content').$type<Consignment>().notNull(),
  /** pending | incomplete | assessed | failed */
  state: text('state').notNull().default('pending'),
  outcome: text('outcome'),
  lane: text('lane'),
  score: doublePrecision('score'),
  /** open | released | held | inspection_requested | do_not_load | arrived */
  holdStatus: text('hold_status').notNull().default('open'),
  assignedTo: uuid('assigned_to'),
  controlGroup: boolean('control_group').notNull().default(false),
  /**
   * When loading is expected (the filed loading time, else departure, else arrival): the officer's
   * deadline and the queue's sort key. Kept by a trigger from the consignment's filing version
   * (migration 0009), so no writer has to remember it.
   */
  loadingAt: timestamp('loading_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('consignments_filing_seq_key').on(t.filingId, t.sequence),
  index('consignments_master_doc_idx').on(t.masterDocumentNumber),
  index('consignments_transport_doc_idx').on(t.transportDocumentNumber),
  index('consignments_queue_idx').on(t.holdStatus, t.outcome),
  // The officer queue in its order (nearest loading first, then highest score), holds only: a page
  // is a walk of this index from the cursor (queue-repository.ts). Nulls sort last through coalesce.
  index('consignments_queue_page_idx')
    .on(sql`coalesce(${t.loadingAt}, 'infinity'::timestamptz)`, sql`coalesce(-${t.score}, 'Infinity'::float8)`, t.id)
    .where(sql`hold_status in ('open', 'held', 'inspection_requested', 'do_not_load') and state <> 'pending'`),
  // Queue search: containers and party names inside the consignment document.
  index('consignments_equipment_idx').using('gin', sql`(${t.content} -> 'equipment') jsonb_path_ops`),
  index('consignments_party_names_idx').using('gin', sql`to_tsvector('simple'::regconfig, jsonb_path_query_array(${t.content}, '$.parties[*].name'))`),
]);

export const assessments = pgTable('assessments', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  consignmentId: uuid('consignment_id').notNull().references(() => consignments.id),
  filingVersion: integer('filing_version').notNull(),
  outcome: text('outcome').notNull(),
  lane: text('lane').notNull(),
  score: doublePrecision('score').notNull(),
  ruleSetVersion: text('rule_set_version').notNull(),
  result: jsonb('result').$type<Assessment>().notNull(),
  createdAt: createdAt(),
}, (t) => [index('assessments_consignment_idx').on(t.consignmentId)]);

/**
 * The assessment queue. A job is inserted in the registration transaction; assessor instances claim
 * due jobs with FOR UPDATE SKIP LOCKED and a lease, so a crashed instance's jobs come back.
 */
export const assessmentJobs = pgTable('assessment_jobs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  consignmentId: uuid('consignment_id').notNull().references(() => consignments.id),
  filingVersion: integer('filing_version').notNull(),
  /** pending | done | failed */
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
  requestId: text('request_id'),
  /**
   * The filer of the job's filing: claims take turns between filers (claimAssessmentJobs). A writer
   * that leaves it at the nil uuid gets it filled in by a trigger (migration 0008).
   */
  filerId: uuid('filer_id').notNull().default(sql`'00000000-0000-0000-0000-000000000000'`),
  createdAt: createdAt(),
}, (t) => [
  // Only pending jobs are indexed for the claim: the index holds the queue, not its history.
  index('assessment_jobs_filer_due_idx').on(t.filerId, t.availableAt, t.id).where(sql`status = 'pending'`),
  index('assessment_jobs_consignment_idx').on(t.consignmentId),
]);

/**
 * Transactional outbox: rows written in the same transaction as the decision that caused them;
 * relays claim them with SKIP LOCKED and mark them sent only after the broker acknowledged.
 */
export const outbox = pgTable('outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  topic: text('topic').notNull(),
  messageKey: text('message_key').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  /** pending | sent | failed */
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  lastError: text('last_error'),
  /** The HTTP request that caused the message (a filing's registration, an officer's action), for log correlation. */
  requestId: text('request_id'),
  createdAt: createdAt(),
}, (t) => [index('outbox_due_idx').on(t.status, t.availableAt)]);

export const inspectionRequests = pgTable('inspection_requests', {
  id: uuid('id').primaryKey(),
  consignmentId: uuid('consignment_id').notNull().references(() => consignments.id),
  mrn: text('mrn').notNull(),
  exportCountry: text('export_country').notNull(),
  /** requested | acknowledged | completed | escalated | withdrawn */
  status: text('status').notNull().default('requested'),
  methods: jsonb('methods').$type<string[]>().notNull(),
  reasons: jsonb('reasons').$type<{ code: string; text: string }[]>().notNull(),
  deadline: timestamp('deadline', { withTimezone: true }),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  result: jsonb('result').$type<Record<string, unknown>>(),
  resultAt: timestamp('result_at', { withTimezone: true }),
  escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  /** not_acknowledged (no answer in time) | not_inspected (export customs could not inspect): why officers must look. */
  escalationReason: text('escalation_reason'),
  createdAt: createdAt(),
}, (t) => [index('inspection_requests_country_idx').on(t.exportCountry, t.status)]);

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey(),
  filerId: uuid('filer_id').notNull(),
  mrn: text('mrn').notNull(),
  consignmentId: uuid('consignment_id'),
  kind: text('kind').notNull(),
  message: text('message').notNull(),
  /** pending | delivered | failed | none (no webhook registered) */
  webhookStatus: text('webhook_status').notNull().default('none'),
  webhookAttempts: integer('webhook_attempts').notNull().default(0),
  /** When the webhook dispatcher may next try (backoff after failures, lease while one is sending). */
  webhookNextAt: timestamp('webhook_next_at', { withTimezone: true }).notNull().defaultNow(),
  webhookLastError: text('webhook_last_error'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  index('notifications_mrn_idx').on(t.mrn),
  index('notifications_filer_idx').on(t.filerId),
  index('notifications_webhook_due_idx').on(t.webhookStatus, t.webhookNextAt),
]);

/** Append-only: the application never updates or deletes rows here (a trigger refuses it). */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name').notNull(),
  action: text('action').notNull(),
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  reason: text('reason'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
}, (t) => [index('audit_subject_idx').on(t.subjectType, t.subjectId)]);

/** Versioned targeting rule sets; exactly one is active at a time. */
export const ruleSets = pgTable('rule_sets', {
  version: text('version').primaryKey(),
  document: jsonb('document').$type<Record<string, unknown>>().notNull(),
  /** draft | active | retired */
  status: text('status').notNull().default('draft'),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  activatedAt: timestamp('activated_at', { withTimezone: true }),
});

/** Loaded sanctions list editions (the parsed list, so every instance builds the same index). */
export const sanctionsEditions = pgTable('sanctions_editions', {
  id: text('id').primaryKey(),
  source: text('source').notNull(),
  edition: text('edition').notNull(),
  list: jsonb('list').$type<Record<string, unknown>>().notNull(),
  active: boolean('active').notNull().default(true),
  loadedAt: createdAt(),
});

export const sanctionsDismissals = pgTable('sanctions_dismissals', {
  fingerprint: text('fingerprint').primaryKey(),
  entryId: text('entry_id').notNull(),
  partyName: text('party_name').notNull(),
  dismissedBy: text('dismissed_by').notNull(),
  reason: text('reason').notNull(),
  createdAt: createdAt(),
});

export const aeoAuthorisations = pgTable('aeo_authorisations', {
  operatorId: text('operator_id').notNull(),
  type: text('type').notNull(),
  status: text('status').notNull(),
  issuingCountry: text('issuing_country').notNull(),
  validFrom: text('valid_from'),
  validTo: text('valid_to'),
  importedAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.operatorId, t.type] })]);

/** What each party identifier and commodity has looked like before: feeds history-based rules. */
export const partyHistory = pgTable('party_history', {
  partyKey: text('party_key').primaryKey(),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
  /** The filing that introduced the party: a party is first-time for that filing only. */
  firstFilingId: uuid('first_filing_id'),
  filings: integer('filings').notNull().default(0),
});

export const commodityMassStats = pgTable('commodity_mass_stats', {
  hs6: text('hs6').primaryKey(),
  count: integer('count').notNull().default(0),
  sumKg: doublePrecision('sum_kg').notNull().default(0),
  sumSquaresKg: doublePrecision('sum_squares_kg').notNull().default(0),
});

/** Labelled inspection outcomes, the training data of the targeting model. */
export const inspectionOutcomes = pgTable('inspection_outcomes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  consignmentId: uuid('consignment_id'),
  source: text('source').notNull(),
  outcome: text('outcome').notNull(),
  features: jsonb('features').$type<Record<string, unknown>>().notNull(),
  recordedAt: createdAt(),
  /**
   * The declaration an imported row came from (e.g. the KCS Declaration ID); null for results the
   * pipeline recorded, which are identified by their consignment. Keeps re-imports recognisable and
   * makes a re-import of the same file add nothing.
   */
  reference: text('reference'),
  /** Declaration date of an imported row (YYYY-MM-DD); null when `recordedAt` is the date that counts. */
  observedOn: text('observed_on'),
}, (t) => [
  index('inspection_outcomes_consignment_idx').on(t.consignmentId),
  uniqueIndex('inspection_outcomes_reference_key').on(t.source, t.reference).where(sql`${t.reference} is not null`),
]);

export const targetingModels = pgTable('targeting_models', {
  version: text('version').primaryKey(),
  model: jsonb('model').$type<Record<string, unknown>>().notNull(),
  metrics: jsonb('metrics').$type<Record<string, unknown>>(),
  active: boolean('active').notNull().default(false),
  createdAt: createdAt(),
});

/** Key-value settings owned by the service (e.g. the generated webhook secret). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Console sign-in sessions. Only the sha256 of the opaque cookie token is stored, so a database read
 * does not hand out live sessions; any instance validates a cookie with one indexed lookup.
 */
export const consoleSessions = pgTable('console_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  principalId: uuid('principal_id').notNull().references(() => principals.id),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [index('console_sessions_principal_idx').on(t.principalId)]);

/** Failed sign-ins per name and per client address, shared by every instance (brute-force backoff). */
export const loginFailures = pgTable('login_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Four-eyes approvals: a release of a Do Not Load or red-lane hold waits here until a different
 * officer or supervisor approves it. At most one pending request per consignment and action.
 */
export const caseApprovals = pgTable('case_approvals', {
  id: uuid('id').primaryKey().defaultRandom(),
  consignmentId: uuid('consignment_id').notNull().references(() => consignments.id),
  action: text('action').notNull(),
  /** pending | approved | rejected */
  status: text('status').notNull().default('pending'),
  requestedBy: uuid('requested_by').notNull(),
  requestedByName: text('requested_by_name').notNull(),
  reason: text('reason').notNull(),
  decidedBy: uuid('decided_by'),
  decidedByName: text('decided_by_name'),
  decisionReason: text('decision_reason'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  index('case_approvals_status_idx').on(t.status),
  uniqueIndex('case_approvals_pending_key').on(t.consignmentId, t.action).where(sql`status = 'pending'`),
]);

/** Selections taken per lane and UTC day, against LANE_QUOTAS; shared by every assessor instance. */
export const laneQuotaUsage = pgTable('lane_quota_usage', {
  /** UTC day, YYYY-MM-DD. */
  day: text('day').notNull(),
  lane: text('lane').notNull(),
  used: integer('used').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.day, t.lane] })]);

/**
 * Import/export licences for controlled goods (arms, explosives, dual-use goods, controlled
 * chemicals), loaded by customs. Filings cite them by issuing country and number; the assessment
 * compares holder, goods, quantity left and validity with the consignment.
 */
export const licences = pgTable('licences', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull(),
  /** ISO 3166-1 alpha-2 of the issuing administration. */
  issuingCountry: text('issuing_country').notNull(),
  /** import | export */
  direction: text('direction').notNull(),
  /** arms | explosives | dual_use | chemicals */
  category: text('category').notNull(),
  holderName: text('holder_name').notNull(),
  holderIdentifier: text('holder_identifier'),
  goodsDescription: text('goods_description').notNull(),
  /** HS codes or prefixes (2-10 digits) the licence covers. */
  hsCodes: jsonb('hs_codes').$type<string[]>().notNull(),
  /** Quantity granted, in `unit`. */
  quantity: doublePrecision('quantity').notNull(),
  /** kg (net mass, else gross mass, of the covered goods items) | items (their package count) */
  unit: text('unit').notNull(),
  /** YYYY-MM-DD, inclusive. */
  validFrom: text('valid_from').notNull(),
  validTo: text('valid_to').notNull(),
  /** valid | suspended | revoked */
  status: text('status').notNull().default('valid'),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: createdAt(),
}, (t) => [uniqueIndex('licences_number_key').on(t.issuingCountry, t.number)]);

/**
 * What each consignment draws on a licence: one row per (licence, consignment), replaced when the
 * consignment is re-assessed (an amendment changes its quantity), so the sum over rows is what the
 * licence has given out. Written under a lock on the licence row.
 */
export const licenceDrawings = pgTable('licence_drawings', {
  licenceId: uuid('licence_id').notNull().references(() => licences.id),
  consignmentId: text('consignment_id').notNull(),
  quantity: doublePrecision('quantity').notNull(),
  drawnAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.licenceId, t.consignmentId] })]);
