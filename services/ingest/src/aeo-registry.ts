/** The AEO registry as the risk engine reads it: authorisations grouped by operator identifier. */
import { listAeoAuthorisations, type Database } from '@safe-screen/db';
import type { AeoAuthorisation } from '@safe-screen/risk';

export async function loadAeoRegistry(database: Database): Promise<Map<string, AeoAuthorisation[]>> {
  const byOperator = new Map<string, AeoAuthorisation[]>();
  for (const row of await listAeoAuthorisations(database.db)) {
    const list = byOperator.get(row.operatorId) ?? [];
    list.push({
      operatorId: row.operatorId,
      type: row.type as AeoAuthorisation['type'],
      status: row.status as AeoAuthorisation['status'],
      validFrom: row.validFrom ?? '1970-01-01',
      ...(row.validTo === null ? {} : { validTo: row.validTo }),
      issuingCountry: row.issuingCountry,
    });
    byOperator.set(row.operatorId, list);
  }
  return byOperator;
}
