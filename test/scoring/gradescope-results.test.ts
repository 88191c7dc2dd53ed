import { describe, expect, it } from 'vitest';
import { parseGradescopeResults } from '../../src/scoring/gradescope-results.js';

const parse = (json: unknown, maxScore: number | null = null) =>
  parseGradescopeResults(Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)), maxScore);

const test = { output: '', duration_ms: 0 };

describe('parseGradescopeResults: valid files', () => {
  it('accepts a bare score', () => {
    const bare = { ok: true, tests: [], score: 7, output: '', stdoutVisibility: 'hidden' };
    expect(parse({ score: 7 }, 10)).toEqual({ ...bare, max_score: 10 });
    expect(parse({ score: 7 })).toEqual({ ...bare, max_score: 0 });
  });

  it('reads a full file', () => {
    const file = {
      score: 12.0,
      execution_time: 136,
      output: 'Text relevant to the entire submission',
      output_format: 'simple_format',
      test_output_format: 'text',
      test_name_format: 'text',
      visibility: 'visible',
      stdout_visibility: 'visible',
      extra_data: { anything: [1, 2] },
      tests: [
        {
          score: 2.0,
          max_score: 2.0,
          status: 'passed',
          name: 'Your name',
          name_format: 'text',
          number: '1.1',
          output: 'Giant multiline string',
          output_format: 'text',
          tags: ['tag1', 'tag2'],
          visibility: 'visible',
          extra_data: {},
        },
        { score: 0, max_score: 3, name: 'hidden one', visibility: 'hidden' },
        { score: 1, max_score: 4, name: 'after due', visibility: 'after_due_date' },
        { score: 4, max_score: 4, name: 'after published', visibility: 'after_published' },
      ],
      leaderboard: [
        { name: 'Accuracy', value: 0.926 },
        { name: 'Time', value: 15.1, order: 'asc' },
        { name: 'Stars', value: '*****' },
      ],
    };
    expect(parse(file)).toEqual({
      ok: true,
      score: 12,
      max_score: 13,
      output: 'Text relevant to the entire submission',
      stdoutVisibility: 'visible',
      executionTime: 136,
      extraData: { anything: [1, 2] },
      tests: [
        {
          ...test,
          name: 'Your name',
          score: 2,
          max_score: 2,
          status: 'passed',
          output: 'Giant multiline string',
          visibility: 'visible',
          tags: ['tag1', 'tag2'],
          extra_data: {},
        },
        { ...test, name: 'hidden one', score: 0, max_score: 3, status: 'failed', visibility: 'hidden' },
        { ...test, name: 'after due', score: 1, max_score: 4, status: 'failed', visibility: 'after_due' },
        {
          ...test,
          name: 'after published',
          score: 4,
          max_score: 4,
          status: 'passed',
          visibility: 'after_due',
        },
      ],
      leaderboard: [
        { name: 'Accuracy', value: 0.926 },
        { name: 'Time', value: 15.1, order: 'asc' },
        { name: 'Stars', value: '*****' },
      ],
    });
  });

  it('sums the tests when there is no top-level score, without float noise', () => {
    const result = parse({
      tests: [
        { score: 0.1, max_score: 0.1 },
        { score: 0.2, max_score: 0.5 },
      ],
    });
    expect(result).toMatchObject({ ok: true, score: 0.3, max_score: 0.6 });
  });

  it('lets the assignment’s points override the tests’ maxima', () => {
    expect(parse({ tests: [{ score: 1, max_score: 2 }] }, 20)).toMatchObject({
      ok: true,
      score: 1,
      max_score: 20,
    });
  });

  it('fills in missing fields (a score without max_score is held to 0: no extra credit)', () => {
    const result = parse({
      tests: [{ score: 3 }, { max_score: 2 }, { number: 7, max_score: 1, status: 'passed' }, {}],
    });
    expect(result).toEqual({
      ok: true,
      score: 0,
      max_score: 3,
      stdoutVisibility: 'hidden',
      output:
        'gradebot limited what results.json reported:\n' +
        '- 1 test score(s) outside 0 to max_score (at most 1000000 points) were limited: "Test 1" 3 of 0',
      tests: [
        { ...test, name: 'Test 1', score: 0, max_score: 0, status: 'passed', visibility: 'visible' },
        { ...test, name: 'Test 2', score: 0, max_score: 2, status: 'failed', visibility: 'visible' },
        // Numbered 7, it comes after the fourth test, numbered 4 by its place.
        { ...test, name: 'Test 4', score: 0, max_score: 0, status: 'passed', visibility: 'visible' },
        { ...test, name: '7', score: 0, max_score: 1, status: 'passed', visibility: 'visible' },
      ],
    });
  });

  it('trusts an explicit status over the points', () => {
    const result = parse({
      tests: [
        { score: 2, max_score: 2, status: 'failed' },
        { score: 0, max_score: 2, status: 'passed' },
      ],
    });
    expect(result.ok && result.tests.map((t) => t.status)).toEqual(['failed', 'passed']);
  });

  it('lets a test’s own visibility override the top-level one, as the spec says', () => {
    const result = parse({
      score: 1,
      visibility: 'after_due_date',
      tests: [{ name: 'a', visibility: 'visible' }, { name: 'b' }, { name: 'c', visibility: 'hidden' }],
    });
    expect(result.ok && result.tests.map((t) => t.visibility)).toEqual(['visible', 'after_due', 'hidden']);
    const hidden = parse({
      score: 1,
      visibility: 'hidden',
      tests: [{ name: 'a' }, { name: 'b', visibility: 'visible' }],
    });
    expect(hidden.ok && hidden.tests.map((t) => t.visibility)).toEqual(['hidden', 'visible']);
  });

  it('tolerates gradescope-utils output: unknown keys, nulls, string times, empty leaderboard', () => {
    const file = {
      tests: [
        { name: 'test_a (tests.Test)', score: 1.0, max_score: 1.0, status: 'passed', merge_subtests: 'True' },
      ],
      leaderboard: [{ name: 'speed', value: null, order: null }],
      execution_time: '0.42',
      score: 1.0,
      output: null,
      stdout_visibility: 'hidden',
      my_own_key: { nested: true },
    };
    expect(parse(file)).toEqual({
      ok: true,
      score: 1,
      max_score: 1,
      output: '',
      stdoutVisibility: 'hidden',
      executionTime: 0.42,
      tests: [
        {
          ...test,
          name: 'test_a (tests.Test)',
          score: 1,
          max_score: 1,
          status: 'passed',
          visibility: 'visible',
        },
      ],
    });
  });

  it('ignores a byte-order mark', () => {
    expect(parseGradescopeResults(Buffer.from('\uFEFF{"score": 2}'), 2)).toMatchObject({
      ok: true,
      score: 2,
    });
  });
});
