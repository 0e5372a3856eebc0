import { readFileSync } from 'node:fs';
import { MraTableSchema, type AeoAuthorisation, type MraTable } from './aeo-authorisation.js';
import { parseAeoRegistryCsv } from './parse-aeo-registry-csv.js';
import { AppError } from '@safe-screen/domain';

const AEO_DIR = new URL('../../data/aeo/', import.meta.url);

/** An MRA table document (JSON) validated against the schema; throws MRA_TABLE_INVALID with the issues. */
export function parseMraTable(document: unknown): MraTable {
  const parsed = MraTableSchema.safeParse(document);
  if (!parsed.success) {
    throw new AppError('MRA_TABLE_INVALID', 'MRA table does not match the schema', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

/** The illustrative registry and MRA table shipped for demos and tests (invented operators; see PROVENANCE.md). */
export function loadSampleAeoData(): { authorisations: AeoAuthorisation[]; mra: MraTable } {
  const registry = parseAeoRegistryCsv(readFileSync(new URL('aeo-registry-sample.csv', AEO_DIR), 'utf8'));
  if (registry.issues.length > 0) throw new AppError('AEO_SAMPLE_INVALID', 'shipped AEO sample does not parse', { issues: registry.issues });
  return { authorisations: registry.authorisations, mra: parseMraTable(JSON.parse(readFileSync(new URL('mra-table-sample.json', AEO_DIR), 'utf8'))) };
}
