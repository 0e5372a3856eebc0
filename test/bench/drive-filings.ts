/**
 * Drives the pipeline over HTTP as filers do, with Node's fetch: closed-loop concurrent filers for
 * throughput, and an open-loop schedule (requests sent on the clock, whatever the answers) for
 * latency at a chosen load, so a slow answer cannot lower the offered load and hide its own cost.
 */
import type { CorpusDocument } from './corpus.js';

export interface Registration {
  consignments: number;
  status: number;
  mrn?: string;
  ms: number;
  /** 503 answers (or connections closed by a server shedding load) retried before this registration succeeded. */
  refusals: number;
}

export async function fileDocument(baseUrl: string, key: string, doc: CorpusDocument): Promise<Registration> {
  let refusals = 0;
  const started = performance.now();
  for (;;) {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/v1/filings`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', authorization: `Bearer ${key}` },
        body: doc.xml,
      });
    } catch (error) {
      // A server shedding load may answer 503 and close the socket before reading a large body:
      // the client then sees EPIPE/ECONNRESET instead of the answer. Counted as a refusal and retried.
      if (refusals >= 100) throw error;
      refusals++;
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    const body = (await response.json()) as { mrn?: string; code?: string; message?: string };
    if (response.status === 503 && refusals < 100) {
      refusals++;
      const retryAfter = Number(response.headers.get('retry-after') ?? '1');
      await new Promise((r) => setTimeout(r, Math.min(2, retryAfter) * 250));
      continue;
    }
    if (response.status !== 201 && response.status !== 200) {
      throw new Error(`filing ${doc.seed} (${doc.consignments} consignments) refused: ${response.status} ${body.code ?? ''} ${body.message ?? ''}`);
    }
    return { consignments: doc.consignments, status: response.status, ...(body.mrn === undefined ? {} : { mrn: body.mrn }), ms: performance.now() - started, refusals };
  }
}

/** `filers` concurrent filers, each sending its next document as soon as the previous is registered. */
export async function fileConcurrently(baseUrl: string, key: string, docs: readonly CorpusDocument[], filers: number): Promise<Registration[]> {
  const queue = [...docs];
  const results: Registration[] = [];
  await Promise.all(
    Array.from({ length: filers }, async () => {
      for (let doc = queue.shift(); doc !== undefined; doc = queue.shift()) results.push(await fileDocument(baseUrl, key, doc));
    }),
  );
  return results;
}

/**
 * Sends `docs` at `perSecond` on a fixed schedule until `shouldStop()` or the documents run out;
 * returns each registration's latency (from its scheduled send time, so queueing in the client counts).
 */
export async function fileOpenLoop(baseUrl: string, key: string, docs: readonly CorpusDocument[], perSecond: number, shouldStop: () => boolean): Promise<Registration[]> {
  const intervalMs = 1000 / perSecond;
  const started = performance.now();
  const inFlight: Promise<Registration>[] = [];
  for (let i = 0; i < docs.length && !shouldStop(); i++) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(fileDocument(baseUrl, key, docs[i]!).then((r) => ({ ...r, ms: performance.now() - due })));
  }
  return Promise.all(inFlight);
}
