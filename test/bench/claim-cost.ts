/**
 * Main-thread CPU of the assessor's claim (claimAssessmentJobs: the locking statement, the lease
 * update and the read of each claimed consignment with its filing header), per claimed job: the
 * largest part of the "decide" stage that is not the decision write. 40 filings of 100 consignments
 * are registered, then claimed 400 at a time; process CPU (this process has no worker threads) is
 * read around the claims only.
 *
 *   bash infra/with-servers.sh npx tsx --conditions source test/bench/claim-cost.ts
 */
import { claimAssessmentJobs, createPrincipal, openDatabase, registerFiling } from '@safe-screen/db';
import { sampleFiling } from '@safe-screen/db/testing/sample-filing';
import { createTestDatabase } from '@safe-screen/testing';

const test = await createTestDatabase('safe_claim');
const database = openDatabase({ kind: 'postgres', url: test.url, poolSize: 2 });
try {
  await database.migrate();
  const filerId = (await createPrincipal(database.db, { role: 'filer', name: 'Carrier A' })).id;
  for (let i = 0; i < 40; i++) {
    await registerFiling(database.db, {
      filerId, principalId: filerId, filing: sampleFiling(`CLAIM-${i}`, 100), sha256: String(i).padStart(64, '0'), archiveKey: `raw/${i}`, size: 10,
      issues: [], timing: { late: false }, receivedAt: new Date(), administrationCountry: 'GB', partyKeys: [],
    });
  }
  await claimAssessmentJobs(database.db, 10, 1); // warm-up (JIT, connections); the lease runs out at once
  await new Promise((r) => setTimeout(r, 50));
  const before = process.cpuUsage();
  let claimed = 0;
  for (let n = await claimAssessmentJobs(database.db, 400, 300_000); n.length > 0; n = await claimAssessmentJobs(database.db, 400, 300_000)) claimed += n.length;
  const used = process.cpuUsage(before);
  console.log(`claimed ${claimed} jobs: ${((used.user + used.system) / 1000 / claimed).toFixed(3)} ms main-thread CPU per job`);
} finally {
  await database.close();
  await test.drop();
}
