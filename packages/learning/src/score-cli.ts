/**
 * `score`: fit on --history, score --input, write `Declaration ID,score`.
 *   npx tsx --conditions=source packages/learning/src/score-cli.ts \
 *     --history a.csv b.csv --input x.csv --target fraud|critical [--out file]
 * The product CLI mounts `runScoreCommand` as its `score` subcommand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '@safe-screen/domain';
import { TARGETS, type Target } from './labelled-example.js';
import { scoreCsvDetailed } from './score-csv.js';

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const USAGE = 'usage: score --history a.csv [b.csv ...] --input x.csv --target fraud|critical [--out file]\n';

/** Returns the exit code: 0 done, 2 bad arguments, 1 unreadable files. */
export function runScoreCommand(argv: readonly string[], io: CommandIo = processIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        history: { type: 'string', multiple: true },
        input: { type: 'string' },
        target: { type: 'string' },
        out: { type: 'string' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  // `--history a.csv b.csv`: parseArgs takes one value per flag, the rest arrive as positionals.
  const history = [...(values.history ?? []), ...positionals];
  const target = values.target;
  if (history.length === 0 || values.input === undefined || !TARGETS.includes(target as Target)) {
    io.stderr(USAGE);
    return 2;
  }
  try {
    const result = scoreCsvDetailed({
      historyCsvs: history.map((file) => readFileSync(file, 'utf8')),
      inputCsv: readFileSync(values.input, 'utf8'),
      target: target as Target,
    });
    for (const { file, issue } of result.issues) {
      io.stderr(`${file} line ${issue.line}: ${issue.severity} ${issue.code} ${issue.message}\n`);
    }
    if (result.historyRowsExcluded > 0) {
      io.stderr(`${result.historyRowsExcluded} history rows share an id with the input and were not used\n`);
    }
    io.stderr(`model ${result.model.version}: ${result.model.training.examples} examples, ${result.model.training.adverse} adverse\n`);
    if (values.out === undefined) io.stdout(result.csv);
    else writeFileSync(values.out, result.csv);
    return 0;
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'LEARNING_SCORE_FAILED';
    io.stderr(`${code}: ${(error as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runScoreCommand(process.argv.slice(2));
}
