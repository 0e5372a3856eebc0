/**
 * The statements the pipeline runs per filing, per assessment batch or per relay poll, written as the
 * repositories send them (same predicates, order and limits), for EXPLAIN: `hot-queries.integration
 * .test.ts` checks on a filled database that none of them reads a growing table whole, and
 * `test/bench/explain-hot-queries.ts` prints their plans. A repository change to one of these
 * statements belongs here too.
 */
import { sql, type SQL } from 'drizzle-orm';
import { CLAIM_SETTINGS, claimDueJobsSql } from './assessment-repository.js';

export interface HotQuerySample {
  /** A consignment id, its filing's MRN, its transport document number and its filer. */
  id: string;
  mrn: string;
  tdn: string;
  filer: string;
}

export interface HotQuery {
  name: string;
  sql: (sample: HotQuerySample) => SQL;
  /** Settings the repository applies (SET LOCAL) in the statement's transaction. */
  settings?: SQL;
}

export const HOT_QUERIES: HotQuery[] = [
  {
    name: 'assessment claim, filers in turn (claimAssessmentJobs)',
    sql: () => claimDueJobsSql(400),
    settings: CLAIM_SETTINGS,
  },
  {
    name: 'claimed consignments with filing header (selectAssessable)',
    sql: (s) => sql`select c.*, f.id, f.mrn, f.filer_id, f.level, v.header, v.timing, v.received_at, v.issues
      from consignments c join filings f on f.id = c.filing_id
      join filing_versions v on v.filing_id = c.filing_id and v.version = c.version
      where c.id = any(array(select jsonb_array_elements_text(${JSON.stringify([s.id])}::jsonb)::uuid))`,
  },
  {
    name: 'latest assessments (latestAssessments)',
    sql: (s) => sql`select distinct on (consignment_id) consignment_id, result from assessments
      where consignment_id in (${s.id}::uuid) order by consignment_id, id desc`,
  },
  {
    name: 'party history (loadHistoryFacts)',
    sql: () => sql`select * from party_history where party_key = any(array(select jsonb_array_elements_text(${JSON.stringify(['party-1', 'carrier-ocean'])}::jsonb)))`,
  },
  {
    name: 'multiple filing: masters (findLinkedParts)',
    sql: (s) => sql`select c.transport_document_number from consignments c where c.transport_document_number in (${s.tdn})
      and (select f.level in ('master', 'complete') and f.status = 'registered' from filings f where f.id = c.filing_id)`,
  },
  {
    name: 'multiple filing: houses (findLinkedParts)',
    sql: (s) => sql`select c.master_document_number, count(*)::int from consignments c where c.master_document_number in (${s.tdn})
      and (select f.level = 'house' and f.status = 'registered' from filings f where f.id = c.filing_id) group by c.master_document_number`,
  },
  {
    name: 'incomplete parts to re-queue (requeueLinkedIncomplete)',
    sql: (s) => sql`select id, version from consignments where state = 'incomplete'
      and (master_document_number in (${s.tdn}) or transport_document_number in (${s.tdn}))`,
  },
  {
    name: 'decision write: current versions (storeDecisions)',
    sql: (s) => sql`select id, version from consignments where id in (${s.id}::uuid)`,
  },
  {
    name: 'registration: filing by filer and LRN (registerFiling)',
    sql: (s) => sql`select * from filings where filer_id = ${s.filer}::uuid and lrn = 'FILL-1' for update`,
  },
  {
    name: 'registration: filing by MRN (findFilingByMrn)',
    sql: (s) => sql`select * from filings where mrn = ${s.mrn}`,
  },
  {
    name: 'registration: submission by sha256',
    sql: () => sql`select * from submissions where sha256 = ${'a'.repeat(64)}`,
  },
  {
    name: 'outbox claim (claimOutbox)',
    sql: () => sql`select o.id from outbox o where o.status = 'pending' and o.available_at <= now()
      and not exists (select 1 from outbox e where e.status = 'pending' and e.topic = o.topic and e.message_key = o.message_key
        and e.id < o.id and e.available_at > now())
      order by o.id limit 200 for update skip locked`,
  },
  {
    name: 'outbox backlog (outboxBacklog, /metrics)',
    sql: () => sql`select count(*)::int, extract(epoch from now() - min(created_at))::float8 from outbox where status = 'pending'`,
  },
  {
    name: 'webhook claim (claimWebhookDeliveriesFairly)',
    sql: () => sql`select id from (select n.id, n.webhook_next_at, row_number() over (partition by n.filer_id order by n.webhook_next_at, n.created_at) as rank
      from notifications n where n.webhook_status = 'pending' and n.webhook_next_at <= now()) ranked
      where rank <= 2 order by webhook_next_at limit 100`,
  },
  {
    name: 'notifications of a filing (listNotificationsForFiling)',
    sql: (s) => sql`select * from notifications where mrn = ${s.mrn} order by created_at`,
  },
  {
    name: 'lane quota (reserveLaneCapacity)',
    sql: () => sql`select used from lane_quota_usage where day = '2026-12-05' and lane = 'red' for update`,
  },
];
