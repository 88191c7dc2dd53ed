/** A declarative-tests assignment with plain limits and no tests, for tests of deadlines and scoring. */
import type { TestsAssignment } from '../../src/course/types.js';

export function testsAssignment(fields: Partial<TestsAssignment> = {}): TestsAssignment {
  return {
    id: 'hw1',
    kind: 'tests',
    title: 'Homework 1',
    repos: 'hw1-*',
    dir: 'hw1',
    image: 'gradebot/base:latest',
    limits: {
      cpus: 1,
      memoryBytes: 1 << 28,
      pids: 128,
      timeMs: 600_000,
      outputBytes: 1 << 20,
      diskBytes: 1 << 28,
    },
    due: null,
    late: null,
    limit: null,
    scoreboard: false,
    extensions: [],
    build: null,
    tests: [],
    ...fields,
  };
}
