/**
 * When is work "done"? A consignment counts once its decision is stored (no pending assessment job)
 * and, for risky ones, its inspection request and notifications are acknowledged by the Kafka broker
 * (outbox row 'sent': the relay marks it only after the delivery report). With PostgreSQL the bench
 * reads that directly (a test tool; the service is not involved). The embedded database belongs to
 * the service process, so there the bench asks the API whether any consignment is still pending.
 */
import postgres from 'postgres';

export interface ProgressWatcher {
  /** True when nothing is pending anywhere (jobs, and unsent outbox rows when Kafka is on). */
  allDone(): Promise<boolean>;
  /** True when the filing's consignments are all decided and its outbox rows sent. */
  filingDone(mrn: string): Promise<boolean>;
  /** Jobs that ended failed: must be zero for a valid run. */
  failedJobs(): Promise<number>;
  close(): Promise<void>;
}

export function watchDatabase(url: string): ProgressWatcher {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    allDone: async () => {
      const [row] = await sql<{ jobs: number; unsent: number }[]>`
        select (select count(*)::int from assessment_jobs where status = 'pending') as jobs,
               (select count(*)::int from outbox where status = 'pending') as unsent`;
      return row !== undefined && row.jobs === 0 && row.unsent === 0;
    },
    filingDone: async (mrn) => {
      const [row] = await sql<{ jobs: number; unsent: number }[]>`
        select (select count(*)::int from assessment_jobs j join consignments c on c.id = j.consignment_id
                  join filings f on f.id = c.filing_id where f.mrn = ${mrn} and j.status = 'pending') as jobs,
               (select count(*)::int from outbox where status = 'pending' and payload->>'mrn' = ${mrn}) as unsent`;
      return row !== undefined && row.jobs === 0 && row.unsent === 0;
    },
    failedJobs: async () => {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from assessment_jobs where status = 'failed'`;
      return row?.n ?? 0;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

export function watchApi(baseUrl: string, key: string, mrns: () => readonly string[]): ProgressWatcher {
  const finished = new Set<string>();
  let failed = 0;
  const filingDone = async (mrn: string): Promise<boolean> => {
    if (finished.has(mrn)) return true;
    const response = await fetch(`${baseUrl}/v1/filings/${mrn}`, { headers: { authorization: `Bearer ${key}` } });
    if (response.status !== 200) return false;
    const body = (await response.json()) as { consignments: { state: string }[] };
    if (body.consignments.some((c) => c.state === 'pending')) return false;
    failed += body.consignments.filter((c) => c.state === 'failed').length;
    finished.add(mrn);
    return true;
  };
  return {
    allDone: async () => {
      for (const mrn of mrns()) if (!(await filingDone(mrn))) return false;
      return true;
    },
    filingDone,
    failedJobs: () => Promise.resolve(failed),
    close: () => Promise.resolve(),
  };
}

/** Polls `done` every `pollMs` until it holds; returns the time it first held, in performance.now() ms. */
export async function waitUntil(done: () => Promise<boolean>, pollMs: number, timeoutMs: number): Promise<number> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    if (await done()) return performance.now();
    if (performance.now() > until) throw new Error(`work not finished within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
