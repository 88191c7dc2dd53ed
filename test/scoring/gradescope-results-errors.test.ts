import { describe, expect, it } from 'vitest';
import { parseGradescopeResults } from '../../src/scoring/gradescope-results.js';

const parse = (json: unknown, maxScore: number | null = null) =>
  parseGradescopeResults(Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)), maxScore);

describe('parseGradescopeResults: invalid files', () => {
  const error = (json: unknown, maxScore: number | null = null) => {
    const result = parse(json, maxScore);
    return result.ok ? 'parsed' : result.error;
  };

  it('reports invalid JSON with its position', () => {
    expect(error('{\n  "score": 1,\n}')).toBe(
      'results.json is not valid JSON at line 3, column 1: Expected double-quoted property name',
    );
    expect(error('')).toBe(
      'results.json is not valid JSON at line 1, column 1: Unexpected end of JSON input',
    );
  });

  it('reports garbage bytes', () => {
    const result = parseGradescopeResults(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]), 10);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toBe(
      "results.json is not valid JSON at line 1, column 1: Unexpected token '�'",
    );
  });

  it('requires an object', () => {
    expect(error('[1, 2]')).toBe('results.json must hold a JSON object, not an array');
    expect(error('null')).toBe('results.json must hold a JSON object, not null');
    expect(error('"7"')).toBe('results.json must hold a JSON object, not "7"');
  });

  it('names the path of a wrong type', () => {
    expect(error({ score: '7' })).toBe(
      'results.json does not follow Gradescope\'s format: score: expected a finite number, got "7"',
    );
    expect(error({ tests: [{ score: 1 }, { max_score: 2, status: 'ok', tags: 'x' }] })).toBe(
      "results.json does not follow Gradescope's format: " +
        'tests[1].status: Invalid option: expected one of "passed"|"failed"; ' +
        'tests[1].tags: Invalid input: expected array, received string',
    );
    expect(error({ tests: {} })).toBe(
      "results.json does not follow Gradescope's format: tests: Invalid input: expected array, received object",
    );
    expect(error({ score: 1, leaderboard: [{ name: 'x', value: 1, order: 'up' }] })).toBe(
      'results.json does not follow Gradescope\'s format: leaderboard[0].order: Invalid option: expected one of "asc"|"desc"',
    );
  });

  it('rejects a score that is not finite', () => {
    expect(error('{"score": 1e400}')).toBe(
      "results.json does not follow Gradescope's format: score: expected a finite number, got Infinity",
    );
  });

  it('lists at most five problems', () => {
    const tests = Array.from({ length: 7 }, () => ({ score: 'x' }));
    expect(error({ tests })).toMatch(/tests\[4\]\.score: expected a finite number, got "x"; and 2 more$/);
  });

  it('requires a score somewhere', () => {
    expect(error({})).toBe('results.json has neither a top-level "score" nor any "tests"');
    expect(error({ output: 'hi', tests: [] })).toBe(
      'results.json has neither a top-level "score" nor any "tests"',
    );
  });

  it('refuses files over 10 MiB', () => {
    const raw = Buffer.alloc(10 * 1024 * 1024 + 1, ' ');
    expect(parseGradescopeResults(raw, 1)).toEqual({
      ok: false,
      error: 'results.json is 10 MiB; the limit is 10 MiB',
    });
  });
});
