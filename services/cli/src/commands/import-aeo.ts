/**
 * `safe-screen aeo import <csv>`: adds or replaces AEO authorisations. All or nothing by default: a
 * file with any bad row imports nothing and lists every problem; --partial imports the good rows.
 */
import { readFileSync } from 'node:fs';
import { upsertAeoAuthorisations } from '@safe-screen/db';
import { parseAeoRegistryCsv } from '@safe-screen/risk';
import { CliError, EXIT, type CliIo, type ExitCode } from '../cli-io.js';
import { withDatabase } from '../open-cli-database.js';

export async function runAeoImport(file: string, options: { partial: boolean; json?: boolean }, io: CliIo): Promise<ExitCode> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`cannot read ${file}`);
  }
  const { authorisations, issues } = parseAeoRegistryCsv(text);
  const report = (imported: number) => {
    if (options.json === true) io.stdout(`${JSON.stringify({ file, imported, problems: issues }, null, 2)}\n`);
  };
  if (options.json !== true) for (const issue of issues) io.stderr(`${file}:${issue.line} ${issue.column} ${issue.code} ${issue.message}\n`);
  if (issues.length > 0 && !options.partial) {
    if (options.json === true) report(0);
    else io.stderr(`${issues.length} problem(s); nothing imported (use --partial to import the ${authorisations.length} good row(s))\n`);
    return EXIT.failed;
  }
  const rows = authorisations.map((a) => ({ operatorId: a.operatorId, type: a.type, status: a.status, issuingCountry: a.issuingCountry, validFrom: a.validFrom, validTo: a.validTo ?? null }));
  const count = await withDatabase(io, (database) => upsertAeoAuthorisations(database.db, rows));
  if (options.json === true) report(count);
  else io.stdout(`imported ${count} authorisation(s)${issues.length > 0 ? `, skipped rows with ${issues.length} problem(s)` : ''}; assessors use them within a minute\n`);
  return issues.length > 0 ? EXIT.failed : EXIT.ok;
}
