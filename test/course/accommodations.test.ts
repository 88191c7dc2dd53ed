/** The course file's `extensions:` and `overrides:`: what they resolve to, and every mistake at its line. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load-course.js';
import { problemsOf, removeTemps, tempCourse } from './fixtures.js';

afterEach(removeTemps);

const COURSE = `course: cs101
timezone: America/Toronto
assignments:
  hw1:
    image: gradebot/python:3
    due: 2026-12-01 23:59
    late: { until: 2026-12-03 23:59, penalty: 10%/day }
    tests:
      - { name: one, run: 'true', points: 10 }
`;

async function courseWith(tail: string): Promise<string> {
  const dir = await tempCourse();
  await mkdir(path.join(dir, 'hw1'));
  await writeFile(path.join(dir, 'gradebot.yml'), COURSE + tail);
  return dir;
}

describe('extensions and overrides in the course file', () => {
  it('resolve in the course time zone, logins in lower case', async () => {
    const course = await loadCourse(
      await courseWith(`extensions:
  hw1:
    - { student: Alice, due: 2026-12-05 23:59, reason: medical note }
    - { student: bob, late_until: 2026-12-10, reason: travel }
overrides:
  - { student: Carol, assignment: hw1, score: 8, reason: grader bug, by: ta-jo, at: 2026-12-06 10:00 }
`),
    );
    expect(course.assignments[0]?.extensions).toEqual([
      {
        student: 'alice',
        due: new Date('2026-12-06T04:59:00Z'),
        lateUntil: null,
        reason: 'medical note',
        source: 'course',
      },
      {
        student: 'bob',
        due: null,
        lateUntil: new Date('2026-12-11T04:59:59Z'),
        reason: 'travel',
        source: 'course',
      },
    ]);
    expect(course.overrides).toEqual([
      {
        student: 'carol',
        assignment: 'hw1',
        score: 8,
        reason: 'grader bug',
        by: 'ta-jo',
        at: new Date('2026-12-06T15:00:00Z'),
        source: 'course',
      },
    ]);
  });

  it('reports each bad entry at its line', async () => {
    expect(
      await problemsOf(
        await courseWith(`extensions:
  hw9:
    - { student: alice, due: 2026-12-05, reason: x }
  hw1:
    - { student: alice, due: 2026-11-20, reason: too early }
    - { student: bob, due: 2026-12-05, late_until: 2026-12-04, reason: backwards }
    - { student: carol, due: 'next week', reason: typo }
    - { student: dave, reason: nothing granted }
    - { student: erin, due: 2026-12-05, reason: first }
    - { student: Erin, due: 2026-12-06, reason: twice }
    - { student: fay, due: 2026-12-05, reson: misspelt }
overrides:
  - { student: gus, assignment: hw1, score: 11, reason: too much, by: ta, at: 2026-12-06 }
  - { student: hal, assignment: hw2, score: 1, reason: no such, by: ta, at: 2026-12-06 }
  - { student: ida, assignment: hw1, score: 5, reason: fine, by: ta, at: 2026-12-06 }
  - { student: IDA, assignment: hw1, score: 6, reason: again, by: ta, at: 2026-12-07 }
  - { student: jo, assignment: hw1, score: 5, by: ta, at: 2026-12-06 }
`),
      ),
    ).toEqual([
      'gradebot.yml:11:3: extensions.hw9: no assignment "hw9"; known assignments: hw1',
      'gradebot.yml:14:30: extensions.hw1[0].due: expected a date no earlier than the assignment\'s due date, got "2026-11-20"',
      'gradebot.yml:15:52: extensions.hw1[1].late_until: expected a date after the student\'s due date, got "2026-12-04"',
      'gradebot.yml:16:30: extensions.hw1[2].due: expected a date like 2026-12-01 23:59, got "next week"',
      'gradebot.yml:17:7: extensions.hw1[3]: expected due, late_until or both, got neither',
      'gradebot.yml:19:18: extensions.hw1[5].student: Erin already has an extension of hw1; give one entry',
      'gradebot.yml:20:7: extensions.hw1[6].reason: missing, expected a reason',
      'gradebot.yml:20:40: extensions.hw1[6].reson: unknown key, did you mean reason?',
      'gradebot.yml:22:45: overrides[0].score: expected a score from 0 to 10, what hw1 is out of; got 11',
      'gradebot.yml:23:33: overrides[1].assignment: no assignment "hw2"; known assignments: hw1',
      'gradebot.yml:25:16: overrides[3].student: IDA already has an override of hw1; give one entry',
      'gradebot.yml:26:5: overrides[4].reason: missing, expected a reason',
    ]);
  });

  it('an extension of an assignment without a due date', async () => {
    const dir = await tempCourse();
    await mkdir(path.join(dir, 'hw1'));
    await writeFile(
      path.join(dir, 'gradebot.yml'),
      `course: cs101
assignments:
  hw1:
    image: gradebot/python:3
    tests: [{ name: one, run: 'true' }]
extensions:
  hw1: [{ student: alice, due: 2026-12-05, reason: r }]
`,
    );
    expect(await problemsOf(dir)).toEqual([
      'gradebot.yml:7:9: extensions.hw1[0]: hw1 has no due date to extend; give it one first',
    ]);
  });
});
