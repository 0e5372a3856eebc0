/**
 * The officer queue at national scale (queue-repository.ts) on real PostgreSQL: 100,000 open holds
 * among 130,000 consignments, filled in bulk. Pages walk forward and back with the cursor in the
 * queue's order without gaps or repeats; every kind of search finds what it should; and neither a
 * page nor any search reads a big table whole (no sequential scan: each has its index, migration 0009).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import { openDatabase, type Database } from './client.js';
import { createPrincipal } from './principal-repository.js';
import { registerFiling } from './filing-repository.js';
import { pageQueue, queueCountSql, queuePageSql, searchIdsSql, type QueuePageFilter } from './queue-repository.js';
import { fillQueue } from './testing/queue-fill.js';
import { sampleFiling } from './testing/sample-filing.js';

const BIG = ['filings', 'filing_versions', 'consignments', 'assessments'];
const FILINGS = 43_334; // three consignments each: 130,002 consignments, 100,000 of them held

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe('the officer queue with 100,000 open holds (postgres)', () => {
  let test: TestDatabase;
  let database: Database;

  const plan = async (query: SQL) => {
    const [row] = rowsOf<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(await database.db.execute(sql`explain (format json) ${query}`));
    return nodesOf(row!['QUERY PLAN'][0]!.Plan);
  };
  const seqScans = (nodes: PlanNode[]) => nodes.filter((n) => n['Node Type'] === 'Seq Scan' && BIG.includes(n['Relation Name'] ?? '')).map((n) => n['Relation Name']);

  beforeAll(async () => {
    test = await createTestDatabase();
    database = openDatabase({ kind: 'postgres', url: test.url, poolSize: 2 });
    await database.migrate();
    const db = database.db;
    const filer = (await createPrincipal(db, { role: 'filer', name: 'Carrier A' })).id;
    await registerFiling(db, {
      filerId: filer, principalId: filer, filing: sampleFiling('SEED', 1), sha256: '0'.repeat(64), archiveKey: 'raw/seed', size: 10,
      issues: [], timing: { late: false }, receivedAt: new Date(), administrationCountry: 'GB', partyKeys: ['seed'],
    });
    await fillQueue(db, filer, FILINGS);
    await db.execute(sql`analyze`);
  }, 600_000);
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it('counts holds up to 10,000 and pages forward and back in the queue order without gaps or repeats', async () => {
    const db = database.db;
    const first = await pageQueue(db, { limit: 50 });
    expect(first.total).toBe(10_000);
    expect(first.totalIsLowerBound).toBe(true);
    expect(first.previous).toBeNull();
    const second = await pageQueue(db, { limit: 50, after: first.next! });
    const third = await pageQueue(db, { limit: 50, after: second.next! });
    const expected = rowsOf<{ id: string }>(await db.execute(sql`select c.id from consignments c join filings f on f.id = c.filing_id
      where c.hold_status in ('open', 'held', 'inspection_requested', 'do_not_load') and c.state <> 'pending' and f.status = 'registered'
      order by c.loading_at asc nulls last, c.score desc nulls last, c.id limit 150`)).map((r) => r.id);
    expect([...first.items, ...second.items, ...third.items].map((i) => i.consignmentId)).toEqual(expected);
    const back = await pageQueue(db, { limit: 50, before: third.previous! });
    expect(back.items.map((i) => i.consignmentId)).toEqual(second.items.map((i) => i.consignmentId));
    const backToStart = await pageQueue(db, { limit: 50, before: back.previous! });
    expect(backToStart.items.map((i) => i.consignmentId)).toEqual(first.items.map((i) => i.consignmentId));
    expect(backToStart.previous).toBeNull();
    expect(first.items[0]?.rules).toEqual(['FILL-RULE']);
    const loading = first.items.map((i) => i.loadingAt!.getTime());
    expect(loading).toEqual([...loading].sort((a, b) => a - b));
  });

  it('finds holds by MRN, LRN, transport document, master document, container, party name, vessel IMO and name', async () => {
    const db = database.db;
    const ids = async (search: string, extra: Partial<QueuePageFilter> = {}) => (await pageQueue(db, { limit: 500, search, ...extra })).items;
    expect((await ids('26GBQ0000000000007')).map((i) => i.sequence).sort()).toEqual([1, 2, 3]);
    expect((await ids('QL-7')).map((i) => i.lrn)).toEqual(['QL-7', 'QL-7', 'QL-7']);
    expect((await ids('BLQ20')).map((i) => i.transportDocumentNumber)).toEqual(['BLQ20']);
    expect((await ids('MBQ2')).length).toBe(10);
    expect((await ids('qcnu0000031')).map((i) => i.transportDocumentNumber)).toEqual(['BLQ31']);
    expect((await ids('Importer 4242 trad')).map((i) => i.transportDocumentNumber)).toEqual(['BLQ4242']);
    // Released consignments are not in the queue, however they match.
    expect(await ids('BLQ100001')).toEqual([]);
    const imo = await pageQueue(db, { limit: 500, search: '9100005' });
    expect(imo.total).toBeGreaterThan(0);
    expect(imo.items.every((i) => Number(i.lrn.slice(3)) % 2000 === 5)).toBe(true);
    expect((await pageQueue(db, { limit: 500, search: 'IMO 9100005' })).total).toBe(imo.total);
    expect((await pageQueue(db, { limit: 500, search: 'vessel 5 star' })).total).toBe(imo.total);
  });

  it('plans a page and every search on indexes: no sequential scan of a big table', async () => {
    const first = await pageQueue(database.db, { limit: 50 });
    const queries: [string, QueuePageFilter][] = [
      ['first page', { limit: 50 }],
      ['next page', { limit: 50, after: first.next! }],
      ['previous page', { limit: 50, before: first.next! }],
      ['red lane page', { limit: 50, lane: 'red' }],
      ['search MRN', { limit: 50, search: '26GBQ0000000000007' }],
      ['search LRN', { limit: 50, search: 'QL-7' }],
      ['search document', { limit: 50, search: 'BLQ20' }],
      ['search container', { limit: 50, search: 'QCNU0000031' }],
      ['search party', { limit: 50, search: 'Importer 4242' }],
      ['search IMO', { limit: 50, search: 'IMO9100005' }],
      ['search vessel name', { limit: 50, search: 'Vessel 5 Star' }],
    ];
    const found: string[] = seqScans(await plan(queueCountSql({ limit: 50 }))).map((t) => `count: Seq Scan on ${t}`);
    for (const [name, query] of queries) {
      let filter = query;
      if (query.search !== undefined) {
        const search = query.search;
        found.push(...seqScans(await plan(searchIdsSql(search))).map((t) => `${name} (matching): Seq Scan on ${t}`));
        const ids = rowsOf<{ id: string }>(await database.db.execute(searchIdsSql(search))).map((r) => r.id);
        expect(ids.length, name).toBeGreaterThan(0);
        filter = { limit: 50, ids };
      }
      const nodes = await plan(queuePageSql(filter));
      found.push(...seqScans(nodes).map((t) => `${name}: Seq Scan on ${t}`));
      if (name === 'first page') expect(nodes.some((n) => n['Index Name'] === 'consignments_queue_page_idx')).toBe(true);
    }
    expect(found).toEqual([]);
  });
});
