/**
 * Sanctions screening queries per second and assessments per second on a pool of worker threads (one
 * per core), with the shipped starter rule set and sanctions list editions, on the corpus' own parties
 * and consignments. The database is left out on purpose: this is the CPU ceiling of the risk engine,
 * to compare with the end-to-end figure.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ClaimedJob } from '@safe-screen/db';
import type { Filing } from '@safe-screen/domain';
import { parseFilingSync } from '@safe-screen/manifest';
import { DEFAULT_POLICY, loadShippedSanctionsLists, loadStarterRuleSet } from '@safe-screen/risk';
import type { AssessTaskInput, RiskSnapshot } from '@safe-screen/ingest/worker-tasks';
import type { CorpusDocument } from './corpus.js';
import type { RiskWorkerMessage } from './risk-worker-tasks.js';

export interface RiskThroughput {
  screeningQueriesPerSecond: number;
  assessmentsPerSecond: number;
}

const ADMINISTRATION = 'NL';

export function buildSnapshot(): RiskSnapshot {
  return {
    ruleSetDocument: loadStarterRuleSet(),
    sanctionsLists: loadShippedSanctionsLists(),
    policy: { ...DEFAULT_POLICY, importingCountry: ADMINISTRATION, randomSelectionRate: 0.01, outboundInspectionCountries: ['CN'] },
    mra: { administration: ADMINISTRATION, domesticCountries: [ADMINISTRATION], partners: [] },
    drawSalt: 'bench',
  };
}

/** The jobs the assessor would claim for these filings, as the database would hand them over. */
export function jobsOf(filing: Filing, now: string): ClaimedJob[] {
  const { consignments, ...rest } = filing;
  const header = { ...rest, consignments: [] } as Filing;
  const filingId = randomUUID();
  return consignments.map((consignment, i) => ({
    jobId: i + 1,
    attempts: 1,
    consignmentId: randomUUID(),
    filingId,
    filingVersion: 1,
    mrn: `26NL${filingId.slice(0, 14).toUpperCase()}`,
    filerId: 'bench-filer',
    consignment,
    filing: header,
    timing: { late: false },
    receivedAt: now,
    issues: [],
    masterDocumentNumber: consignment.masterTransportDocument?.number ?? null,
    transportDocumentNumber: consignment.transportDocument?.number ?? null,
    level: filing.level,
    requestId: null,
  }));
}

function send(worker: Worker, message: RiskWorkerMessage): Promise<{ ms: number; count: number }> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage(message);
  });
}

/** Runs `messages[i]` on worker i at once and returns items per second of wall time. */
async function rate(workers: Worker[], messages: RiskWorkerMessage[]): Promise<number> {
  const started = performance.now();
  const results = await Promise.all(workers.map((w, i) => send(w, messages[i]!)));
  return results.reduce((n, r) => n + r.count, 0) / ((performance.now() - started) / 1000);
}

export async function measureRiskThroughput(docs: readonly CorpusDocument[], threads: number, batchSize: number): Promise<RiskThroughput> {
  const now = new Date().toISOString();
  const jobs = docs.flatMap((doc) => {
    const outcome = parseFilingSync(doc.xml);
    if (!outcome.ok) throw new Error(`corpus document ${doc.seed} does not parse: ${outcome.issues[0]?.code ?? '?'}`);
    return jobsOf(outcome.filing, now);
  });
  const names = [...new Set(jobs.flatMap((j) => [...j.filing.parties, ...j.consignment.parties].flatMap((p) => (p.name === undefined ? [] : [p.name]))))];
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./risk-worker.mjs', import.meta.url), { workerData: buildSnapshot() }));
  try {
    const emptyFacts = { parties: {}, massByHs6: {}, aeo: {}, dismissals: [], incomplete: {}, amendmentCounts: {} };
    const batchesFor = (share: ClaimedJob[]): AssessTaskInput[] => {
      const batches: AssessTaskInput[] = [];
      for (let i = 0; i < share.length; i += batchSize) batches.push({ jobs: share.slice(i, i + batchSize), facts: emptyFacts, now });
      return batches;
    };
    // Warm-up on a slice, then the measured pass with each thread taking its share.
    await rate(workers, workers.map(() => ({ kind: 'screen', names: names.slice(0, 200), rounds: 1 })));
    const screeningQueriesPerSecond = await rate(workers, workers.map((_, i) => ({ kind: 'screen', names: names.filter((_, k) => k % threads === i), rounds: 2 })));
    await rate(workers, workers.map(() => ({ kind: 'assess', batches: batchesFor(jobs.slice(0, 100)) })));
    const assessmentsPerSecond = await rate(workers, workers.map((_, i) => ({ kind: 'assess', batches: batchesFor(jobs.filter((_, k) => k % threads === i)) })));
    return { screeningQueriesPerSecond, assessmentsPerSecond };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
