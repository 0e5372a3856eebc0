/**
 * Every subcommand against the real PostgreSQL (a fresh database per file) and a running instance
 * on it: `file` posts to the instance over HTTP; the database commands run on the same database.
 * Assertions are on exit codes and output, as a script would use them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '@safe-screen/config';
import { findActiveRuleSet, listActiveSanctionsEditions, listAeoAuthorisations, openDatabase, type Database } from '@safe-screen/db';
import { createServer, type Server } from '@safe-screen/ingest/server';
import { loadStarterRuleSet } from '@safe-screen/risk';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import { seaFiling } from '../../../test/src/sample-filings.js';
import type { CliIo } from './cli-io.js';
import { runCli } from './program.js';

const UN_2024 = fileURLToPath(new URL('../../../packages/risk/data/sanctions/consolidated-2024-09-26.xml.gz', import.meta.url));

describe('safe-screen CLI', () => {
  let testDatabase: TestDatabase;
  let server: Server;
  let database: Database;
  let dir: string;
  let env: Record<string, string>;
  let mrn = '';

  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, env, interactive: false };
    const code = await runCli(argv, io);
    return { code, out, err };
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase('safe_cli');
    dir = mkdtempSync(join(tmpdir(), 'safe-screen-cli-'));
    env = { DATABASE_URL: testDatabase.url, DATA_DIR: dir, LOG_LEVEL: 'silent' };
    // The cluster way: migrate once with the CLI, then start an instance that does not migrate.
    expect((await run('migrate')).code).toBe(0);
    server = await createServer(loadConfig({ ...env, PORT: '0', WORKER_THREADS: '1', ASSESSMENT_POLL_MS: '50', BOOTSTRAP_DEMO_KEYS: 'true', ROLES: 'api,assessor' }));
    await server.start();
    env = { ...env, SAFE_SCREEN_URL: server.url(), SAFE_SCREEN_KEY: server.demoKeys()!.filer };
    database = openDatabase({ kind: 'postgres', url: testDatabase.url, poolSize: 2 });
  });
  afterAll(async () => {
    await database?.close();
    await server?.stop();
    await testDatabase?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers --help on every command and exits 2 on usage mistakes', async () => {
    for (const argv of [['--help'], ['file', '--help'], ['sanctions', 'load', '--help'], ['aeo', 'import', '--help'], ['rules', 'shadow', '--help'], ['replay', '--help'], ['migrate', '--help']]) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(0);
      expect(result.out).toMatch(/Usage: safe-screen/);
      expect(result.out).toMatch(/Exit codes:/);
    }
    expect((await run('bogus')).code).toBe(2);
    expect((await run('replay')).code).toBe(2);
    expect((await run('rules', 'shadow', 'x.yaml', '--days', 'seven')).code).toBe(2);
    expect((await run('rules')).code).toBe(2);
  });

  it('files a folder of manifests with a summary table, exit 1 when one is refused', async () => {
    const folder = join(dir, 'manifests');
    mkdirSync(join(folder, 'nested'), { recursive: true });
    writeFileSync(join(folder, 'good.xml'), seaFiling({ lrn: `CLI-${randomUUID().slice(0, 8)}`, arms: true, sanctioned: true }));
    writeFileSync(join(folder, 'nested', 'broken.xml'), '<Unclosed>');
    writeFileSync(join(folder, 'notes.txt'), 'not a manifest');
    const result = await run('file', folder);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/FILE\s+HTTP\s+MRN\s+STATUS\s+ERRORS/);
    expect(result.out).toMatch(/good\.xml\s+201\s+\S+\s+registered/);
    expect(result.out).toMatch(/broken\.xml\s+400\s+MANIFEST_XML_MALFORMED/);
    expect(result.out).toContain('2 file(s): 1 accepted, 1 refused or not sent');
    expect(result.out).not.toContain('notes.txt');
    // The refused file's issues are printed below the table, so the filer can fix it without another call.
    expect(result.out).toMatch(/broken\.xml: refused \(MANIFEST_XML_MALFORMED\)\n {2}MANIFEST_XML_MALFORMED \S*/);
    // Not a terminal: progress as plain lines on stderr, never escape codes.
    expect(result.err).toContain('filing: 2/2');
    expect(result.err).not.toContain('\u001b');
    mrn = /good\.xml\s+201\s+(\S+)/.exec(result.out)![1]!;

    const json = await run('file', join(folder, 'nested', 'broken.xml'), '--json');
    expect(json.code).toBe(1);
    expect(json.err).toBe('');
    const parsed = JSON.parse(json.out) as { refused: number; results: { status: string; issues: { code: string }[] }[] };
    expect(parsed.refused).toBe(1);
    expect(parsed.results[0]?.issues[0]?.code).toBe('MANIFEST_XML_MALFORMED');

    const again = await run('file', join(folder, 'good.xml'), '--concurrency', '2');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/good\.xml\s+200\s+\S+\s+duplicate/);
    expect((await run('file', folder, '--url', '')).code).toBe(2);
  });

  it("shows a filing's decision per consignment once assessed", async () => {
    let result = await run('show', mrn, '--json');
    for (let i = 0; i < 200 && (JSON.parse(result.out) as { consignments: { state: string }[] }).consignments.some((c) => c.state === 'pending'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      result = await run('show', mrn, '--json');
    }
    const view = JSON.parse(result.out) as { consignments: { sequence: number; outcome: string }[] };
    expect(view.consignments.find((c) => c.sequence === 2)?.outcome).toBe('do_not_load');
    expect(view.consignments.find((c) => c.sequence === 3)?.outcome).toBe('outbound_inspection');
    const table = await run('show', mrn.toLowerCase());
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^2\s+\S+\s+assessed\s+do_not_load\s+red/m);
    const missing = await run('show', '26GB00000000000000');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no filing with MRN');
  });

  it('replays stored filings through the active rule set with no outcome changes', async () => {
    const active = (await findActiveRuleSet(database.db))!;
    const result = await run('replay', '--rule-set', active.version, '--since', '2000-01-01', '--json');
    expect(result.code, result.err).toBe(0);
    const report = JSON.parse(result.out) as { assessed: number; transitions: { from: string; to: string; count: number }[]; changed: { outcomeChanged: boolean }[] };
    expect(report.assessed).toBeGreaterThanOrEqual(3);
    expect(report.transitions.every((t) => t.from === t.to)).toBe(true);
    expect(report.changed.filter((c) => c.outcomeChanged)).toEqual([]);
    expect((await run('replay', '--rule-set', 'no-such-version')).code).toBe(1);
    expect((await run('replay', '--rule-set', active.version, '--since', 'yesterday-ish')).code).toBe(2);
  });

  it('validates, shadow-runs and activates a proposed rule set', async () => {
    const starter = loadStarterRuleSet();
    const proposed = { ...starter, version: `cli-${randomUUID().slice(0, 8)}`, rules: starter.rules.filter((r) => r.id === 'LATE-FILING') };
    const file = join(dir, 'proposed.yaml');
    writeFileSync(file, stringify(proposed));
    const invalid = join(dir, 'invalid.yaml');
    writeFileSync(invalid, stringify({ ...starter, rules: [...starter.rules, starter.rules[0]] }));

    expect((await run('rules', 'validate', file)).code).toBe(0);
    const bad = await run('rules', 'validate', invalid);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/rules\[\d+\]\.id RULESET_RULE_ID_DUPLICATE/);
    const badJson = await run('rules', 'validate', invalid, '--json');
    expect(badJson.code).toBe(1);
    expect((JSON.parse(badJson.out) as { valid: boolean; issues: { code: string }[] }).issues.map((i) => i.code)).toContain('RULESET_RULE_ID_DUPLICATE');
    expect(JSON.parse((await run('rules', 'validate', file, '--json')).out)).toMatchObject({ valid: true, version: proposed.version, rules: 1 });

    // With only the late-filing rule the arms consignment is no longer sent for outbound inspection; the
    // sanctions match (not a rule) still stops house 2.
    const shadow = await run('rules', 'shadow', file, '--days', '1');
    expect(shadow.code, shadow.err).toBe(0);
    expect(shadow.out).toMatch(/outbound_inspection -> (?!outbound_inspection)\w+: 1\s+\(changed\)/);
    expect(shadow.out).toMatch(/do_not_load -> do_not_load: 1/);
    expect(shadow.out).toContain(`${mrn} #3: outbound_inspection/red`);

    const activated = await run('rules', 'activate', file);
    expect(activated.code, activated.err).toBe(0);
    expect((await findActiveRuleSet(database.db))?.version).toBe(proposed.version);
    expect((await run('rules', 'activate', starter.version)).code).toBe(0);
    expect((await findActiveRuleSet(database.db))?.version).toBe(starter.version);
    expect((await run('rules', 'activate', 'no-such-version')).code).toBe(1);
    writeFileSync(file, stringify({ ...proposed, lists: {} }));
    expect((await run('rules', 'activate', file)).code).toBe(1);
  });

  it('loads a sanctions list edition and refuses the wrong source', async () => {
    const wrong = await run('sanctions', 'load', UN_2024, '--source', 'ofac');
    expect(wrong.code).toBe(1);
    // Older than the active 2025-04-19 edition: refused unless forced.
    const older = await run('sanctions', 'load', UN_2024, '--source', 'un');
    expect(older.code).toBe(1);
    expect(older.err).toContain('SANCTIONS_EDITION_OLDER');
    const loaded = await run('sanctions', 'load', UN_2024, '--source', 'un', '--force');
    expect(loaded.code, loaded.err).toBe(0);
    expect(loaded.out).toMatch(/loaded UN:2024-09-26\S*: \d+ entries/);
    const active = (await listActiveSanctionsEditions(database.db)).map((e) => e.id);
    expect(active.filter((id) => id.startsWith('UN:'))).toHaveLength(1);
    expect(active.find((id) => id.startsWith('UN:'))).toMatch(/^UN:2024-09-26/);
    expect((await run('sanctions', 'load', join(dir, 'missing.xml'))).code).toBe(2);
  });

  it('screens a CSV of parties with one JSON line of evidence per row', async () => {
    const file = join(dir, 'parties.csv');
    writeFileSync(file, 'name,country,type\nKorea Mining Development Trading Corporation,KP,organisation\nHollandia Fashion Wholesale B.V.,NL,organisation\n,NL,person\n');
    const result = await run('screen', file);
    expect(result.code).toBe(1);
    const rows = result.out.trim().split('\n').map((l) => JSON.parse(l) as { line: number; matches: { entry: { id: string }; evidence: unknown[] }[]; error?: string });
    expect(rows.map((r) => [r.line, r.matches.length > 0, r.error])).toEqual([[2, true, undefined], [3, false, undefined], [4, false, 'name is empty']]);
    expect(rows[0]!.matches[0]!.evidence.length).toBeGreaterThan(0);
    expect(result.err).toMatch(/3 row\(s\): 1 with a match, 1 invalid/);
  });

  it('imports an AEO registry all or nothing', async () => {
    const good = join(dir, 'aeo.csv');
    writeFileSync(good, 'operatorId,type,status,validFrom,validTo,issuingCountry\nNL812345678,AEOF,valid,2019-03-01,,NL\nGB123456789000,AEOS,suspended,2020-01-01,2030-01-01,GB\n');
    const bad = join(dir, 'aeo-bad.csv');
    writeFileSync(bad, 'operatorId,type,status,validFrom,validTo,issuingCountry\nDE999,AEOX,valid,2019-03-01,,DE\nFR123456789,AEOC,valid,2019-03-01,,FR\n');
    const refused = await run('aeo', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/aeo-bad\.csv:2 type AEO_CSV_TYPE_INVALID/);
    expect(await listAeoAuthorisations(database.db)).toHaveLength(0);
    const imported = await run('aeo', 'import', good);
    expect(imported.code, imported.err).toBe(0);
    expect((await listAeoAuthorisations(database.db)).map((a) => a.operatorId).sort()).toEqual(['GB123456789000', 'NL812345678']);
    expect((await run('aeo', 'import', bad, '--partial')).code).toBe(1);
    expect((await listAeoAuthorisations(database.db)).map((a) => a.operatorId)).toContain('FR123456789');

    // A day that does not exist is refused, not rolled over into another month.
    const impossible = join(dir, 'aeo-dates.csv');
    writeFileSync(impossible, 'operatorId,type,status,validFrom,validTo,issuingCountry\nBE0123456789,AEOF,valid,2022-13-01,,BE\n');
    const dated = await run('aeo', 'import', impossible, '--json');
    expect(dated.code).toBe(1);
    expect(JSON.parse(dated.out)).toMatchObject({ imported: 0, problems: [{ line: 2, column: 'validFrom', code: 'AEO_CSV_DATE_INVALID' }] });
    expect((await listAeoAuthorisations(database.db)).map((a) => a.operatorId)).not.toContain('BE0123456789');
  });

  // Last of the filing tests: the demo's own risky filings would change the shadow and replay counts above.
  it('files a day of demo traffic that shows every outcome in the officer queue', async () => {
    const result = await run('demo', '--consignments', '60', '--json');
    expect(result.code, result.err).toBe(0);
    const day = JSON.parse(result.out) as { filings: { lrn: string; mrn: string; httpStatus: number }[] };
    expect(day.filings.every((f) => f.httpStatus === 201 && f.mrn !== '')).toBe(true);
    const outcomes = new Set<string>();
    const states = new Set<string>();
    for (const filing of day.filings) {
      let view = JSON.parse((await run('show', filing.mrn, '--json')).out) as { consignments: { state: string; outcome: string }[] };
      for (let i = 0; i < 300 && view.consignments.some((c) => c.state === 'pending'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        view = JSON.parse((await run('show', filing.mrn, '--json')).out) as typeof view;
      }
      for (const c of view.consignments) {
        outcomes.add(c.outcome);
        states.add(c.state);
      }
    }
    for (const outcome of ['assessment_complete', 'screening_request', 'outbound_inspection', 'do_not_load', 'request_for_information']) expect([...outcomes], outcome).toContain(outcome);
    expect([...states]).toContain('incomplete');
  }, 120_000);

  it('refuses an embedded database that a running process holds, naming the process', async () => {
    const embedded = join(dir, 'embedded');
    mkdirSync(join(embedded, 'pglite'), { recursive: true });
    // This test's own process stands for the running service.
    writeFileSync(join(embedded, 'pglite', 'safe-screen.lock'), `${process.pid} ${hostname()}\n`);
    const saved = env;
    env = { DATA_DIR: embedded, LOG_LEVEL: 'silent' };
    try {
      const result = await run('show', '26GB00000000000000');
      expect(result.code).toBe(1);
      expect(result.err).toContain(`open in process ${process.pid}`);
    } finally {
      env = saved;
    }
  });

  it('exits 2 on a configuration error without touching anything', async () => {
    const saved = env;
    env = { DATABASE_URL: 'not a url' };
    try {
      const result = await run('migrate');
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/DATABASE_URL/);
    } finally {
      env = saved;
    }
  });
});
