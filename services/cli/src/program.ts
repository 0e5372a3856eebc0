/**
 * The one entry point: `safe-screen <command> [options]`, `--help` on every command. Each action
 * returns an exit code; usage mistakes (unknown command or option, missing argument, bad setting)
 * exit 2 without doing anything.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runScoreCommand } from '@safe-screen/learning/score-cli';
import { CliError, EXIT, type CliIo, type ExitCode } from './cli-io.js';
import { runAeoImport } from './commands/import-aeo.js';
import { runLicencesLoad } from './commands/load-licences.js';
import { runFileCommand } from './commands/file-manifests.js';
import { runDemo, type DemoOptions } from './commands/run-demo.js';
import { runSanctionsLoad } from './commands/load-sanctions.js';
import { runScreenParties, type ScreenOptions } from './commands/screen-parties.js';
import { parsePositiveInt, runRulesActivate, runRulesShadow, runRulesValidate } from './commands/manage-rules.js';
import { runMigrate } from './commands/migrate-database.js';
import { runReplay } from './commands/replay-filings.js';
import { runShow } from './commands/show-decision.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  the command ran but part of the work failed (refused filings, invalid rule set, unknown MRN, bad CSV rows)
  2  usage or configuration error: nothing was done

Settings come from the environment, as for the service: DATABASE_URL (or DATA_DIR for the embedded
database) for database commands; SAFE_SCREEN_URL and SAFE_SCREEN_KEY for \`file\`.`;

const positiveInt = (name: string) => (value: string) => {
  try {
    return parsePositiveInt(value, name);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

export function buildProgram(io: CliIo, done: (code: ExitCode) => void): Command {
  const program = new Command('safe-screen')
    .description('Operate a SAFE Screen installation: file manifests, load reference data, manage rule sets, inspect decisions, migrate.')
    .showHelpAfterError()
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const configure = (command: Command) => command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).addHelpText('after', EXIT_CODES_HELP);

  configure(program.command('file'))
    .description('file XML manifests (files, or folders searched for *.xml) with a running instance')
    .argument('<paths...>', 'files or folders')
    .option('--url <url>', 'base URL of the instance (default: $SAFE_SCREEN_URL)')
    .option('--key <key>', 'filer API key (default: $SAFE_SCREEN_KEY)')
    .option('--concurrency <n>', 'filings in flight at once', positiveInt('--concurrency'), 4)
    .option('--no-progress', 'no progress bar or progress lines')
    .option('--json', 'the results as JSON (no progress)', false)
    .action(async (paths: string[], options: { url?: string; key?: string; concurrency: number; progress: boolean; json: boolean }) => done(await runFileCommand(paths, options, io)));

  configure(program.command('demo'))
    .description('file a realistic day of traffic, dated around now, with a running instance: every mode and every outcome, for a first look at the console')
    .option('--url <url>', 'base URL of the instance (default: $SAFE_SCREEN_URL)')
    .option('--key <key>', 'filer API key (default: $SAFE_SCREEN_KEY)')
    .option('--consignments <n>', "house consignments in the day's generated vessel manifest", positiveInt('--consignments'), 300)
    .option('--json', 'the filings and their MRNs as JSON', false)
    .action(async (options: DemoOptions) => done(await runDemo(options, io)));

  const sanctions = configure(program.command('sanctions')).description('sanctions list editions');
  configure(sanctions.command('load'))
    .description('load a list edition (UN consolidated XML, OFAC sdn.csv or consolidated XML, Canada SEMA XML, BIS DPL text; gzipped or not) as the active edition of its source')
    .argument('<file>')
    .addOption(new Option('--source <source>', 'refuse the file unless it is this list').choices(['un', 'ofac']))
    .option('--edition <date>', 'publish date, required for OFAC sdn.csv and the BIS DPL (they carry none)')
    .option('--force', 'activate even when the file is older than the active edition of its source', false)
    .action(async (file: string, options: { source?: 'un' | 'ofac'; edition?: string; force: boolean }) => done(await runSanctionsLoad(file, options, io)));

  configure(program.command('screen'))
    .description('screen every party in a CSV (header: name[,country,birthDate,imo,type]) or JSON-lines file against the active sanctions editions; one JSON line per row on stdout')
    .argument('<file>')
    .addOption(new Option('--format <format>', 'input format (default: from the extension, .jsonl/.ndjson or CSV)').choices(['csv', 'jsonl']))
    .option('--threshold <score>', 'report matches at or above this score (default: the assessment policy threshold)', Number)
    .option('--no-progress', 'no progress on stderr')
    .action(async (file: string, options: ScreenOptions) => done(await runScreenParties(file, options, io)));

  const aeo = configure(program.command('aeo')).description('the AEO registry');
  configure(aeo.command('import'))
    .description('import AEO authorisations from CSV (operatorId,type,status,validFrom,validTo,issuingCountry)')
    .argument('<csv>')
    .option('--partial', 'import the good rows even when some rows are bad (exit 1 still)', false)
    .option('--json', 'the count and every problem as JSON', false)
    .action(async (file: string, options: { partial: boolean; json: boolean }) => done(await runAeoImport(file, options, io)));

  const licences = configure(program.command('licences')).description('the licence register (arms, explosives, dual-use, controlled chemicals)');
  configure(licences.command('load'))
    .description('load licences from JSON (one object or an array; known issuing country + number get the new terms); all or nothing')
    .argument('<json>')
    .action(async (file: string) => done(await runLicencesLoad(file, io)));

  const rules = configure(program.command('rules')).description('targeting rule sets');
  configure(rules.command('validate'))
    .description('check a rule set file (YAML or JSON); every problem is listed with its path')
    .argument('<file>')
    .option('--json', 'the verdict and every issue as JSON', false)
    .action((file: string, options: { json: boolean }) => done(runRulesValidate(file, options, io)));
  configure(rules.command('shadow'))
    .description('assess recent filings with a proposed rule set and report what would change against the stored decisions (writes nothing)')
    .argument('<file>')
    .option('--days <n>', 'filings received in the last n days', positiveInt('--days'), 7)
    .option('--limit <n>', 'at most n consignments, newest first', positiveInt('--limit'), 5000)
    .option('--examples <n>', 'changed consignments to list', positiveInt('--examples'), 10)
    .option('--json', 'the whole report as JSON', false)
    .action(async (file: string, options: { days: number; limit: number; examples: number; json: boolean }) => done(await runRulesShadow(file, options, io)));
  configure(rules.command('activate'))
    .description('store (from a file) and activate a rule set version; instances switch within 10 s')
    .argument('<file|version>')
    .option('--json', 'the result as JSON', false)
    .action(async (target: string, options: { json: boolean }) => done(await runRulesActivate(target, options, io)));

  configure(program.command('show'))
    .description("show a filing's decision per consignment")
    .argument('<mrn>')
    .option('--json', 'as JSON', false)
    .action(async (mrn: string, options: { json: boolean }) => done(await runShow(mrn, options, io)));

  configure(program.command('replay'))
    .description('re-run stored filings through a stored rule set version and report differences (writes nothing)')
    .requiredOption('--rule-set <version>', 'a stored rule set version')
    .option('--since <date>', 'filings received since this date', new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10))
    .option('--limit <n>', 'at most n consignments, newest first', positiveInt('--limit'), 5000)
    .option('--examples <n>', 'changed consignments to list', positiveInt('--examples'), 10)
    .option('--json', 'the whole report as JSON', false)
    .action(async (options: { ruleSet: string; since: string; limit: number; examples: number; json: boolean }) => done(await runReplay(options, io)));

  configure(program.command('migrate'))
    .description('apply database migrations once (clusters run instances with MIGRATE_ON_START=false)')
    .option('--json', 'the result as JSON', false)
    .action(async (options: { json: boolean }) => done(await runMigrate(options, io)));

  configure(program.command('score'))
    .description('targeting model: fit on history CSVs and score an input CSV (see `safe-screen score --help`)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action((args: string[]) => done(runScoreCommand(args, io) as ExitCode));

  return program;
}

/** Runs one command line (without the node and script arguments); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode | undefined;
  const program = buildProgram(io, (c) => { code = c; });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr(`safe-screen: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`safe-screen: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failed;
  }
  if (code === undefined) {
    // A command group without a subcommand (e.g. `safe-screen rules`): show its help.
    io.stderr(program.helpInformation());
    return EXIT.usage;
  }
  return code;
}
