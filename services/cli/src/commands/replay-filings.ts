/**
 * `safe-screen replay --rule-set <version>`: re-runs stored consignments received since a date
 * through a stored rule set version and reports how the decisions would differ. Writes nothing.
 */
import { countAssessedConsignments, findRuleSet, listAssessedConsignments } from '@safe-screen/db';
import { CliError, EXIT, type CliIo, type ExitCode } from '../cli-io.js';
import { withDatabase } from '../open-cli-database.js';
import { formatReassessment, reassessStored } from '@safe-screen/ingest/reassess-stored';

export async function runReplay(options: { ruleSet: string; since: string; limit: number; examples: number; json: boolean }, io: CliIo): Promise<ExitCode> {
  const since = new Date(options.since);
  if (Number.isNaN(since.getTime())) throw new CliError(`--since must be a date (YYYY-MM-DD or ISO 8601), got "${options.since}"`);
  return withDatabase(io, async (database, config) => {
    const stored = await findRuleSet(database.db, options.ruleSet);
    if (stored === undefined) {
      io.stderr(`no rule set version ${options.ruleSet}\n`);
      return EXIT.failed;
    }
    const cases = await listAssessedConsignments(database.db, { since, limit: options.limit });
    const total = await countAssessedConsignments(database.db, since);
    const report = await reassessStored(database, config, stored.document, cases);
    if (options.json) io.stdout(`${JSON.stringify({ ruleSetVersion: options.ruleSet, since: since.toISOString(), available: total, ...report }, null, 2)}\n`);
    else {
      io.stdout(`replay through rule set ${options.ruleSet} of filings received since ${since.toISOString()}\n`);
      if (total > cases.length) io.stdout(`(the newest ${cases.length} of ${total} assessed consignments; raise --limit for all)\n`);
      io.stdout(formatReassessment(report, options.examples));
    }
    return report.failed > 0 ? EXIT.failed : EXIT.ok;
  });
}
