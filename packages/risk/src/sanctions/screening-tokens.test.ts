import { describe, expect, it } from 'vitest';
import { SMALL_SANCTIONS_LIST } from '../testing/small-sanctions-list.js';
import { buildSanctionsIndex } from './sanctions-index.js';
import type { SanctionsList } from './sanctions-list.js';
import { screenParty } from './screen-party.js';
import { confusableSkeleton, screeningTokens, screeningTokenSets } from './screening-tokens.js';
import { adversarialSpellings } from './testing/adversarial-spellings.js';

const entry = (id: string, primaryName: string, type: 'person' | 'organisation' = 'person') => ({
  id, source: 'TEST', type, primaryName, aliases: [], originalScriptNames: [], countries: [], birthDates: [], programs: [],
});
const LIST: SanctionsList = {
  source: 'TEST',
  edition: '2026-01-01',
  entries: [
    entry('1', 'ABD AL-JALEEL MUHAMMAD UMAR'),
    entry('2', 'KIM JONG UN'),
    entry('3', 'WEI, Zhao'),
    entry('4', 'KHAN, Abdul Qadeer'),
    entry('5', 'KOREA INTERNATIONAL TRADING BANK', 'organisation'),
    entry('6', 'SALEH MESFER AL SHAER'),
    entry('7', 'OOO TRAST LODZHISTIKS GRUPP', 'organisation'),
  ],
};
const index = buildSanctionsIndex([LIST, SMALL_SANCTIONS_LIST]);
const hits = (name: string) => screenParty(index, { name }).map((m) => m.entry.id);

describe('screening tokens', () => {
  it('writes Arabic compounds and articles one way however they are split and spelled', () => {
    expect(screeningTokens('Abdul Jalil Mohamed Omar')).toEqual(screeningTokens('ABD AL-JALEEL MUHAMMAD UMAR'));
    expect(screeningTokens('EL-Sayed Youssef Ebrahim')).toEqual(screeningTokens('Sayyid Yusuf Ibrahim'));
    expect(screeningTokens('Salah ad-Din')).toEqual(screeningTokens('Salahuddin'));
    expect(screeningTokens('Abdurrahman')).toEqual(screeningTokens('Abd al-Rahman'));
  });

  it('resolves abbreviations and multi-word legal forms', () => {
    expect(screeningTokens("Korea Int'l Trading BK")).toEqual(screeningTokens('KOREA INTERNATIONAL TRADING BANK'));
    expect(screeningTokens('Severstal Public Joint Stock Company')).toEqual(screeningTokens('PAO SEVERSTAL'));
  });

  it('reads look-alike letters by shape and drops invisible characters', () => {
    expect(confusableSkeleton('РАС')).toBe('PAC');
    expect(screeningTokenSets('K\u0456m Jong Un').map((s) => s.join(' '))).toContain('kim jong un');
    expect(screeningTokens('\u202eNU GNOJ MIK\u202c')).toEqual(['kim', 'jong', 'un']);
    expect(screeningTokens('KIM\u2800JO\u{e0041}NG U\u200bN')).toEqual(['kim', 'jong', 'un']);
  });
});

describe('screenParty on spellings nobody tuned it to', () => {
  it('finds transliteration variants, joined syllables, missing middle names and abbreviations', () => {
    expect(hits('Abdul Jalil Mohamed Omar')).toContain('1');
    expect(hits('Kim Jongun')).toContain('2');
    expect(hits('Saleh al Shaer')).toContain('6');
    expect(hits("Korea Int'l Trading BK Ltd")).toContain('5');
  });

  it('does not match a shared part alone or a different compound name', () => {
    expect(hits('Zhou Wei')).not.toContain('3');
    expect(hits('Qadir Khan')).not.toContain('4');
    expect(hits('L-Trast Co., Ltd')).not.toContain('7');
  });

  it('finds every adversarial spelling of a listed name', () => {
    for (const listed of [...LIST.entries, ...SMALL_SANCTIONS_LIST.entries]) {
      for (const { kind, query } of adversarialSpellings(listed.primaryName)) {
        expect({ kind, ids: screenParty(index, { name: query }).map((m) => m.entry.id) }).toMatchObject({ kind, ids: expect.arrayContaining([listed.id]) });
      }
    }
  });
});
