import { describe, expect, it } from 'vitest';
import { jsonErrorPosition } from '../../src/scoring/json-error-position.js';

const offsetOf = (text: string) => jsonErrorPosition(text)?.offset ?? null;

describe('jsonErrorPosition', () => {
  it('accepts valid JSON', () => {
    for (const text of [
      '{}',
      '[]',
      ' 7 ',
      '"a\\u00e9\\n"',
      '{"a": [1, -2.5e3, true, false, null, {"b": "c"}], "d": {}}',
      '[[[[[]]]]]',
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonErrorPosition(text)).toBeNull();
    }
  });

  it('finds the first error where JSON.parse names none', () => {
    expect(offsetOf('garbage')).toBe(0);
    expect(offsetOf('')).toBe(0);
    expect(offsetOf('{"a": 1')).toBe(7);
    expect(offsetOf('{"a": tru}')).toBe(6);
    expect(offsetOf('{"a": "x}')).toBe(9);
  });

  it('finds structural errors', () => {
    expect(offsetOf('{"a": 1,}')).toBe(8);
    expect(offsetOf('[1, 2,]')).toBe(6);
    expect(offsetOf('{"a" 1}')).toBe(5);
    expect(offsetOf('{a: 1}')).toBe(1);
    expect(offsetOf('[1] [2]')).toBe(4);
    expect(offsetOf('[01]')).toBe(2);
    expect(offsetOf('["\\x"]')).toBe(2);
    expect(offsetOf('["a\tb"]')).toBe(3);
    expect(offsetOf('{"a": 1]')).toBe(7);
  });

  it('gives line and column', () => {
    expect(jsonErrorPosition('{\n  "score": 1,\n  "tests": [}\n}')).toEqual({
      offset: 28,
      line: 3,
      column: 13,
    });
  });

  it('survives deep nesting', () => {
    expect(offsetOf('['.repeat(100_000))).toBe(100_000);
  });
});
