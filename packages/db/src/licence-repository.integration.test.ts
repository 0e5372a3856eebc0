/**
 * The licence register on a real PostgreSQL: loading replaces terms by (country, number), and
 * drawings never give out more than a licence grants, even when many assessments reserve at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import { openDatabase, type Database } from './client.js';
import { findLicence, reserveLicenceDrawing, upsertLicences, type LicenceInput } from './licence-repository.js';

const licence: LicenceInput = {
  number: 'NL-EXPL-2026-0001', issuingCountry: 'NL', direction: 'import', category: 'explosives', holderName: 'Hendriks Mining BV',
  holderIdentifier: 'NL812345678', goodsDescription: 'Electric detonators', hsCodes: ['3603'], quantity: 1000, unit: 'kg',
  validFrom: '2026-01-01', validTo: '2027-12-31', status: 'valid',
};

describe('licence register on postgres', () => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await createTestDatabase();
    database = openDatabase({ kind: 'postgres', url: test.url, poolSize: 8 });
    await database.migrate();
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it('loads licences and replaces the terms of a known one', async () => {
    expect(await upsertLicences(database.db, [licence], 'admin')).toEqual({ inserted: 1, updated: 0 });
    expect(await upsertLicences(database.db, [{ ...licence, quantity: 1200 }], 'admin')).toEqual({ inserted: 0, updated: 1 });
    expect(await findLicence(database.db, 'NL', licence.number)).toMatchObject({ quantity: 1200, drawn: 0, holderName: 'Hendriks Mining BV' });
  });

  it('never draws more than granted when 30 consignments reserve at once, and replaces a consignment\'s own drawing', async () => {
    const row = (await findLicence(database.db, 'NL', licence.number))!;
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => reserveLicenceDrawing(database.db, { licenceId: row.id, consignmentId: `C-${i}`, quantity: 100 })));
    expect(results.filter((r) => r.reserved)).toHaveLength(12);
    expect((await findLicence(database.db, 'NL', licence.number))!.drawn).toBe(1200);
    // A reserved consignment re-assessed with a smaller quantity replaces its drawing, freeing the rest.
    const winner = results.findIndex((r) => r.reserved);
    expect(await reserveLicenceDrawing(database.db, { licenceId: row.id, consignmentId: `C-${winner}`, quantity: 40 })).toEqual({ reserved: true, remaining: 100 });
    expect((await findLicence(database.db, 'NL', licence.number))!.drawn).toBe(1140);
    // Too much for what is left: nothing reserved, and the consignment's earlier drawing is released.
    expect(await reserveLicenceDrawing(database.db, { licenceId: row.id, consignmentId: `C-${winner}`, quantity: 500 })).toEqual({ reserved: false, remaining: 100 });
    expect((await findLicence(database.db, 'NL', licence.number))!.drawn).toBe(1100);
  });
});
