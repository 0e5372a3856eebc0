/**
 * Fills a database with the officer queue of a large administration, in bulk (one statement per
 * table): `filings` filings of three consignments each (documents BLQ<k>, masters MBQ<k/10>,
 * containers QCNU<k, 7 digits>, consignees "Importer <k> Trading"), on 2,000 vessels (IMO 9100000+n,
 * "Vessel <n> Star") loading over the next 40 days; the first `holds` consignments are held in the
 * four queue statuses, the rest released; each has one assessment that fired FILL-RULE. Needs one
 * registered filing already there (its header and consignment are the templates).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';

export async function fillQueue(db: Db, filerId: string, filings: number, holds = 100_000): Promise<void> {
  await db.execute(sql`insert into filings (mrn, filer_id, lrn, format, level, transport_mode, conveyance_ref)
    select '26GBQ' || lpad(g::text, 13, '0'), ${filerId}::uuid, 'QL-' || g, 'canonical', 'complete', 'sea', 'VOY' || (g % 900) from generate_series(1, ${filings}) g`);
  // Each vessel (IMO, name) carries many filings; loading is spread over the next 40 days.
  await db.execute(sql`insert into filing_versions (filing_id, version, sha256, archive_key, document, header, issues, timing, received_at)
    select f.id, 1, md5(f.id::text), 'raw/fill', '{}'::jsonb,
      jsonb_set(v.header, '{conveyance}', (v.header -> 'conveyance') || jsonb_build_object(
      'identifier', 'IMO' || (9100000 + n % 2000), 'name', 'Vessel ' || (n % 2000) || ' Star',
      'expectedLoadingAt', to_char(now() + make_interval(mins => (n * 37) % 57600), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))),
      '[]'::jsonb, '{"late": false}'::jsonb, now()
    from (select id, substr(lrn, 4)::int as n from filings where lrn like 'QL-%') f cross join (select header from filing_versions limit 1) v`);
  // Three consignments per filing; the first `holds` are held, the rest released.
  await db.execute(sql`insert into consignments (filing_id, sequence, version, transport_document_number, master_document_number, export_country, place_of_loading, content, state, outcome, lane, score, hold_status)
    select f.id, s, 1, 'BLQ' || k, 'MBQ' || (k / 10), 'CN', 'CNSHA',
      jsonb_set(jsonb_set(c.content, '{equipment}', jsonb_build_array(jsonb_build_object('containerNumber', 'QCNU' || lpad(k::text, 7, '0'), 'seals', '[]'::jsonb))),
      '{parties}', jsonb_build_array(jsonb_build_object('role', 'consignee', 'name', 'Importer ' || k || ' Trading'))),
      'assessed', 'screening_request', (array['red', 'yellow', 'green'])[1 + k % 3], (k * 7919) % 100,
      case when k <= ${holds} then (array['open', 'held', 'inspection_requested', 'do_not_load'])[1 + k % 4] else 'released' end
    from (select id, substr(lrn, 4)::int as n from filings where lrn like 'QL-%') f cross join generate_series(1, 3) s
      cross join lateral (select (f.n - 1) * 3 + s as k) kk cross join (select content from consignments limit 1) c`);
  await db.execute(sql`insert into assessments (consignment_id, filing_version, outcome, lane, score, rule_set_version, result)
    select id, 1, 'screening_request', lane, score, 'fill', jsonb_build_object('summary', 'fill', 'hits', jsonb_build_array(jsonb_build_object('ruleId', 'FILL-RULE', 'source', 'rule', 'weight', 40)))
    from consignments where lane is not null`);
}
