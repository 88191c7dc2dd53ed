import { describe, expect, it } from 'vitest';
import { testRegex } from '../../src/scoring/bounded-regex.js';

describe('testRegex', () => {
  it('matches with the given flags', () => {
    expect(testRegex('^b$', 'm', 'a\nb')).toEqual({ kind: 'match' });
    expect(testRegex('^b$', '', 'a\nb')).toEqual({ kind: 'no-match' });
  });

  it('interrupts catastrophic backtracking at the given bound', () => {
    const started = Date.now();
    expect(testRegex('(a+)+$', 'm', 'a'.repeat(40) + 'b', 100)).toEqual({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(testRegex('(a+)+$', 'm', 'aaab', 100)).toEqual({ kind: 'no-match' });
  });

  it('reports an invalid pattern', () => {
    expect(testRegex('a{2,1}', 'm', 'a')).toEqual({
      kind: 'invalid',
      message: 'Invalid regular expression: /a{2,1}/m: numbers out of order in {} quantifier',
    });
  });

  it('reports an engine that gives up', () => {
    expect(testRegex('(x|y)*z', 'm', 'xy'.repeat(5_000_000), 5000)).toEqual({
      kind: 'failed',
      message: 'Maximum call stack size exceeded',
    });
  });
});
