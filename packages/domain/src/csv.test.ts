import { describe, expect, it } from 'vitest';
import { formatCsvField, parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes and line breaks inside quotes, with start lines', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n"three\r\nmore\nlines",end\nlast,row');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 5, fields: ['three\r\nmore\nlines', 'end'] },
      { line: 8, fields: ['last', 'row'] },
    ]);
  });

  it('skips blank lines but keeps rows of empty fields, and drops a byte-order mark', () => {
    expect(parseCsv('\ufeffa\n\n,\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 3, fields: ['', ''] },
    ]);
  });

  it('keeps rows of differing length, another delimiter and stray quotes in unquoted fields', () => {
    expect(parseCsv('a;b;c\n1;5\'7" tall\n', { delimiter: ';' })).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '5\'7" tall'] },
    ]);
  });

  it('refuses text that is not CSV with a stable code and the line', () => {
    expect(() => parseCsv('a,b\n1,"never closed\n2,3\n')).toThrow(expect.objectContaining({ code: 'CSV_INVALID', message: expect.stringMatching(/^line \d+: /) }));
  });

  it('quotes a field only when it must, and what it writes reads back', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('a,"b"')).toBe('"a,""b"""');
    const fields = ['x', 'a,"b"', 'two\nlines'];
    expect(parseCsv(fields.map(formatCsvField).join(','))[0]?.fields).toEqual(fields);
  });
});
