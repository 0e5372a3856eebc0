/**
 * Focused checks of single HMRC rules, each on HMRC's valid submission with one change, so a failure
 * names the rule. The whole pack runs in ens-pack.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '@safe-screen/domain';
import { parseXml } from '../xml.js';
import { massInGrams } from './number-format-rules.js';
import { parseEns } from './parse-ens.js';

const VALID = readFileSync(fileURLToPath(new URL('../../test-data/ens/validSubmission.xml', import.meta.url)), 'utf8');

function issuesOf(raw: string): ValidationIssue[] {
  const parsed = parseXml(raw);
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return parseEns(parsed.xml, raw).issues;
}

const hmrc = (raw: string): string[] => issuesOf(raw).flatMap((i) => (i.externalCode === undefined ? [] : [`${i.externalCode} ${i.location}`]));
const root = '/ie:CC315A[1]';

describe('party identity (C501)', () => {
  it('forbids name and address next to a GB TIN, at the field', () => {
    const raw = VALID.replace('<TINCE159>GBab12</TINCE159>', '<NamCE17>Acme</NamCE17><CitCE124>Leeds</CitCE124><TINCE159>GBab12</TINCE159>');
    expect(hmrc(raw).sort()).toEqual([`8631 ${root}/TRACONCE1[1]/NamCE17[1]`, `8634 ${root}/TRACONCE1[1]/CitCE124[1]`]);
  });

  it('requires the full address without a TIN, at the party', () => {
    const raw = VALID.replace('<TINCE159>GBab12</TINCE159>', '<NamCE17>Acme</NamCE17>');
    expect(hmrc(raw).sort()).toEqual(['8126', '8127', '8128', '8129'].map((c) => `${c} ${root}/TRACONCE1[1]`));
  });

  it('requires the full address again with a non-GB TIN', () => {
    const raw = VALID.replace('<TINCE159>GBab12</TINCE159>', '<NamCE17>Acme</NamCE17><StrAndNumCE122>1 Rue</StrAndNumCE122><PosCodCE123>75001</PosCodCE123><CitCE124>Paris</CitCE124><TINCE159>FR123</TINCE159>');
    expect(hmrc(raw)).toEqual([`8229 ${root}/TRACONCE1[1]`]);
  });
});

describe('means of transport', () => {
  it('requires a numeric IMO or ENI identity for sea transport (C017, C514)', () => {
    const sea = VALID.replace('<TraModAtBorHEA76>4</TraModAtBorHEA76>', '<TraModAtBorHEA76>1</TraModAtBorHEA76>');
    // No identity at header nor on the goods item: both levels report it (C017 and C019).
    expect(hmrc(sea)).toEqual([`8107 ${root}/HEAHEA[1]`, `8199 ${root}/GOOITEGDS[1]`]);
    const named = sea.replace('<TotNumOfIteHEA305>', '<IdeOfMeaOfTraCroHEA85>MAERSK KIEL</IdeOfMeaOfTraCroHEA85><TotNumOfIteHEA305>');
    expect(hmrc(named)).toEqual([`8114 ${root}/HEAHEA[1]`]);
  });

  it('warns, without an HMRC code, on an IMO number with a wrong check digit', () => {
    const raw = VALID.replace('<TraModAtBorHEA76>4</TraModAtBorHEA76>', '<TraModAtBorHEA76>1</TraModAtBorHEA76><IdeOfMeaOfTraCroHEA85>9074728</IdeOfMeaOfTraCroHEA85>');
    expect(hmrc(raw)).toEqual([]);
    expect(issuesOf(raw)).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'IMO_CHECK_DIGIT', value: '9074728' }));
  });

  it('checks the IATA flight number form for air (TR0518)', () => {
    expect(hmrc(VALID.replace('<ConRefNumHEA>ABC1234D</ConRefNumHEA>', '<ConRefNumHEA>ABCD123E</ConRefNumHEA>'))).toEqual([`8118 ${root}/HEAHEA[1]`]);
  });
});

describe('goods items and numbers', () => {
  it('reports each number-format breach at its element', () => {
    const raw = VALID.replace('<TotGroMasHEA307>1.000</TotGroMasHEA307>', '<TotGroMasHEA307>01.0000</TotGroMasHEA307>');
    expect(hmrc(raw).sort()).toEqual([`8674 ${root}/HEAHEA[1]/TotGroMasHEA307[1]`, `8676 ${root}/HEAHEA[1]/TotGroMasHEA307[1]`]);
  });

  it('requires total gross mass not below the items (TR0812), compared exactly', () => {
    const raw = VALID.replace('<TotGroMasHEA307>1.000</TotGroMasHEA307>', '<TotGroMasHEA307>0.1</TotGroMasHEA307>').replace('<IteNumGDS7>1</IteNumGDS7>', '<IteNumGDS7>1</IteNumGDS7><GroMasGDS46>0.101</GroMasGDS46>');
    expect(hmrc(raw)).toEqual([`8686 ${root}/HEAHEA[1]`]);
  });

  it('reads masses as HMRC does: a leading plus is not a number', () => {
    expect(massInGrams('12.5')).toBe(12500n);
    expect(massInGrams('-0.1')).toBe(-100n);
    expect(massInGrams('+5')).toBeUndefined();
  });

  it('warns on a container number with a wrong ISO 6346 check digit', () => {
    const raw = VALID.replace('<PACGS2>', '<CONNR2><ConNumNR21>MSKU1100810</ConNumNR21></CONNR2><PACGS2>');
    expect(hmrc(raw)).toEqual([]);
    expect(issuesOf(raw)).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'CONTAINER_CHECK_DIGIT', location: `${root}/GOOITEGDS[1]/CONNR2[1]/ConNumNR21[1]` }));
  });
});
