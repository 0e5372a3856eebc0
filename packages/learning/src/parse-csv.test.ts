import { describe, expect, it } from 'vitest';
import { formatCsvField, parseCsv } from './parse-csv.js';

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes and line breaks inside quotes, with start lines', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
    ]);
  });

  it('skips blank lines but keeps rows of empty fields, and drops a byte-order mark', () => {
    expect(parseCsv('\ufeffa\n\n,\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 3, fields: ['', ''] },
    ]);
  });

  it('quotes a field only when it must', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('a,"b"')).toBe('"a,""b"""');
  });
});
