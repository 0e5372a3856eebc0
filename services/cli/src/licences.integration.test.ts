/**
 * `safe-screen licences load` against a real PostgreSQL: all or nothing, every bad field named with
 * its path, known licences updated in place.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@safe-screen/db';
import { findLicence, listLicences } from '@safe-screen/db/licence-repository';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import type { CliIo } from './cli-io.js';
import { runCli } from './program.js';

const licence = {
  number: 'DE-BAFA-2026-0815', issuingCountry: 'DE', direction: 'export', category: 'dual_use', holderName: 'Rheinland Precision Tools GmbH',
  holderIdentifier: 'DE123456789', goodsDescription: 'Five-axis machine tools', hsCodes: ['845710'], quantity: 4, unit: 'items', validFrom: '2026-01-01', validTo: '2026-12-31',
};

describe('safe-screen licences load', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let dir: string;
  let env: Record<string, string>;
  const run = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const io: CliIo = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, env, interactive: false };
    return { code: await runCli(argv, io), out, err };
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase('safe_cli_lic');
    dir = mkdtempSync(join(tmpdir(), 'safe-screen-lic-'));
    env = { DATABASE_URL: testDatabase.url, DATA_DIR: dir, LOG_LEVEL: 'silent' };
    expect((await run('migrate')).code).toBe(0);
    database = openDatabase({ kind: 'postgres', url: testDatabase.url, poolSize: 2 });
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads nothing from a file with a bad field and names it', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([licence, { ...licence, number: 'X-2', unit: 'tonnes', validTo: '2025-01-01' }]));
    const result = await run('licences', 'load', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('[1].unit');
    expect(result.err).toContain('nothing loaded');
    expect(await listLicences(database.db)).toEqual([]);
  });

  it('loads licences and updates a known one in place', async () => {
    const file = join(dir, 'licences.json');
    writeFileSync(file, JSON.stringify([licence]));
    expect(await run('licences', 'load', file)).toMatchObject({ code: 0, out: expect.stringContaining('loaded 1 new licence(s), updated 0') });
    writeFileSync(file, JSON.stringify({ ...licence, quantity: 6 }));
    expect(await run('licences', 'load', file)).toMatchObject({ code: 0, out: expect.stringContaining('loaded 0 new licence(s), updated 1') });
    expect(await findLicence(database.db, 'DE', licence.number)).toMatchObject({ quantity: 6, loadedBy: 'cli', drawn: 0 });
  });
});
