/**
 * Registration, amendment and invalidation of filings. Each runs in one transaction: the filing
 * version, its consignments and their assessment jobs commit together, so an MRN in a response
 * always means the work to assess it is durable.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, inArray, notExists, sql } from 'drizzle-orm';
import { CONTROLLED_HOLDS, transition } from '@safe-screen/cases';
import { AppError, buildMrn } from '@safe-screen/domain';
import type { Assessment, Consignment, Filing, ValidationIssue } from '@safe-screen/domain';
import type { Db } from './client.js';
import { loadCaseRecords } from './case-transition-repository.js';
import { latestAssessments } from './latest-assessments.js';
import { assessmentJobs, consignments, filings, filingVersions, partyHistory, submissions } from './schema.js';

export interface FilingTiming {
  deadline?: string;
  late: boolean;
  hoursBeforeLoading?: number;
}

export interface RegisterFilingInput {
  filerId: string;
  principalId: string;
  filing: Filing;
  sha256: string;
  archiveKey: string;
  size: number;
  issues: ValidationIssue[];
  timing: FilingTiming;
  receivedAt: Date;
  administrationCountry: string;
  /** Keys of every party in the filing (the risk package's partyKey), remembered for first-time-party rules. */
  partyKeys: readonly string[];
  requestId?: string;
}

export interface RegisterFilingResult {
  result: 'registered' | 'amended' | 'duplicate';
  filingId: string;
  mrn: string;
  lrn: string;
  version: number;
  consignmentIds: string[];
}

const MRN_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function generateMrn(country: string, at: Date): string {
  const bytes = randomBytes(11);
  let unique = '';
  for (const byte of bytes) unique += MRN_ALPHABET[byte % MRN_ALPHABET.length];
  // Interface identifier S (system-to-system), procedure E (entry summary).
  return buildMrn({ year: at.getUTCFullYear(), country, unique, interfaceId: 'S', procedure: 'E' });
}

function exportCountryOf(consignment: Consignment): string | null {
  return consignment.placeOfLoading?.country ?? consignment.placeOfLoading?.unlocode?.slice(0, 2) ?? consignment.routingCountries[0] ?? null;
}

function consignmentRow(filingId: string, version: number, consignment: Consignment) {
  return {
    filingId,
    sequence: consignment.sequence,
    version,
    transportDocumentNumber: consignment.transportDocument?.number ?? null,
    masterDocumentNumber: consignment.masterTransportDocument?.number ?? null,
    exportCountry: exportCountryOf(consignment),
    placeOfLoading: consignment.placeOfLoading?.unlocode ?? null,
    content: consignment,
  };
}

/**
 * Consignments and their assessment jobs, one statement per chunk: the rows travel as a single jsonb
 * parameter that PostgreSQL unpacks itself. Building the same insert as bound parameters (eight per
 * consignment) cost more CPU in the query builder than the database spent storing the rows, and
 * blocked the event loop for seconds on a 20,000-consignment manifest. Chunked, so one statement
 * never carries more than a few MB and other requests get the event loop between chunks.
 */
async function insertConsignmentsAndJobs(db: Db, filingId: string, version: number, filing: Filing, requestId: string | undefined): Promise<string[]> {
  const ids: string[] = [];
  const CHUNK = 2000;
  for (let start = 0; start < filing.consignments.length; start += CHUNK) {
    const chunk = filing.consignments.slice(start, start + CHUNK);
    const rows = JSON.stringify(chunk.map((c) => {
      const row = consignmentRow(filingId, version, c);
      return { s: row.sequence, t: row.transportDocumentNumber, m: row.masterDocumentNumber, e: row.exportCountry, p: row.placeOfLoading, c: row.content };
    }));
    const result = await db.execute(sql`
      with input as (
        select (e->>'s')::int as sequence, e->>'t' as tdn, e->>'m' as mdn, e->>'e' as export_country, e->>'p' as place_of_loading, e->'c' as content
        from jsonb_array_elements(${rows}::jsonb) as e
      ), upserted as (
        insert into ${consignments} (filing_id, sequence, version, transport_document_number, master_document_number, export_country, place_of_loading, content, state)
        select ${filingId}::uuid, sequence, ${version}::int, tdn, mdn, export_country, place_of_loading, content, 'pending' from input
        on conflict (filing_id, sequence) do update set
          version = excluded.version, content = excluded.content, transport_document_number = excluded.transport_document_number,
          master_document_number = excluded.master_document_number, export_country = excluded.export_country,
          place_of_loading = excluded.place_of_loading, state = 'pending', updated_at = now()
        returning id, sequence
      ), jobs as (
        insert into ${assessmentJobs} (consignment_id, filing_version, request_id, filer_id)
        select id, ${version}::int, ${requestId ?? null}::text, (select filer_id from ${filings} where id = ${filingId}::uuid) from upserted
      )
      select id, sequence from upserted`);
    // Ids in the filing's consignment order, as callers expect (sequences are unique within a filing).
    const idBySequence = new Map(rowsOf<{ id: string; sequence: number }>(result).map((r) => [Number(r.sequence), r.id]));
    for (const c of chunk) {
      const id = idBySequence.get(c.sequence);
      if (id === undefined) throw new Error(`consignment ${c.sequence} was not stored`);
      ids.push(id);
    }
  }
  return ids;
}

/** postgres-js returns the rows as the result itself, PGlite under `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows);
}

/**
 * Party history rows are shared by every filing naming the same party, so their row locks are what
 * concurrent registrations wait on. Hence: called last in the registration transaction (a large
 * manifest holds them for the commit only, not for its whole insert), and keys in sorted order (two
 * registrations lock shared rows in the same order and cannot deadlock).
 */
async function rememberParties(db: Db, keys: readonly string[], filingId: string, at: Date): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  // One jsonb parameter per chunk, for the same reason as the consignments above.
  for (let start = 0; start < sorted.length; start += 5000) {
    const chunk = JSON.stringify(sorted.slice(start, start + 5000));
    await db.execute(sql`
      insert into ${partyHistory} (party_key, first_seen_at, first_filing_id, filings)
      select value, ${at.toISOString()}::timestamptz, ${filingId}::uuid, 1 from jsonb_array_elements_text(${chunk}::jsonb)
      on conflict (party_key) do update set filings = ${partyHistory}.filings + 1`);
  }
}

export async function registerFiling(db: Db, input: RegisterFilingInput): Promise<RegisterFilingResult> {
  return db.transaction(async (tx) => {
    const byMrn = input.filing.amendsMrn;
    const [existing] = await tx
      .select()
      .from(filings)
      .where(byMrn === undefined ? and(eq(filings.filerId, input.filerId), eq(filings.lrn, input.filing.lrn)) : eq(filings.mrn, byMrn))
      .for('update');

    if (existing === undefined) {
      if (byMrn !== undefined) throw new AppError('FILING_NOT_FOUND', `no filing with MRN ${byMrn} to amend`, { mrn: byMrn });
      const mrn = generateMrn(input.administrationCountry, input.receivedAt);
      const [created] = await tx
        .insert(filings)
        .values({
          mrn,
          filerId: input.filerId,
          lrn: input.filing.lrn,
          format: input.filing.format,
          level: input.filing.level,
          transportMode: input.filing.conveyance.mode,
          conveyanceRef: conveyanceRef(input.filing),
          expectedDepartureAt: dateOrNull(input.filing.conveyance.expectedDepartureAt),
          expectedArrivalAt: dateOrNull(input.filing.conveyance.expectedArrivalAt),
        })
        .returning({ id: filings.id });
      if (created === undefined) throw new Error('insert returned no row');
      await tx.insert(filingVersions).values(versionRow(created.id, 1, input));
      const consignmentIds = await insertConsignmentsAndJobs(tx, created.id, 1, input.filing, input.requestId);
      await rememberParties(tx, input.partyKeys, created.id, input.receivedAt);
      await recordSubmission(tx, input, 'registered', created.id);
      return { result: 'registered', filingId: created.id, mrn, lrn: input.filing.lrn, version: 1, consignmentIds };
    }

    if (existing.filerId !== input.filerId) {
      // Same answer whether the MRN exists or belongs to someone else: no probing of others' filings.
      throw new AppError('FILING_NOT_FOUND', `no filing with MRN ${byMrn ?? ''} to amend`, { mrn: byMrn });
    }
    const [latest] = await tx
      .select({ sha256: filingVersions.sha256 })
      .from(filingVersions)
      .where(and(eq(filingVersions.filingId, existing.id), eq(filingVersions.version, existing.currentVersion)));
    if (latest?.sha256 === input.sha256) {
      const rows = await tx.select({ id: consignments.id }).from(consignments).where(eq(consignments.filingId, existing.id)).orderBy(asc(consignments.sequence));
      await recordSubmission(tx, input, 'duplicate', existing.id);
      return { result: 'duplicate', filingId: existing.id, mrn: existing.mrn, lrn: existing.lrn, version: existing.currentVersion, consignmentIds: rows.map((r) => r.id) };
    }
    if (existing.status === 'invalidated') {
      throw new AppError('FILING_AMENDMENT_REFUSED', `filing ${existing.mrn} was invalidated and cannot be amended`, { mrn: existing.mrn });
    }
    // The lifecycle decides whether the filer may amend: never under customs control, after arrival
    // or with an inspection request open. The consignments stay locked until the new version is in.
    const records = await loadCaseRecords(tx, { filingId: existing.id }, { lock: true });
    const env = { now: input.receivedAt.toISOString(), newId: () => '00000000-0000-4000-8000-000000000000', administrationCountry: input.administrationCountry };
    const blocking = records.flatMap((r) => {
      const result = transition(r.state, { kind: 'filing_amended' }, { kind: 'filer', filerId: input.filerId }, env);
      return result.ok ? [] : [{ sequence: r.consignment.sequence, holdStatus: r.state.hold, message: result.refusal.message }];
    });
    if (blocking.length > 0) {
      throw new AppError(
        'FILING_AMENDMENT_REFUSED',
        `filing ${existing.mrn} cannot be amended: ${blocking.map((b) => `consignment ${b.sequence}: ${b.message}`).join('; ')}`,
        { mrn: existing.mrn, consignments: blocking },
      );
    }
    const version = existing.currentVersion + 1;
    await tx
      .update(filings)
      .set({
        currentVersion: version,
        transportMode: input.filing.conveyance.mode,
        conveyanceRef: conveyanceRef(input.filing),
        expectedDepartureAt: dateOrNull(input.filing.conveyance.expectedDepartureAt),
        expectedArrivalAt: dateOrNull(input.filing.conveyance.expectedArrivalAt),
        updatedAt: sql`now()`,
      })
      .where(eq(filings.id, existing.id));
    await tx.insert(filingVersions).values(versionRow(existing.id, version, input));
    const consignmentIds = await insertConsignmentsAndJobs(tx, existing.id, version, input.filing, input.requestId);
    await rememberParties(tx, input.partyKeys, existing.id, input.receivedAt);
    await recordSubmission(tx, input, 'amended', existing.id);
    return { result: 'amended', filingId: existing.id, mrn: existing.mrn, lrn: existing.lrn, version, consignmentIds };
  });
}

function versionRow(filingId: string, version: number, input: RegisterFilingInput) {
  return {
    filingId,
    version,
    sha256: input.sha256,
    archiveKey: input.archiveKey,
    document: input.filing,
    header: { ...input.filing, consignments: [] },
    issues: input.issues,
    timing: input.timing,
    receivedAt: input.receivedAt,
  };
}

function conveyanceRef(filing: Filing): string | null {
  const c = filing.conveyance;
  const ref = c.conveyanceReference ?? c.identifier;
  return ref === undefined ? null : ref;
}

function dateOrNull(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

async function recordSubmission(db: Db, input: RegisterFilingInput, result: string, filingId: string): Promise<void> {
  await db.insert(submissions).values({
    principalId: input.principalId,
    sha256: input.sha256,
    archiveKey: input.archiveKey,
    size: input.size,
    format: input.filing.format,
    result,
    filingId,
    issues: input.issues,
    requestId: input.requestId ?? null,
    receivedAt: input.receivedAt,
  });
}

/** Bytes of this principal's rejected bodies received since `since` (the rejected-archive quota). */
export async function sumRejectedBytesSince(db: Db, principalId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ bytes: sql<string | null>`sum(${submissions.size})` })
    .from(submissions)
    .where(and(eq(submissions.principalId, principalId), eq(submissions.result, 'rejected'), gte(submissions.receivedAt, since)));
  return Number(row?.bytes ?? 0);
}

/**
 * Records a body that was not registered (rejected by the gate). `archiveKey` is null when the body
 * was not archived because its filer had used its daily quota of rejected bytes.
 */
export async function recordRejectedSubmission(
  db: Db,
  input: { principalId: string; sha256: string; archiveKey: string | null; size: number; format?: string; issues: ValidationIssue[]; receivedAt: Date; requestId?: string },
): Promise<void> {
  await db.insert(submissions).values({
    principalId: input.principalId,
    sha256: input.sha256,
    archiveKey: input.archiveKey,
    size: input.size,
    format: input.format ?? null,
    result: 'rejected',
    filingId: null,
    issues: input.issues,
    requestId: input.requestId ?? null,
    receivedAt: input.receivedAt,
  });
}

export interface ConsignmentView {
  id: string;
  sequence: number;
  version: number;
  transportDocumentNumber: string | null;
  masterDocumentNumber: string | null;
  exportCountry: string | null;
  state: string;
  outcome: string | null;
  lane: string | null;
  score: number | null;
  holdStatus: string;
  controlGroup: boolean;
  content: Consignment;
  assessment: Assessment | null;
}

export interface FilingView {
  id: string;
  mrn: string;
  lrn: string;
  filerId: string;
  format: string;
  level: string;
  status: string;
  currentVersion: number;
  transportMode: string;
  /** When the carrier notified arrival, if it has. */
  arrivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  issues: ValidationIssue[];
  timing: FilingTiming;
  archiveKey: string;
  sha256: string;
  consignments: ConsignmentView[];
}

/**
 * The filing as one snapshot: its statements run in a repeatable-read transaction, so a decision
 * committed between them cannot pair a consignment's old outcome with its new assessment.
 */
export async function findFilingByMrn(db: Db, mrn: string, options: { includeContent?: boolean } = {}): Promise<FilingView | undefined> {
  return db.transaction((tx) => readFilingView(tx, mrn, options), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

async function readFilingView(db: Db, mrn: string, options: { includeContent?: boolean }): Promise<FilingView | undefined> {
  const [filing] = await db.select().from(filings).where(eq(filings.mrn, mrn));
  if (filing === undefined) return undefined;
  const [version] = await db
    .select()
    .from(filingVersions)
    .where(and(eq(filingVersions.filingId, filing.id), eq(filingVersions.version, filing.currentVersion)));
  const rows = await db.select().from(consignments).where(eq(consignments.filingId, filing.id)).orderBy(asc(consignments.sequence));
  const latest = await latestAssessments(db, rows.map((r) => r.id));
  return {
    id: filing.id,
    mrn: filing.mrn,
    lrn: filing.lrn,
    filerId: filing.filerId,
    format: filing.format,
    level: filing.level,
    status: filing.status,
    currentVersion: filing.currentVersion,
    transportMode: filing.transportMode,
    arrivedAt: filing.arrivedAt,
    createdAt: filing.createdAt,
    updatedAt: filing.updatedAt,
    issues: version?.issues ?? [],
    timing: version?.timing ?? { late: false },
    archiveKey: version?.archiveKey ?? '',
    sha256: version?.sha256 ?? '',
    consignments: rows.map((r) => ({
      id: r.id,
      sequence: r.sequence,
      version: r.version,
      transportDocumentNumber: r.transportDocumentNumber,
      masterDocumentNumber: r.masterDocumentNumber,
      exportCountry: r.exportCountry,
      state: r.state,
      outcome: r.outcome,
      lane: r.lane,
      score: r.score,
      holdStatus: r.holdStatus,
      controlGroup: r.controlGroup,
      content: options.includeContent === false ? ({} as Consignment) : r.content,
      assessment: latest.get(r.id) ?? null,
    })),
  };
}

export async function listFilingVersions(db: Db, filingId: string) {
  return db
    .select({ version: filingVersions.version, sha256: filingVersions.sha256, archiveKey: filingVersions.archiveKey, receivedAt: filingVersions.receivedAt, document: filingVersions.document })
    .from(filingVersions)
    .where(eq(filingVersions.filingId, filingId))
    .orderBy(asc(filingVersions.version));
}

/**
 * Filings never arrived are invalidated after `days` (ICS2: 200), unless a consignment is under
 * customs control. Returns how many. (A filer's own invalidation is a lifecycle event:
 * `applyFilingTransition` with `filing_invalidated`.)
 */
export async function invalidateStaleFilings(db: Db, days: number): Promise<number> {
  const rows = await db
    .update(filings)
    .set({ status: 'invalidated', invalidatedAt: sql`now()`, invalidationReason: `not arrived within ${days} days`, updatedAt: sql`now()` })
    .where(and(
      eq(filings.status, 'registered'), sql`${filings.arrivedAt} is null`, sql`${filings.createdAt} < now() - make_interval(days => ${days})`,
      // A filing under customs control stays: invalidating it would end the control (see the lifecycle).
      notExists(db.select({ one: sql`1` }).from(consignments).where(and(eq(consignments.filingId, filings.id), inArray(consignments.holdStatus, [...CONTROLLED_HOLDS])))),
    ))
    .returning({ id: filings.id });
  return rows.length;
}
