import { describe, expect, it } from 'vitest';
import { hsCodeExists, listHsSubheadings, lookupHs } from './hs.js';

describe('HS nomenclature', () => {
  it('resolves a six-digit subheading with heading and chapter', () => {
    expect(lookupHs('930190')).toMatchObject({
      edition: 'HS2022',
      subheading: '930190',
      heading: '9301',
      chapter: '93',
    });
    expect(lookupHs('930190')?.chapterDescription).toMatch(/arms and ammunition/i);
  });

  it('resolves national extensions (CN 8, TARIC/HTSUS 10 digits) to their subheading', () => {
    expect(lookupHs('85171300')?.subheading).toBe('851713');
    expect(lookupHs('8517130000')?.description).toMatch(/smartphones/i);
  });

  it('keeps the editions apart', () => {
    expect(lookupHs('851713', 'HS2017')).toBeUndefined();
    expect(lookupHs('851712', 'HS2022')).toBeUndefined();
    expect(lookupHs('851712', 'HS2017')?.edition).toBe('HS2017');
  });

  it('accepts a code that exists in either edition', () => {
    expect(hsCodeExists('851713')).toBe(true);
    expect(hsCodeExists('85171200')).toBe(true);
  });

  it('rejects shapes and codes that do not exist', () => {
    for (const code of ['000111', '113355', '9301', '93019000001', '77xxxx', '', '999999']) expect(hsCodeExists(code)).toBe(false);
    expect(lookupHs('0101')).toBeUndefined();
  });

  it('lists the HS 2022 subheadings', () => {
    const subheadings = listHsSubheadings();
    // 5,613 in the source less Comtrade's statistical 999999
    expect(subheadings.length).toBe(5612);
    expect(subheadings.every((code) => code.length === 6)).toBe(true);
  });
});
