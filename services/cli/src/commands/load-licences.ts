/**
 * `safe-screen licences load <file.json>`: adds licences to the register or replaces the terms of
 * known ones (same issuing country and number). One object or an array; all or nothing: a file with
 * any bad field loads nothing and lists every problem with its path.
 */
import { readFileSync } from 'node:fs';
import { upsertLicences } from '@safe-screen/db/licence-repository';
import { parseLicenceRecords } from '@safe-screen/risk';
import { CliError, EXIT, type CliIo, type ExitCode } from '../cli-io.js';
import { withDatabase } from '../open-cli-database.js';

export async function runLicencesLoad(file: string, io: CliIo): Promise<ExitCode> {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseLicenceRecords(document);
  if (!parsed.ok) {
    for (const issue of parsed.issues) io.stderr(`${file}: ${issue.path || '(root)'} ${issue.message}\n`);
    io.stderr(`${parsed.issues.length} problem(s); nothing loaded\n`);
    return EXIT.failed;
  }
  const counts = await withDatabase(io, (database) => upsertLicences(database.db, parsed.licences, 'cli'));
  io.stdout(`loaded ${counts.inserted} new licence(s), updated ${counts.updated}; assessments check citations against them at once\n`);
  return EXIT.ok;
}
