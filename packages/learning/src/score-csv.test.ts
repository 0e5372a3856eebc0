import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScoreCommand } from './score-cli.js';
import { scoreCsv, scoreCsvDetailed } from './score-csv.js';

const HEADER =
  'Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud';
const line = (id: string, hs: string, origin: string, fraud: number, critical: number): string =>
  `${id},2020-02-01,30,B,11,21,11,10,D1,I${id},S1,,${hs},${origin},${origin},8.0,A,Y,10.0,1000.0,${fraud},${critical}`;

/** Toys from CN mostly irregular, textiles from VN mostly clean. */
const HISTORY = [
  HEADER,
  ...Array.from({ length: 40 }, (_, i) => line(`h${i}`, i % 2 === 0 ? '950300' : '610910', i % 2 === 0 ? 'CN' : 'VN', i % 2 === 0 && i % 10 !== 0 ? 1 : 0, i % 8 === 0 ? 2 : 0)),
].join('\n');

describe('scoreCsv', () => {
  it('answers for every input row in order, with label columns ignored', () => {
    const input = [HEADER, line('x1', '610910', 'VN', 1, 2), line('x2', '950300', 'CN', 0, 0)].join('\n');
    const output = scoreCsv({ historyCsvs: [HISTORY], inputCsv: input, target: 'fraud' }).trim().split('\n');
    expect(output[0]).toBe('Declaration ID,score');
    expect(output.map((l) => l.split(',')[0])).toEqual(['Declaration ID', 'x1', 'x2']);
    const [textile, toy] = output.slice(1).map((l) => Number(l.split(',')[1]));
    expect(toy).toBeGreaterThan(textile!);
    // Flipping the input's own labels changes nothing: they are never read.
    const flipped = [HEADER, line('x1', '610910', 'VN', 0, 0), line('x2', '950300', 'CN', 1, 2)].join('\n');
    expect(scoreCsv({ historyCsvs: [HISTORY], inputCsv: flipped, target: 'fraud' })).toBe(output.join('\n') + '\n');
  });

  it('never learns from a row it is asked to score, even when the history contains it', () => {
    const scored = line('dup', '610910', 'VN', 1, 2);
    const input = [HEADER, scored].join('\n');
    const clean = scoreCsvDetailed({ historyCsvs: [HISTORY], inputCsv: input, target: 'critical' });
    const overlapping = scoreCsvDetailed({ historyCsvs: [HISTORY, [HEADER, scored].join('\n')], inputCsv: input, target: 'critical' });
    expect(overlapping.historyRowsExcluded).toBe(1);
    expect(overlapping.csv).toBe(clean.csv);
  });

  it('refuses a history file without the mapped columns', () => {
    expect(() => scoreCsv({ historyCsvs: ['a,b\n1,2'], inputCsv: HEADER, target: 'fraud' })).toThrow(
      expect.objectContaining({ code: 'LEARNING_CSV_REFUSED' }),
    );
  });
});

describe('runScoreCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'learning-score-'));
  const history = join(dir, 'history.csv');
  const input = join(dir, 'input.csv');
  writeFileSync(history, HISTORY);
  writeFileSync(input, [HEADER, line('x1', '950300', 'CN', 0, 0)].join('\n'));
  const capture = (): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; out: string[]; err: string[] } => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, out, err };
  };

  it('takes several history files after one --history and writes the scores to --out', () => {
    const out = join(dir, 'scores.csv');
    const { io, err } = capture();
    expect(runScoreCommand(['--history', history, history, '--input', input, '--target', 'critical', '--out', out], io)).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^Declaration ID,score\nx1,0\.\d{6}\n$/);
    expect(err.join('')).toMatch(/model critical-/);
  });

  it('exits 2 on a missing or unknown target and 1 on an unreadable file', () => {
    expect(runScoreCommand(['--history', history, '--input', input], capture().io)).toBe(2);
    expect(runScoreCommand(['--history', history, '--input', input, '--target', 'smuggling'], capture().io)).toBe(2);
    const { io, err } = capture();
    expect(runScoreCommand(['--history', join(dir, 'missing.csv'), '--input', input, '--target', 'fraud'], io)).toBe(1);
    expect(err.join('')).toMatch(/ENOENT/);
  });
});
