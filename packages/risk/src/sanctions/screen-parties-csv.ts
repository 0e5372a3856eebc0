/**
 * Batch screening for the command-line tool: a CSV with a header containing `name` and optionally
 * `country`, `birthDate`, `imo`, `type` (person | organisation | vessel). Each row gives the same
 * matches and evidence as `screenParty`; rows with no name or a bad type are reported, not dropped.
 */
import { parseCsv } from '@safe-screen/domain';
import type { SanctionsIndex } from './sanctions-index.js';
import { screenParty, type SanctionsMatch, type ScreeningOptions, type ScreeningPartyType, type ScreeningQuery } from './screen-party.js';

export interface CsvScreeningRow {
  line: number;
  query?: ScreeningQuery;
  matches: SanctionsMatch[];
  error?: string;
}

const TYPES: readonly string[] = ['person', 'organisation', 'vessel'];

export function screenPartiesCsv(index: SanctionsIndex, text: string, options: ScreeningOptions = {}): CsvScreeningRow[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows[0]?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const column = (name: string) => header.indexOf(name.toLowerCase());
  const nameAt = column('name');
  if (nameAt < 0) return [{ line: 1, matches: [], error: 'header has no "name" column' }];
  return rows.slice(1).map((row) => {
    const cell = (name: string) => {
      const at = column(name);
      const value = at < 0 ? '' : (row.fields[at] ?? '').trim();
      return value === '' ? undefined : value;
    };
    const name = cell('name');
    if (name === undefined) return { line: row.line, matches: [], error: 'name is empty' };
    const query: ScreeningQuery = { name };
    const country = cell('country');
    const birthDate = cell('birthDate');
    const imo = cell('imo');
    const type = cell('type')?.toLowerCase();
    if (country !== undefined) query.country = country.toUpperCase();
    if (birthDate !== undefined) query.birthDate = birthDate;
    if (imo !== undefined) query.imo = imo;
    if (type !== undefined) {
      if (!TYPES.includes(type)) return { line: row.line, query, matches: [], error: `type "${type}" is not person, organisation or vessel` };
      query.type = type as ScreeningPartyType;
    }
    return { line: row.line, query, matches: screenParty(index, query, options) };
  });
}
