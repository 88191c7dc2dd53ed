import { describe, expect, it } from 'vitest';
import { studentOf } from '../../src/course/repo-pattern.js';

describe('studentOf', () => {
  it.each<[string, string, string | null]>([
    ['hw1-*', 'hw1-alice', 'alice'],
    ['hw1-*', 'HW1-Alice', 'alice'],
    ['HW1-*', 'hw1-ALICE', 'alice'],
    ['*-hw1', 'bob-hw1', 'bob'],
    ['cs101-*-hw1', 'cs101-carol-hw1', 'carol'],
    ['hw1-*', 'hw1-', null],
    ['hw1-*', 'hw10-dan', null],
    ['hw1-*', 'hw2-alice', null],
    ['hw1-*-*', 'hw1-a-b', null],
    ['hw1', 'hw1', null],
  ])('%s on %s gives %s', (pattern, repo, student) => {
    expect(studentOf(pattern, repo)).toBe(student);
  });
});
