/**
 * `safe-screen sanctions load <file>`: stores a list edition (UN XML, OFAC sdn.csv or consolidated XML,
 * Canada SEMA XML, BIS DPL text) as the active edition of its source; an older edition than the active
 * one only with `--force`. Running instances pick it up at their next snapshot refresh
 * (within 10 s) and replace their worker pools.
 */
import { AppError } from '@safe-screen/domain';
import { requeueOpenConsignments, saveSanctionsEdition } from '@safe-screen/db';
import { loadSanctionsFile } from '@safe-screen/risk';
import { CliError, EXIT, type CliIo, type ExitCode } from '../cli-io.js';
import { withDatabase } from '../open-cli-database.js';

export interface SanctionsLoadOptions {
  source?: 'un' | 'ofac';
  edition?: string;
  /** Activate even when the file is older than the active edition of its source. */
  force?: boolean;
}

const SOURCE_PREFIX = { un: 'UN', ofac: 'OFAC' } as const;

export async function runSanctionsLoad(file: string, options: SanctionsLoadOptions, io: CliIo): Promise<ExitCode> {
  let list;
  try {
    list = loadSanctionsFile(file, options.edition === undefined ? {} : { edition: options.edition });
  } catch (error) {
    if (error instanceof AppError) throw new CliError(`${error.code}: ${error.message}`, EXIT.failed);
    if ((error as { code?: string }).code === 'ENOENT') throw new CliError(`no such file: ${file}`);
    throw error;
  }
  if (options.source !== undefined && !list.source.toUpperCase().startsWith(SOURCE_PREFIX[options.source])) {
    throw new CliError(`the file is a ${list.source} list, not ${options.source}`, EXIT.failed);
  }
  const id = `${list.source}:${list.edition}`;
  // Open consignments are re-screened with the new edition: a party listed today is caught before loading.
  const requeued = await withDatabase(io, async (database) => {
    try {
      await saveSanctionsEdition(database.db, { id, source: list.source, edition: list.edition, list: list as unknown as Record<string, unknown> }, { force: options.force === true });
    } catch (error) {
      if (error instanceof AppError) throw new CliError(`${error.code}: ${error.message} (--force)`, EXIT.failed);
      throw error;
    }
    return requeueOpenConsignments(database.db, `sanctions edition ${id}`);
  });
  io.stdout(`loaded ${id}: ${list.entries.length} entries; active for ${list.source} (instances switch within 10 s); ${requeued} open consignment(s) queued for re-screening\n`);
  return EXIT.ok;
}
