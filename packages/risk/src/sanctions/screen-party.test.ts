import { describe, expect, it } from 'vitest';
import { SMALL_SANCTIONS_LIST } from '../testing/small-sanctions-list.js';
import { computeEntryRevision } from './entry-revision.js';
import { jaroWinkler } from './jaro-winkler.js';
import { foldName, tokeniseName } from './normalise-name.js';
import { sanctionsFingerprint } from './sanctions-fingerprint.js';
import { buildSanctionsIndex } from './sanctions-index.js';
import { screenParty } from './screen-party.js';

const index = buildSanctionsIndex([SMALL_SANCTIONS_LIST]);
const top = (query: Parameters<typeof screenParty>[1]) => screenParty(index, query, { threshold: 0 })[0];

describe('name normalisation', () => {
  it('folds case, diacritics, scripts, punctuation and legal forms', () => {
    expect(tokeniseName('Ocean Maritime Management Co., Ltd.')).toEqual(['ocean', 'maritime', 'management']);
    expect(tokeniseName('ÖZTÜRK İnşaat A.Ş.')).toEqual(['ozturk', 'insaat']);
    expect(tokeniseName('Banco Nacional de Cuba, S.A. de C.V.')).toEqual(['banco', 'nacional', 'de', 'cuba']);
    expect(foldName('Мухаммад')).toBe(foldName('Muhammad'));
    expect(tokeniseName('LLC')).toEqual(['llc']);
  });

  it('computes Jaro-Winkler as published (MARTHA/MARHTA 0.961)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});

describe('screenParty', () => {
  it('matches regardless of token order, missing middle name, initials and transliteration', () => {
    for (const name of ['Anwari, Muhammad Taher', 'Muhammad Anwari', 'M. Taher Anwari', 'Mukhammad Takhir Anvari', 'محمد طاهر أنوري']) {
      expect(screenParty(index, { name }).map((m) => m.entry.id)).toContain('TAi.005');
    }
  });

  it('reports the matched alias, token alignment and per-feature evidence', () => {
    // The alias folds to the same tokens as the primary name (Mohammad = Muhammad), so the primary is reported.
    const match = top({ name: 'Mohammad Taher Anwari', country: 'AF', birthDate: '1961-03-01', type: 'person' })!;
    expect(match.matchedName).toBe('MUHAMMAD TAHER ANWARI');
    expect(match.matchedNameKind).toBe('primary');
    expect(top({ name: 'محمد طاهر أنوري' })!.matchedNameKind).toBe('original_script');
    expect(match.tokens.map((t) => t.method)).toEqual(expect.arrayContaining(['exact']));
    expect(match.evidence.map((f) => f.feature)).toEqual(['name', 'phonetic', 'country', 'birth_date']);
  });

  it('lowers the score on a different birth year, country or entity type', () => {
    const plain = top({ name: 'Muhammad Taher Anwari' })!.score;
    expect(top({ name: 'Muhammad Taher Anwari', birthDate: '1990-01-01' })!.score).toBeLessThan(plain);
    expect(top({ name: 'Muhammad Taher Anwari', country: 'SE' })!.score).toBeLessThan(plain);
    expect(top({ name: 'Muhammad Taher Anwari', type: 'organisation' })!.score).toBeLessThan(plain);
  });

  it('matches a vessel IMO number exactly, with or without the prefix, whatever the name', () => {
    expect(screenParty(index, { name: 'Renamed Ship', imo: 'IMO 7937317', type: 'vessel' })[0]).toMatchObject({ score: 1, evidence: [{ feature: 'imo' }] });
    expect(screenParty(index, { name: 'Renamed Ship', imo: '7937318', type: 'vessel' })).toEqual([]);
  });

  it('applies the threshold and does not match unrelated names', () => {
    expect(screenParty(index, { name: 'Hendriks Interieur' })).toEqual([]);
    expect(screenParty(index, { name: 'Muhammad Taher Anwari' }, { threshold: 1.01 })).toEqual([]);
  });
});

describe('sanctionsFingerprint', () => {
  it('is stable for the same party and entry revision and changes when either side changes', () => {
    const entry = index.entries[1]!;
    const a = sanctionsFingerprint({ name: 'Muhammad Anwari', country: 'AF' }, entry);
    expect(sanctionsFingerprint({ name: 'MUHAMMAD  ANWARI', country: 'af' }, entry)).toBe(a);
    expect(sanctionsFingerprint({ name: 'Muhammad Anwari', country: 'PK' }, entry)).not.toBe(a);
    const changed = { ...SMALL_SANCTIONS_LIST.entries[1]!, aliases: [{ name: 'Haji Mudir' }] };
    expect(sanctionsFingerprint({ name: 'Muhammad Anwari', country: 'AF' }, { ...entry, revision: computeEntryRevision(changed) })).not.toBe(a);
  });
});

describe('readScreeningRows', () => {
  it('reads JSON lines with the same fields and reports bad lines by number', async () => {
    const { readScreeningRows } = await import('./screen-parties-csv.js');
    expect(readScreeningRows('{"name":"Anwari","country":"af","type":"person"}\n\n[1]\n{bad\n{"name":"X","birthDate":"3/1/1961"}\n', 'jsonl')).toEqual([
      { line: 1, query: { name: 'Anwari', country: 'AF', type: 'person' } },
      { line: 3, error: 'not a JSON object' },
      { line: 4, error: 'not valid JSON' },
      { line: 5, query: { name: 'X' }, error: 'birthDate "3/1/1961" is not YYYY, YYYY-MM or YYYY-MM-DD' },
    ]);
  });
});

describe('screenPartiesCsv', () => {
  it('screens each row with its qualifiers and reports bad rows by line', async () => {
    const { screenPartiesCsv } = await import('./screen-parties-csv.js');
    const rows = screenPartiesCsv(index, 'name,country,type,imo\n"Anwari, Muhammad Taher",AF,person,\nHendriks Interieur,NL,organisation,\n,NL,person,\nSome Ship,,boat,7937317\n');
    expect(rows.map((r) => [r.line, r.matches.map((m) => m.entry.id), r.error])).toEqual([
      [2, ['TAi.005'], undefined],
      [3, [], undefined],
      [4, [], 'name is empty'],
      [5, [], 'type "boat" is not person, organisation or vessel'],
    ]);
  });
});
