/**
 * Main-thread CPU of loadHistoryFacts (the party-history and commodity-mass lookups of every
 * assessment round) for 800 party keys and 100 HS6 codes, about what a round of 400 jobs asks.
 *
 *   bash infra/with-servers.sh npx tsx --conditions source test/bench/history-facts-cost.ts
 */
import { sql } from 'drizzle-orm';
import { loadHistoryFacts, openDatabase } from '@safe-screen/db';
import { createTestDatabase } from '@safe-screen/testing';
const test = await createTestDatabase('safe_hf');
const database = openDatabase({ kind: 'postgres', url: test.url, poolSize: 2 });
try {
  await database.migrate();
  await database.db.execute(sql`insert into party_history (party_key, first_seen_at, filings) select 'name:party ' || g, now(), 1 from generate_series(1, 5000) g`);
  const keys = Array.from({ length: 800 }, (_, i) => `name:party ${i * 5 + 5}`);
  const hs6 = Array.from({ length: 100 }, (_, i) => String(610000 + i));
  for (let i = 0; i < 5; i++) await loadHistoryFacts(database.db, keys, hs6);
  const before = process.cpuUsage();
  for (let i = 0; i < 50; i++) { const r = await loadHistoryFacts(database.db, keys, hs6); if (r.parties.size !== 800) throw new Error('wrong ' + r.parties.size); }
  const u = process.cpuUsage(before);
  console.log(`loadHistoryFacts, 800 party keys + 100 HS6: ${((u.user + u.system) / 1000 / 50).toFixed(2)} ms main-thread CPU per call`);
} finally { await database.close(); await test.drop(); }
