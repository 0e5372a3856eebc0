import type { CsvMapping } from './csv-mapping.js';
import type { ExampleFeatures, LabelledExample, NumericFeature, CategoricalFeature } from './labelled-example.js';
import { parseCsv, type CsvRecord } from '@safe-screen/domain';

export type ImportIssueCode =
  | 'LEARNING_CSV_EMPTY'
  | 'LEARNING_CSV_COLUMN_MISSING'
  | 'LEARNING_CSV_FIELD_COUNT'
  | 'LEARNING_CSV_ID_MISSING'
  | 'LEARNING_CSV_DATE_INVALID'
  | 'LEARNING_CSV_NUMBER_INVALID'
  | 'LEARNING_CSV_OUTCOME_UNKNOWN';

/** `line` is the 1-based line in the file (the header is line 1); `column` names the CSV column. */
export interface ImportIssue {
  severity: 'error' | 'warning';
  code: ImportIssueCode;
  line: number;
  column?: string;
  value?: string;
  message: string;
}

export type ImportOutcome<T> = { ok: true; rows: T[]; issues: ImportIssue[] } | { ok: false; issues: ImportIssue[] };

/** A declaration to score: features only, whatever label columns the file carries are ignored. */
export interface DeclarationRow {
  id: string;
  features: ExampleFeatures;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Bulk import of historical inspection outcomes. A missing column refuses the whole file; a bad row
 * (wrong field count, no id, bad date, number or finding) is skipped and reported, so one typo does
 * not block a year of history.
 */
export function importExamplesCsv(text: string, mapping: CsvMapping): ImportOutcome<LabelledExample> {
  const required = [mapping.idColumn, mapping.dateColumn, ...mapping.outcome.columns];
  return readMappedRows(text, mapping, required, (row, issues) => {
    const date = row.get(mapping.dateColumn);
    if (!ISO_DATE.test(date)) {
      issues.push(rowIssue('error', 'LEARNING_CSV_DATE_INVALID', row, mapping.dateColumn, 'date must be YYYY-MM-DD'));
      return undefined;
    }
    const key = mapping.outcome.columns.map((c) => row.get(c).trim()).join(',');
    const outcome = Object.hasOwn(mapping.outcome.values, key) ? mapping.outcome.values[key] : undefined;
    if (outcome === undefined) {
      issues.push({
        severity: 'error',
        code: 'LEARNING_CSV_OUTCOME_UNKNOWN',
        line: row.line,
        column: mapping.outcome.columns.join(','),
        value: key,
        message: `no finding is mapped for ${mapping.outcome.columns.join(',')} = ${key}`,
      });
      return undefined;
    }
    const features = readFeatures(row, mapping, 'error', issues);
    if (features === undefined) return undefined;
    return { id: row.get(mapping.idColumn).trim(), date, source: mapping.source, features, outcome };
  });
}

/**
 * Declarations to score. Label and date columns are not read even when present; an unreadable
 * number is dropped from that row's features (with a warning) rather than losing the row, because
 * `score` must answer for every input row.
 */
export function readDeclarationsCsv(text: string, mapping: CsvMapping): ImportOutcome<DeclarationRow> {
  return readMappedRows(text, mapping, [mapping.idColumn], (row, issues) => {
    const features = readFeatures(row, mapping, 'warning', issues) ?? {};
    return { id: row.get(mapping.idColumn).trim(), features };
  });
}

interface MappedRow {
  line: number;
  get(column: string): string;
}

function readMappedRows<T>(
  text: string,
  mapping: CsvMapping,
  required: string[],
  readRow: (row: MappedRow, issues: ImportIssue[]) => T | undefined,
): ImportOutcome<T> {
  const [header, ...records] = parseCsv(text);
  if (header === undefined) {
    return { ok: false, issues: [{ severity: 'error', code: 'LEARNING_CSV_EMPTY', line: 1, message: 'the file has no header row' }] };
  }
  const index = new Map(header.fields.map((name, i) => [name.trim(), i] as const));
  // Feature columns are optional in the file only if absent from the mapping, so a renamed column
  // is reported rather than silently training without that feature.
  const wanted = [...required, ...Object.values(mapping.categorical), ...Object.values(mapping.numeric)];
  const missing = [...new Set(wanted)].filter((c) => !index.has(c));
  if (missing.length > 0) {
    return {
      ok: false,
      issues: missing.map((column) => ({
        severity: 'error' as const,
        code: 'LEARNING_CSV_COLUMN_MISSING' as const,
        line: header.line,
        column,
        message: `the header has no column "${column}"`,
      })),
    };
  }
  const issues: ImportIssue[] = [];
  const rows: T[] = [];
  for (const record of records) {
    if (record.fields.length !== header.fields.length) {
      issues.push({
        severity: 'error',
        code: 'LEARNING_CSV_FIELD_COUNT',
        line: record.line,
        message: `expected ${header.fields.length} fields, found ${record.fields.length}`,
      });
      continue;
    }
    const row = toMappedRow(record, index);
    if (row.get(mapping.idColumn).trim() === '') {
      issues.push(rowIssue('error', 'LEARNING_CSV_ID_MISSING', row, mapping.idColumn, 'the row has no id'));
      continue;
    }
    const value = readRow(row, issues);
    if (value !== undefined) rows.push(value);
  }
  return { ok: true, rows, issues };
}

function toMappedRow(record: CsvRecord, index: Map<string, number>): MappedRow {
  return { line: record.line, get: (column) => record.fields[index.get(column) ?? -1] ?? '' };
}

function readFeatures(
  row: MappedRow,
  mapping: CsvMapping,
  severity: ImportIssue['severity'],
  issues: ImportIssue[],
): ExampleFeatures | undefined {
  const features: ExampleFeatures = {};
  for (const [feature, column] of Object.entries(mapping.categorical) as [CategoricalFeature, string][]) {
    const value = row.get(column).trim();
    if (value !== '') features[feature] = value;
  }
  let valid = true;
  for (const [feature, column] of Object.entries(mapping.numeric) as [NumericFeature, string][]) {
    const value = row.get(column).trim();
    if (value === '') continue;
    if (NUMBER.test(value)) {
      features[feature] = Number(value);
    } else {
      issues.push(rowIssue(severity, 'LEARNING_CSV_NUMBER_INVALID', row, column, 'not a number'));
      valid = false;
    }
  }
  return valid || severity === 'warning' ? features : undefined;
}

function rowIssue(
  severity: ImportIssue['severity'],
  code: ImportIssueCode,
  row: MappedRow,
  column: string,
  message: string,
): ImportIssue {
  return { severity, code, line: row.line, column, value: row.get(column), message: `${column}: ${message}` };
}
