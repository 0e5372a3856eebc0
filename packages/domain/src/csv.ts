/**
 * CSV as the lists and registries we read arrive: RFC 4180 quoting (commas, doubled quotes and line
 * breaks inside quotes), CRLF, LF or CR line ends even mixed in one file, a byte-order mark, blank
 * lines skipped, rows of differing length kept (the caller says which columns it needs). csv-parse
 * does the parsing; this adds the 1-based line on which each record starts, so an import error can
 * point at the line an officer sees in a spreadsheet.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from './errors.js';

export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Throws AppError CSV_INVALID (details.line) when the text is not CSV at all, e.g. a quote never closed. */
export function parseCsv(text: string, options: { delimiter?: string } = {}): CsvRecord[] {
  try {
    return readRecords(text, options);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw new AppError('CSV_INVALID', `${line === undefined ? '' : `line ${line}: `}the CSV is not well-formed (${error.message})`, line === undefined ? {} : { line });
  }
}

function readRecords(text: string, options: { delimiter?: string }): CsvRecord[] {
  const rows = parse(text, {
    bom: true,
    raw: true,
    delimiter: options.delimiter ?? ',',
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    // A stray quote inside an unquoted field (`5'7" tall`) is text, not the start of a quoted field.
    relax_quotes: true,
    skip_empty_lines: true,
  }) as unknown as { record: string[]; raw: string }[]; // with `raw: true` each row is { record, raw }
  // Each row's raw text runs from the end of the previous record: skipped blank lines, the record,
  // its line break. Counting breaks through them gives the line each record starts on (csv-parse's
  // own line count takes a CRLF inside a quoted field for two lines).
  let line = 1;
  return rows.map(({ record, raw }) => {
    let i = 0;
    while (i < raw.length && (raw[i] === '\n' || raw[i] === '\r')) {
      i += raw[i] === '\r' && raw[i + 1] === '\n' ? 2 : 1;
      line++;
    }
    const start = line;
    line += countLineBreaks(raw.slice(i));
    return { line: start, fields: record };
  });
}

function countLineBreaks(text: string): number {
  let breaks = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) breaks++;
  }
  return breaks;
}

/** Quotes a field only when CSV requires it. */
export function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
