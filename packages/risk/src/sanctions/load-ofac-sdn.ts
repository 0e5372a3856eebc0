/**
 * OFAC SDN list, official legacy CSV: `sdn.csv` has no header and ends with a 0x1A byte; `-0-` means
 * empty. Columns: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
 * Vess_flag, Vess_owner, Remarks. Without the alt/add companion files, aliases, dates of birth,
 * nationalities and IMO numbers live only in the free-text remarks, so they are parsed from there.
 */
import { AppError } from '@safe-screen/domain';
import { parseCsv, type CsvRecord } from '@safe-screen/domain';
import { extractImoNumbers } from './extract-imo-numbers.js';
import { resolveCountry } from './resolve-country.js';
import type { SanctionsAlias, SanctionsEntry, SanctionsEntryType, SanctionsList } from './sanctions-list.js';

const MONTHS: Readonly<Record<string, string>> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
};

function field(row: CsvRecord, index: number): string | undefined {
  const value = row.fields[index]?.trim();
  return value === undefined || value === '' || value === '-0-' ? undefined : value;
}

/** "21 Jan 1971" -> 1971-01-21; "Jan 1971" -> 1971-01; "circa 1965" -> 1965; "1958 to 1960" -> 1958/1960. */
export function parseOfacDate(text: string): string | undefined {
  const range = /(\d{4})\s+to\s+(\d{4})/.exec(text);
  if (range !== null) return `${range[1]}/${range[2]}`;
  const full = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(text);
  if (full !== null) {
    const month = MONTHS[full[2]!.toLowerCase()];
    if (month !== undefined) return `${full[3]}-${month}-${full[1]!.padStart(2, '0')}`;
  }
  const monthYear = /([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(text);
  if (monthYear !== null) {
    const month = MONTHS[monthYear[1]!.toLowerCase()];
    if (month !== undefined) return `${monthYear[2]}-${month}`;
  }
  const year = /(\d{4})/.exec(text);
  return year === null ? undefined : year[1];
}

interface RemarkFacts {
  aliases: SanctionsAlias[];
  birthDates: string[];
  countries: string[];
  imo?: string;
}

export function parseOfacRemarks(remarks: string): RemarkFacts {
  const facts: RemarkFacts = { aliases: [], birthDates: [], countries: [] };
  for (const m of remarks.matchAll(/\b([afn])\.k\.a\.\s*'([^']+)'/gi)) {
    facts.aliases.push({ name: m[2]!.trim(), quality: `${m[1]!.toLowerCase()}ka` });
  }
  for (const part of remarks.split(';')) {
    const clause = part.trim().replace(/^alt\.\s*/i, '');
    const dob = /^DOB\s+(.+)$/i.exec(clause);
    if (dob !== null) {
      const date = parseOfacDate(dob[1]!);
      if (date !== undefined && !facts.birthDates.includes(date)) facts.birthDates.push(date);
      continue;
    }
    const nationality = /^(?:nationality|citizen|Vessel Flag)\s+(.+?)\.?$/i.exec(clause);
    if (nationality !== null) {
      const country = resolveCountry(nationality[1]!);
      if (country !== undefined && !facts.countries.includes(country)) facts.countries.push(country);
    }
  }
  const imo = extractImoNumbers(remarks)[0];
  if (imo !== undefined) facts.imo = imo;
  return facts;
}

function entryType(sdnType: string | undefined): SanctionsEntryType {
  if (sdnType === 'individual') return 'person';
  if (sdnType === 'vessel') return 'vessel';
  return 'organisation';
}

function readSdnRows(text: string): CsvRecord[] {
  // The legacy file ends with a DOS end-of-file byte that is not part of any record.
  const rows = parseCsv(text.replace(/\u001a\s*$/, ''));
  for (const row of rows) {
    if (row.fields.length < 12 || !/^\d+$/.test(row.fields[0]!.trim())) {
      throw new AppError('SANCTIONS_OFAC_ROW_INVALID', `sdn.csv line ${row.line}: expected 12 columns starting with ent_num`, {
        line: row.line,
      });
    }
  }
  return rows;
}

function readSdnEntry(row: CsvRecord): SanctionsEntry {
  const remarks = field(row, 11);
  const facts = remarks === undefined ? { aliases: [], birthDates: [], countries: [] } : parseOfacRemarks(remarks);
  const flag = field(row, 9);
  const flagCountry = flag === undefined ? undefined : resolveCountry(flag);
  const countries = flagCountry !== undefined && !facts.countries.includes(flagCountry) ? [...facts.countries, flagCountry] : facts.countries;
  const entry: SanctionsEntry = {
    id: row.fields[0]!.trim(),
    source: 'OFAC-SDN',
    type: entryType(field(row, 2)),
    primaryName: field(row, 1) ?? '',
    aliases: facts.aliases,
    originalScriptNames: [],
    countries,
    birthDates: facts.birthDates,
    programs: (field(row, 3) ?? '').split(/\]\s*\[|[[\]]/).map((p) => p.trim()).filter((p) => p !== ''),
  };
  if (facts.imo !== undefined) entry.imo = facts.imo;
  if (remarks !== undefined) entry.remarks = remarks;
  return entry;
}

export function loadOfacSdnCsv(text: string, edition: string): SanctionsList {
  return { source: 'OFAC-SDN', edition, entries: readSdnRows(text).map(readSdnEntry) };
}

/**
 * A full OFAC CSV release: sdn.csv plus alt.csv (ent_num, alt_num, alt_type, alt_name, remarks) and
 * add.csv (ent_num, add_num, address, city/state/postal, country, remarks). Aliases and address
 * countries come from the joins; remarks still give dates of birth and IMO numbers.
 */
export function loadOfacRelease(files: { sdn: string; alt: string; add: string }, edition: string): SanctionsList {
  const list = loadOfacSdnCsv(files.sdn, edition);
  const byId = new Map(list.entries.map((e) => [e.id, e]));
  for (const row of parseCsv(files.alt.replace(/\u001a\s*$/, ''))) {
    const entry = byId.get(row.fields[0]?.trim() ?? '');
    const name = field(row, 3);
    if (entry === undefined || name === undefined) continue;
    if (!entry.aliases.some((a) => a.name === name)) entry.aliases.push({ name, quality: field(row, 2) ?? 'aka' });
  }
  for (const row of parseCsv(files.add.replace(/\u001a\s*$/, ''))) {
    const entry = byId.get(row.fields[0]?.trim() ?? '');
    const countryName = field(row, 4);
    const country = countryName === undefined ? undefined : resolveCountry(countryName);
    if (entry !== undefined && country !== undefined && !entry.countries.includes(country)) entry.countries.push(country);
  }
  return list;
}
