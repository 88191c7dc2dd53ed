import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/gradebook/csv.js';

describe('csvField', () => {
  it('leaves plain text and numbers alone, and writes null as an empty field', () => {
    expect([csvField('alice'), csvField(18.5), csvField(0), csvField(-3), csvField(null)]).toEqual([
      'alice',
      '18.5',
      '0',
      '-3',
      '',
    ]);
  });

  it('quotes fields with commas, quotes, CR or LF, doubling the quotes (RFC 4180)', () => {
    expect(csvField('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });

  it('defuses what a spreadsheet would read as a formula, but not plain numbers', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvField('+1+cmd|calc')).toBe("'+1+cmd|calc");
    expect(csvField('-dash')).toBe("'-dash");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(['-1', '-1.5', '+2', '-.5', '-1e3'].map(csvField)).toEqual(['-1', '-1.5', '+2', '-.5', '-1e3']);
    expect(csvField('-1-1')).toBe("'-1-1");
  });
});

describe('toCsv', () => {
  it('writes a header and one CRLF-ended line per record, in column order', () => {
    const csv = toCsv(
      ['login', 'score', 'note'],
      [
        { login: 'alice', score: 9, note: null },
        { note: 'late, sorry', score: null, login: 'bob' },
      ],
    );
    expect(csv).toBe('login,score,note\r\nalice,9,\r\nbob,,"late, sorry"\r\n');
  });
});
