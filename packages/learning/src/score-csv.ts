import { AppError } from '@safe-screen/domain';
import { KCS_MAPPING, type CsvMapping } from './csv-mapping.js';
import { importExamplesCsv, readDeclarationsCsv, type ImportIssue } from './import-examples-csv.js';
import type { LabelledExample, Target } from './labelled-example.js';
import { formatCsvField } from '@safe-screen/domain';
import { scoreProbability } from './score-example.js';
import type { TargetingModel, TrainingSettings } from './targeting-model.js';
import { defaultSettings, trainModel } from './train-model.js';

export interface ScoreCsvInput {
  /** Contents of the history files (labelled, same columns). */
  historyCsvs: string[];
  /** Contents of the file to score; its label columns, if any, are never read. */
  inputCsv: string;
  target: Target;
  mapping?: CsvMapping;
  settings?: TrainingSettings;
}

export interface ScoreCsvResult {
  csv: string;
  model: TargetingModel;
  /** History rows left out because the same declaration id is among the rows to score. */
  historyRowsExcluded: number;
  issues: { file: string; issue: ImportIssue }[];
}

/**
 * Fits on the history only and scores every input row, in input order. A history row whose id is
 * also in the input is dropped before fitting, so a declaration's own outcome can never inform its
 * score even when the caller passes overlapping files.
 */
export function scoreCsvDetailed(input: ScoreCsvInput): ScoreCsvResult {
  const mapping = input.mapping ?? KCS_MAPPING;
  const issues: ScoreCsvResult['issues'] = [];
  const toScore = readDeclarationsCsv(input.inputCsv, mapping);
  if (!toScore.ok) throw refused('input', toScore.issues);
  issues.push(...toScore.issues.map((issue) => ({ file: 'input', issue })));
  const scoredIds = new Set(toScore.rows.map((r) => r.id));

  const history: LabelledExample[] = [];
  input.historyCsvs.forEach((text, i) => {
    const file = `history[${i}]`;
    const imported = importExamplesCsv(text, mapping);
    if (!imported.ok) throw refused(file, imported.issues);
    issues.push(...imported.issues.map((issue) => ({ file, issue })));
    history.push(...imported.rows);
  });
  const kept = history.filter((e) => !scoredIds.has(e.id));
  const model = trainModel(kept, input.settings ?? defaultSettings(input.target, kept.length));

  const lines = [`${formatCsvField(mapping.idColumn)},score`];
  for (const row of toScore.rows) lines.push(`${formatCsvField(row.id)},${scoreProbability(model, row.features).toFixed(6)}`);
  return { csv: `${lines.join('\n')}\n`, model, historyRowsExcluded: history.length - kept.length, issues };
}

/** `Declaration ID,score` for every input row (the form the product owner's harness reads). */
export function scoreCsv(input: ScoreCsvInput): string {
  return scoreCsvDetailed(input).csv;
}

function refused(file: string, issues: ImportIssue[]): AppError {
  const first = issues[0];
  return new AppError('LEARNING_CSV_REFUSED', `${file}: ${first?.message ?? 'unreadable'}`, { file, issues });
}
