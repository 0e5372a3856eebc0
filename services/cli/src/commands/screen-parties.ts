/**
 * `safe-screen screen <file>`: screens every party in a CSV (header with name, and optionally country,
 * birthDate, imo, type) or JSON-lines file against the active sanctions list editions in the database,
 * the same index and matcher the instances assess with. Writes one JSON line per input row to stdout
 * ({line, query, matches, error?}, each match with its entry, matched name and per-feature evidence),
 * progress on stderr (a bar on a terminal, plain lines otherwise). Exit 1 when some row was invalid.
 */
import { readFileSync } from 'node:fs';
import { listActiveSanctionsEditions } from '@safe-screen/db';
import { buildSanctionsIndex, DEFAULT_POLICY, readScreeningRows, screenParty, type SanctionsList, type ScreeningRowsFormat } from '@safe-screen/risk';
import { CliError, EXIT, type CliIo, type ExitCode } from '../cli-io.js';
import { withDatabase } from '../open-cli-database.js';
import { startProgress } from '../progress.js';

export interface ScreenOptions {
  format?: ScreeningRowsFormat;
  threshold?: number;
  progress: boolean;
}

export async function runScreenParties(file: string, options: ScreenOptions, io: CliIo): Promise<ExitCode> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new CliError(`no such file: ${file}`);
    throw error;
  }
  const format = options.format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv');
  const threshold = options.threshold ?? DEFAULT_POLICY.sanctionsThreshold;
  if (!(threshold >= 0.5 && threshold <= 1)) throw new CliError('--threshold must be between 0.5 and 1');
  const rows = readScreeningRows(text, format);
  const lists = await withDatabase(io, async (database) => (await listActiveSanctionsEditions(database.db)).map((e) => e.list as unknown as SanctionsList));
  if (lists.length === 0) throw new CliError('no active sanctions edition in the database: load one with `sanctions load`', EXIT.failed);
  const index = buildSanctionsIndex(lists);
  io.stderr(`screening ${rows.length} row(s) against ${index.editions.join(' ')} at ${threshold}\n`);
  const progress = startProgress(io, 'screening', rows.length, options.progress);
  let invalid = 0;
  let matched = 0;
  for (const row of rows) {
    if (row.query === undefined || row.error !== undefined) {
      invalid++;
      io.stdout(`${JSON.stringify({ line: row.line, ...(row.query === undefined ? {} : { query: row.query }), matches: [], error: row.error })}\n`);
    } else {
      const matches = screenParty(index, row.query, { threshold }).map((m) => ({ score: m.score, entry: m.entry, matchedName: m.matchedName, matchedNameKind: m.matchedNameKind, evidence: m.evidence }));
      if (matches.length > 0) matched++;
      io.stdout(`${JSON.stringify({ line: row.line, query: row.query, threshold, matches })}\n`);
    }
    progress.increment(row.query?.name);
  }
  progress.stop();
  io.stderr(`${rows.length} row(s): ${matched} with a match, ${invalid} invalid\n`);
  return invalid > 0 ? EXIT.failed : EXIT.ok;
}
