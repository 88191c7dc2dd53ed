/**
 * The small course file of the end-to-end tests: one assignment, `hw1`, graded from `hw1-*`
 * repositories on the base image, with the tests (course-file flow mappings) and dates given.
 */
export interface Hw1Course {
  course: string;
  /** Each a flow mapping, like `{ name: answer, run: 'cat answer.txt', stdout: '42', points: 2 }`. */
  tests: string[];
  /** As the course file writes dates, `2026-12-04 11:37`. */
  due?: string;
  /** The late period's end, with a 10 %/day penalty. */
  lateUntil?: string;
}

export const ANSWER_TEST = `{ name: answer, run: 'cat answer.txt', stdout: '42', points: 2 }`;

export function hw1CourseFile(course: Hw1Course): string {
  return [
    `course: ${course.course}`,
    'timezone: UTC',
    'defaults:',
    '  image: gradebot/base:latest',
    '  limits: { time: 30s, memory: 64MiB, disk: 16MiB }',
    'assignments:',
    '  hw1:',
    "    repos: 'hw1-*'",
    '    dir: hw1',
    ...(course.due ? [`    due: ${course.due}`] : []),
    ...(course.lateUntil ? [`    late: { until: ${course.lateUntil}, penalty: 10%/day }`] : []),
    '    tests:',
    ...course.tests.map((test) => `      - ${test}`),
    '',
  ].join('\n');
}
