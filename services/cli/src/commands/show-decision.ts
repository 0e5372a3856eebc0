/** `safe-screen show <mrn>`: a filing's decision per consignment, as officers see it. */
import { findFilingByMrn } from '@safe-screen/db';
import { EXIT, type CliIo, type ExitCode } from '../cli-io.js';
import { formatTable } from '../format-table.js';
import { withDatabase } from '../open-cli-database.js';

export async function runShow(mrn: string, options: { json: boolean }, io: CliIo): Promise<ExitCode> {
  return withDatabase(io, async (database) => {
    const view = await findFilingByMrn(database.db, mrn.trim().toUpperCase(), { includeContent: false });
    if (view === undefined) {
      io.stderr(`no filing with MRN ${mrn}\n`);
      return EXIT.failed;
    }
    const rows = view.consignments.map((c) => ({
      sequence: c.sequence,
      transportDocument: c.transportDocumentNumber ?? '',
      state: c.state,
      outcome: c.outcome ?? '',
      lane: c.lane ?? '',
      score: c.score,
      holdStatus: c.holdStatus,
      ruleSetVersion: c.assessment?.ruleSetVersion ?? '',
      reasons: (c.assessment?.hits ?? []).filter((h) => h.weight !== 0).map((h) => h.ruleId),
    }));
    if (options.json) {
      io.stdout(`${JSON.stringify({ mrn: view.mrn, lrn: view.lrn, status: view.status, version: view.currentVersion, consignments: rows }, null, 2)}\n`);
      return EXIT.ok;
    }
    io.stdout(`${view.mrn}  LRN ${view.lrn}  ${view.format} ${view.level}  ${view.status}, version ${view.currentVersion}\n`);
    io.stdout(formatTable(
      ['#', 'TRANSPORT DOC', 'STATE', 'OUTCOME', 'LANE', 'SCORE', 'HOLD', 'RULE SET', 'REASONS'],
      rows.map((r) => [String(r.sequence), r.transportDocument, r.state, r.outcome, r.lane, r.score === null ? '' : String(r.score), r.holdStatus, r.ruleSetVersion, r.reasons.join(' ')]),
    ));
    return EXIT.ok;
  });
}
