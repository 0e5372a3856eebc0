/**
 * `safe-screen demo`: files a realistic day of traffic with a running instance, dated around now, so a
 * newcomer sees a living officer queue, case pages and charts without editing XML: every mode, every
 * outcome (see buildDemoDay for the scenarios). Each run is new traffic (new LRNs and documents).
 */
import { buildDemoDay } from '@safe-screen/manifest/demo/build-demo-day';
import { EXIT, type CliIo, type ExitCode } from '../cli-io.js';
import { formatTable } from '../format-table.js';
import { startProgress } from '../progress.js';
import { instanceOf, postFiling, type FilingResultRow } from './file-manifests.js';

export interface DemoOptions {
  url?: string;
  key?: string;
  consignments: number;
  json: boolean;
}

export async function runDemo(options: DemoOptions, io: CliIo): Promise<ExitCode> {
  const { url, key } = instanceOf(options, io);
  const runId = Date.now().toString(36).toUpperCase().slice(-6);
  const day = buildDemoDay({ now: new Date(), runId, generatedConsignments: options.consignments });
  const progress = startProgress(io, 'demo', day.length, !options.json);
  const results: (FilingResultRow & { scenario: string })[] = [];
  // One at a time, in order: the queue then reads like the day it describes.
  for (const filing of day) {
    results.push({ ...(await postFiling(url, key, filing.lrn, filing.xml)), scenario: filing.scenario });
    progress.increment(filing.lrn);
  }
  progress.stop();
  const refused = results.filter((r) => r.httpStatus < 200 || r.httpStatus >= 300);
  const consoleUrl = `${url.replace(/\/$/, '')}/console`;
  if (options.json) {
    io.stdout(`${JSON.stringify({ runId, console: consoleUrl, filings: results.map(({ path, httpStatus, mrn, status, scenario, issues }) => ({ lrn: path, httpStatus, mrn, status, scenario, issues })) }, null, 2)}\n`);
  } else {
    io.stdout(formatTable(['LRN', 'MRN', 'STATUS', 'WHAT IT SHOWS'], results.map((r) => [r.path, r.mrn, r.status, r.scenario])));
    io.stdout(`\n${results.length - refused.length} of ${results.length} filings registered; decisions follow within seconds.\n`);
    io.stdout(`Open the officer console: ${consoleUrl}  (the queue, case pages with their evidence, the performance charts)\n`);
  }
  return refused.length === 0 ? EXIT.ok : EXIT.failed;
}
