import { describe, expect, it } from 'vitest';
import { testRegex } from '../../src/scoring/bounded-regex.js';

describe('testRegex', () => {
  it('matches with the given flags', () => {
    expect(testRegex('^b$', 'm', 'a\nb')).toEqual({ kind: 'match' });
    expect(testRegex('^b$', '', 'a\nb')).toEqual({ kind: 'no-match' });
  });

  it('interrupts catastrophic backtracking at the given bound', () => {
    // 2^40 ways to split the a's: only the bound ends this match, on any machine.
    expect(testRegex('(a+)+$', 'm', 'a'.repeat(40) + 'b', 100)).toEqual({ kind: 'timeout' });
    expect(testRegex('(a+)+$', 'm', 'aaab', 100)).toEqual({ kind: 'no-match' });
  });

  it('reports an invalid pattern', () => {
    expect(testRegex('a{2,1}', 'm', 'a')).toEqual({
      kind: 'invalid',
      message: 'Invalid regular expression: /a{2,1}/m: numbers out of order in {} quantifier',
    });
  });

  // The stack runs out after a second or two on an idle machine; the bound is far above that so a
  // busy one (the load check) still sees the engine give up first.
  it('reports an engine that gives up', () => {
    expect(testRegex('(x|y)*z', 'm', 'xy'.repeat(5_000_000), 300_000)).toEqual({
      kind: 'failed',
      message: 'Maximum call stack size exceeded',
    });
  }, 600_000);
});
