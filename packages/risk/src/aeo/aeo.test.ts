import { describe, expect, it } from 'vitest';
import type { AeoAuthorisation, MraTable } from './aeo-authorisation.js';
import { MraTableSchema } from './aeo-authorisation.js';
import { evaluateAeo, unknownAeoTreatment } from './evaluate-aeo.js';
import { parseAeoRegistryCsv } from './parse-aeo-registry-csv.js';

const MRA: MraTable = MraTableSchema.parse({
  administration: 'EU',
  domesticCountries: ['NL', 'DE', 'FR'],
  partners: [
    { country: 'US', programme: 'C-TPAT', types: ['AEOS', 'AEOF'] },
    { country: 'CN', types: ['AEOS', 'AEOF'], since: '2026-12-01' },
  ],
});
const NOW = '2026-11-20T10:00:00Z';
const auth = (overrides: Partial<AeoAuthorisation> = {}): AeoAuthorisation => ({
  operatorId: 'NL123456789', type: 'AEOF', status: 'valid', validFrom: '2020-01-01', issuingCountry: 'NL', ...overrides,
});

describe('evaluateAeo', () => {
  it('gives security treatment to a valid domestic AEOF and AEOS', () => {
    expect(evaluateAeo([auth()], MRA, NOW)).toMatchObject({ status: 'valid', recognised: true, securityTreatment: true });
    expect(evaluateAeo([auth({ type: 'AEOS' })], MRA, NOW).securityTreatment).toBe(true);
  });

  it('recognises AEOC but gives it no security treatment', () => {
    expect(evaluateAeo([auth({ type: 'AEOC' })], MRA, NOW)).toMatchObject({ recognised: true, securityTreatment: false });
  });

  it('gives nothing for suspended, revoked, expired or not yet valid authorisations', () => {
    expect(evaluateAeo([auth({ status: 'suspended' })], MRA, NOW)).toMatchObject({ status: 'suspended', securityTreatment: false });
    expect(evaluateAeo([auth({ status: 'revoked' })], MRA, NOW)).toMatchObject({ status: 'revoked', securityTreatment: false });
    expect(evaluateAeo([auth({ validTo: '2026-11-19' })], MRA, NOW)).toMatchObject({ status: 'expired', securityTreatment: false });
    expect(evaluateAeo([auth({ validFrom: '2026-11-21' })], MRA, NOW)).toMatchObject({ status: 'not_yet_valid', securityTreatment: false });
  });

  it('counts the validity end day as valid', () => {
    expect(evaluateAeo([auth({ validTo: '2026-11-20' })], MRA, NOW).securityTreatment).toBe(true);
  });

  it('recognises MRA partners only for the listed types and from the MRA start date', () => {
    expect(evaluateAeo([auth({ issuingCountry: 'US', operatorId: 'US-CTPAT-1', type: 'AEOS' })], MRA, NOW).securityTreatment).toBe(true);
    expect(evaluateAeo([auth({ issuingCountry: 'US', type: 'AEOC' })], MRA, NOW)).toMatchObject({ recognised: false, securityTreatment: false });
    expect(evaluateAeo([auth({ issuingCountry: 'CN' })], MRA, NOW).recognised).toBe(false);
    expect(evaluateAeo([auth({ issuingCountry: 'CN' })], MRA, '2026-12-02T00:00:00Z').recognised).toBe(true);
    expect(evaluateAeo([auth({ issuingCountry: 'BR' })], MRA, NOW)).toMatchObject({ status: 'valid', recognised: false, securityTreatment: false });
  });

  it('picks the authorisation that earns treatment when an operator holds several', () => {
    const result = evaluateAeo([auth({ status: 'revoked', type: 'AEOS' }), auth({ type: 'AEOC', operatorId: 'NL1' }), auth({ type: 'AEOS', operatorId: 'NL2' })], MRA, NOW);
    expect(result).toMatchObject({ operatorId: 'NL2', securityTreatment: true });
  });

  it('says "none" without records and "unknown" when the lookup failed', () => {
    expect(evaluateAeo([], MRA, NOW).status).toBe('none');
    expect(unknownAeoTreatment('registry timeout')).toMatchObject({ status: 'unknown', securityTreatment: false, reason: 'AEO status unknown: registry timeout' });
  });
});

describe('parseAeoRegistryCsv', () => {
  it('reads rows in any column order with optional validTo', () => {
    const csv = 'issuingCountry,operatorId,type,status,validFrom,validTo\nNL,nl 123456789,aeof,Valid,2020-01-01,\nDE,DE987654321,AEOC,suspended,2019-05-01,2027-05-01\n';
    const result = parseAeoRegistryCsv(csv);
    expect(result.issues).toEqual([]);
    expect(result.authorisations).toEqual([
      { operatorId: 'NL123456789', type: 'AEOF', status: 'valid', validFrom: '2020-01-01', issuingCountry: 'NL' },
      { operatorId: 'DE987654321', type: 'AEOC', status: 'suspended', validFrom: '2019-05-01', validTo: '2027-05-01', issuingCountry: 'DE' },
    ]);
  });

  it('reports each bad cell with line and column and keeps the good rows', () => {
    const csv = 'operatorId,type,status,validFrom,validTo,issuingCountry\nNL1234,AEOX,valid,2020-01-01,,NL\nNL5678,AEOS,valid,2021-01-01,2020-01-01,Netherlands\nNL9999,AEOS,valid,2021-01-01,,NL\n';
    const result = parseAeoRegistryCsv(csv);
    expect(result.authorisations.map((a) => a.operatorId)).toEqual(['NL9999']);
    expect(result.issues).toEqual([
      expect.objectContaining({ line: 2, column: 'type', code: 'AEO_CSV_TYPE_INVALID' }),
      expect.objectContaining({ line: 3, column: 'validTo', code: 'AEO_CSV_VALIDITY_REVERSED' }),
      expect.objectContaining({ line: 3, column: 'issuingCountry', code: 'AEO_CSV_COUNTRY_INVALID' }),
    ]);
  });

  it('refuses dates that do not exist in the calendar, naming the cell', () => {
    const csv = 'operatorId,type,status,validFrom,validTo,issuingCountry\nNL1234,AEOS,valid,2022-13-01,,NL\nNL5678,AEOS,valid,2023-02-29,2024-02-29,NL\n';
    const result = parseAeoRegistryCsv(csv);
    expect(result.authorisations).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ line: 2, column: 'validFrom', code: 'AEO_CSV_DATE_INVALID' }),
      expect.objectContaining({ line: 3, column: 'validFrom', code: 'AEO_CSV_DATE_INVALID' }),
    ]);
  });

  it('refuses a file whose header lacks a required column', () => {
    expect(parseAeoRegistryCsv('operatorId,type\nNL1,AEOS\n').issues.map((i) => i.column)).toEqual(['status', 'validFrom', 'issuingCountry']);
  });
});

describe('shipped illustrative AEO data', () => {
  it('parses, and gives treatment per the MRA table', async () => {
    const { loadSampleAeoData, parseMraTable } = await import('./load-aeo-sample-data.js');
    const { authorisations, mra } = loadSampleAeoData();
    const of = (id: string) => authorisations.filter((a) => a.operatorId === id);
    expect(evaluateAeo(of('US-CTPAT-0001234'), mra, NOW).securityTreatment).toBe(true);
    expect(evaluateAeo(of('BR0000000001'), mra, NOW).recognised).toBe(false);
    expect(evaluateAeo(of('FR12345678901'), mra, NOW).status).toBe('expired');
    expect(() => parseMraTable({ administration: 'X', domesticCountries: [], partners: [] })).toThrow(expect.objectContaining({ code: 'MRA_TABLE_INVALID' }));
  });
});
