import { describe, expect, it } from 'vitest';
import { KCS_MAPPING } from './csv-mapping.js';
import { importExamplesCsv, readDeclarationsCsv } from './import-examples-csv.js';

const HEADER =
  'Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud';
const row = (id: string, fraud: string, critical: string, mass = '108.0', date = '2020-01-01'): string =>
  `${id},${date},30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G,${mass},372254.4,${fraud},${critical}`;

describe('importExamplesCsv with the KCS mapping', () => {
  it('maps Fraud and Critical Fraud to findings and reads every mapped feature', () => {
    const result = importExamplesCsv([HEADER, row('1', '0', '0'), row('2', '1', '1'), row('3', '1', '2')].join('\n'), KCS_MAPPING);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((e) => e.outcome)).toEqual(['no_finding', 'irregularity', 'serious_finding']);
    expect(result.rows[0]).toEqual({
      id: '1',
      date: '2020-01-01',
      source: 'import',
      outcome: 'no_finding',
      features: {
        office: '30',
        processType: 'B',
        importType: '11',
        importUse: '21',
        paymentType: '11',
        mode: '10',
        declarantId: 'ZZR1LT6',
        importerId: 'QLRUBN9',
        sellerId: '0VKY2BR',
        commodityCode: '440890',
        loadingCountry: 'BE',
        originCountry: 'BE',
        taxRate: '0.0',
        taxType: 'FEU1',
        originIndicator: 'G',
        netMassKg: 108,
        value: 372254.4,
      },
    });
  });

  it('refuses a file whose header lacks a mapped column, naming the column', () => {
    const result = importExamplesCsv(HEADER.replace('HS6 Code', 'HS Code') + '\n' + row('1', '0', '0'), KCS_MAPPING);
    expect(result).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'LEARNING_CSV_COLUMN_MISSING', column: 'HS6 Code', line: 1 })],
    });
  });

  it('refuses an empty file', () => {
    expect(importExamplesCsv('', KCS_MAPPING)).toEqual({ ok: false, issues: [expect.objectContaining({ code: 'LEARNING_CSV_EMPTY' })] });
  });

  it('skips bad rows with their line and column and keeps the good ones', () => {
    const text = [
      HEADER,
      row('1', '0', '0'),
      row('2', '0', '2'), // critical without fraud: no finding is mapped
      row('3', '0', '0', 'heavy'),
      row('4', '0', '0', '1', '01/02/2020'),
      row('', '0', '0'),
      '5,2020-01-01,30',
      row('6', '1', '2'),
    ].join('\n');
    const result = importExamplesCsv(text, KCS_MAPPING);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((e) => e.id)).toEqual(['1', '6']);
    expect(result.issues.map((i) => [i.line, i.code, i.column])).toEqual([
      [3, 'LEARNING_CSV_OUTCOME_UNKNOWN', 'Fraud,Critical Fraud'],
      [4, 'LEARNING_CSV_NUMBER_INVALID', 'Net Mass'],
      [5, 'LEARNING_CSV_DATE_INVALID', 'Date'],
      [6, 'LEARNING_CSV_ID_MISSING', 'Declaration ID'],
      [7, 'LEARNING_CSV_FIELD_COUNT', undefined],
    ]);
  });
});

describe('readDeclarationsCsv', () => {
  it('needs no label columns and keeps a row whose number is unreadable, without that number', () => {
    const header = HEADER.replace(',Fraud,Critical Fraud', '');
    const line = row('9', '', '', 'n/a').replace(/,,$/, '');
    const result = readDeclarationsCsv(`${header}\n${line}\n`, KCS_MAPPING);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]?.id).toBe('9');
    expect(result.rows[0]?.features.netMassKg).toBeUndefined();
    expect(result.rows[0]?.features.commodityCode).toBe('440890');
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'LEARNING_CSV_NUMBER_INVALID' })]);
  });
});
