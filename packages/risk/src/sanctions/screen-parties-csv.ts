/**
 * Batch screening input, shared by the CLI and `POST /v1/screening/batch`: a CSV with a header
 * containing `name` and optionally `country`, `birthDate`, `imo`, `type` (person | organisation |
 * vessel), or JSON lines with the same fields. Each row gives the same matches and evidence as
 * `screenParty`; rows with no name, a bad field or bad JSON are reported by line, not dropped.
 */
import { parseCsv } from '@safe-screen/domain';
import type { SanctionsIndex } from './sanctions-index.js';
import { screenParty, type SanctionsMatch, type ScreeningOptions, type ScreeningPartyType, type ScreeningQuery } from './screen-party.js';

export type ScreeningRowsFormat = 'csv' | 'jsonl';

export interface ScreeningRow {
  line: number;
  query?: ScreeningQuery;
  error?: string;
}

export interface CsvScreeningRow extends ScreeningRow {
  matches: SanctionsMatch[];
}

const TYPES: readonly string[] = ['person', 'organisation', 'vessel'];

function toQuery(line: number, get: (field: string) => string | undefined): ScreeningRow {
  const name = get('name');
  if (name === undefined) return { line, error: 'name is empty' };
  const query: ScreeningQuery = { name };
  const country = get('country');
  const birthDate = get('birthDate');
  const imo = get('imo');
  const type = get('type')?.toLowerCase();
  if (country !== undefined) {
    if (!/^[A-Za-z]{2}$/.test(country)) return { line, query, error: `country "${country}" is not an ISO 3166-1 alpha-2 code` };
    query.country = country.toUpperCase();
  }
  if (birthDate !== undefined) {
    if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate)) return { line, query, error: `birthDate "${birthDate}" is not YYYY, YYYY-MM or YYYY-MM-DD` };
    query.birthDate = birthDate;
  }
  if (imo !== undefined) query.imo = imo;
  if (type !== undefined) {
    if (!TYPES.includes(type)) return { line, query, error: `type "${type}" is not person, organisation or vessel` };
    query.type = type as ScreeningPartyType;
  }
  return { line, query };
}

function csvRows(text: string): ScreeningRow[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows[0]?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  if (!header.includes('name')) return [{ line: 1, error: 'header has no "name" column' }];
  return rows.slice(1).map((row) =>
    toQuery(row.line, (field) => {
      const at = header.indexOf(field.toLowerCase());
      const value = at < 0 ? '' : (row.fields[at] ?? '').trim();
      return value === '' ? undefined : value;
    }),
  );
}

function jsonLineRows(text: string): ScreeningRow[] {
  const rows: ScreeningRow[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      rows.push({ line: i + 1, error: 'not valid JSON' });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      rows.push({ line: i + 1, error: 'not a JSON object' });
      return;
    }
    const record = value as Record<string, unknown>;
    rows.push(
      toQuery(i + 1, (field) => {
        const v = record[field];
        return typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
      }),
    );
  });
  return rows;
}

export function readScreeningRows(text: string, format: ScreeningRowsFormat): ScreeningRow[] {
  return format === 'csv' ? csvRows(text) : jsonLineRows(text);
}

export function screenPartiesCsv(index: SanctionsIndex, text: string, options: ScreeningOptions = {}): CsvScreeningRow[] {
  return readScreeningRows(text, 'csv').map((row) => ({
    ...row,
    matches: row.query === undefined || row.error !== undefined ? [] : screenParty(index, row.query, options),
  }));
}
