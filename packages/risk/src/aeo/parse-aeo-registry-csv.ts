/**
 * AEO registry import: CSV with a header naming the columns operatorId, type, status, validFrom,
 * validTo, issuingCountry (any order; validTo may be empty). Every bad cell is reported with its row
 * and column; good rows are still returned so an operator sees all problems in one run.
 */
import { isCalendarDate, parseCsv } from '@safe-screen/domain';
import { AEO_STATUSES, AEO_TYPES, type AeoAuthorisation, type AeoStatus, type AeoType } from './aeo-authorisation.js';

export interface AeoCsvIssue {
  line: number;
  column: string;
  code: string;
  message: string;
}

export interface AeoCsvResult {
  authorisations: AeoAuthorisation[];
  issues: AeoCsvIssue[];
}

const COLUMNS = ['operatorId', 'type', 'status', 'validFrom', 'validTo', 'issuingCountry'] as const;
type Column = (typeof COLUMNS)[number];

export function parseAeoRegistryCsv(text: string): AeoCsvResult {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const issues: AeoCsvIssue[] = [];
  const header = rows[0];
  if (header === undefined) return { authorisations: [], issues: [{ line: 1, column: '', code: 'AEO_CSV_EMPTY', message: 'the file is empty' }] };
  const position = new Map<Column, number>();
  for (const column of COLUMNS) {
    const at = header.fields.findIndex((f) => f.trim().toLowerCase() === column.toLowerCase());
    if (at >= 0) position.set(column, at);
    else if (column !== 'validTo') issues.push({ line: header.line, column, code: 'AEO_CSV_COLUMN_MISSING', message: `header has no ${column} column` });
  }
  if (issues.length > 0) return { authorisations: [], issues };
  const authorisations: AeoAuthorisation[] = [];
  for (const row of rows.slice(1)) {
    const cell = (column: Column) => {
      const at = position.get(column);
      return at === undefined ? '' : (row.fields[at] ?? '').trim();
    };
    const rowIssues: AeoCsvIssue[] = [];
    const bad = (column: Column, code: string, message: string) => rowIssues.push({ line: row.line, column, code, message });
    const operatorId = cell('operatorId').replace(/\s+/g, '').toUpperCase();
    if (!/^[A-Z0-9-]{3,35}$/.test(operatorId)) bad('operatorId', 'AEO_CSV_OPERATOR_INVALID', `"${cell('operatorId')}" is not an operator identifier`);
    const type = cell('type').toUpperCase();
    if (!(AEO_TYPES as readonly string[]).includes(type)) bad('type', 'AEO_CSV_TYPE_INVALID', `"${cell('type')}" is not one of ${AEO_TYPES.join(', ')}`);
    const status = cell('status').toLowerCase();
    if (!(AEO_STATUSES as readonly string[]).includes(status)) bad('status', 'AEO_CSV_STATUS_INVALID', `"${cell('status')}" is not one of ${AEO_STATUSES.join(', ')}`);
    const validFrom = cell('validFrom');
    if (!isCalendarDate(validFrom)) bad('validFrom', 'AEO_CSV_DATE_INVALID', `"${validFrom}" is not a calendar date YYYY-MM-DD`);
    const validTo = cell('validTo');
    if (validTo !== '' && !isCalendarDate(validTo)) bad('validTo', 'AEO_CSV_DATE_INVALID', `"${validTo}" is not a calendar date YYYY-MM-DD`);
    else if (validTo !== '' && validTo < validFrom) bad('validTo', 'AEO_CSV_VALIDITY_REVERSED', `validTo ${validTo} is before validFrom ${validFrom}`);
    const issuingCountry = cell('issuingCountry').toUpperCase();
    if (!/^[A-Z]{2}$/.test(issuingCountry)) bad('issuingCountry', 'AEO_CSV_COUNTRY_INVALID', `"${cell('issuingCountry')}" is not an ISO alpha-2 country code`);
    if (rowIssues.length > 0) {
      issues.push(...rowIssues);
      continue;
    }
    const authorisation: AeoAuthorisation = { operatorId, type: type as AeoType, status: status as AeoStatus, validFrom, issuingCountry };
    if (validTo !== '') authorisation.validTo = validTo;
    authorisations.push(authorisation);
  }
  return { authorisations, issues };
}
