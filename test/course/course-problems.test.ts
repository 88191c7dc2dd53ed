/** Invalid course files: every problem is reported, once, with the line and column to fix. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, problemsOf, removeTemps, tempCourse } from './fixtures.js';

afterEach(removeTemps);

describe('loadCourse reports', () => {
  it('sizes and durations that do not parse', async () => {
    expect(await problemsOf(fixture('bad-size'))).toEqual([
      'gradebot.yml:6:13: defaults.limits.memory: expected a size like 512MiB, got "lots"',
      'gradebot.yml:7:11: defaults.limits.time: expected a duration like 10m or 1h30m, got "soon"',
      'gradebot.yml:11:23: assignments.hw1.limits.output: expected a size like 512MiB, got "-1MiB"',
      'gradebot.yml:11:36: assignments.hw1.limits.disk: expected a size like 512MiB, got 0',
      'gradebot.yml:15:18: assignments.hw1.tests[0].timeout: expected a duration like 10m or 1h30m, got "10 minutes"',
    ]);
  });

  it('unknown keys at the key, with the closest known key', async () => {
    expect(await problemsOf(fixture('unknown-key'))).toEqual([
      'gradebot.yml:2:1: timzone: unknown key, did you mean timezone?',
      'gradebot.yml:7:5: assignments.hw1.tset: unknown key, did you mean tests?',
      'gradebot.yml:14:9: assignments.hw2.tests[0].stdot: unknown key, did you mean stdout?',
      'gradebot.yml:15:9: assignments.hw2.tests[0].visiblity: unknown key, did you mean visibility?',
    ]);
  });

  it('a missing image at the assignment that lacks it', async () => {
    expect(await problemsOf(fixture('missing-image'))).toEqual([
      'gradebot.yml:3:3: assignments.hw1.image: missing, expected a grading image like gradebot/python:3 here or under defaults',
    ]);
  });

  it('both tests and grader, or neither', async () => {
    expect(await problemsOf(fixture('tests-and-grader'))).toEqual([
      'gradebot.yml:6:13: assignments.hw1.grader: give either tests or grader, not both',
      'gradebot.yml:10:3: assignments.hw2: expected tests or grader, got neither',
    ]);
  });

  it('mistakes in tests, all of them, even in a test with several', async () => {
    expect(await problemsOf(fixture('test-mistakes'))).toEqual([
      'gradebot.yml:10:22: assignments.hw1.tests[0].stdout_file: give either stdout or stdout_file, not both',
      'gradebot.yml:11:15: assignments.hw1.tests[1].name: duplicate test name "first", already used by tests[0]',
      'gradebot.yml:13:17: assignments.hw1.tests[1].stdout: expected a valid regular expression, got "[0-9" (unterminated character class)',
      'gradebot.yml:18:21: assignments.hw1.tests[2].stdin_file: give either stdin or stdin_file, not both',
      'gradebot.yml:19:15: assignments.hw1.tests[2].exit: expected an exit status from 0 to 255, or any, got -1',
      'gradebot.yml:20:17: assignments.hw1.tests[2].points: expected a number >= 0, got -2',
      'gradebot.yml:21:16: assignments.hw1.tests[2].match: expected one of exact, trimmed, contains, regex, got "fuzzy"',
      'gradebot.yml:22:21: assignments.hw1.tests[2].visibility: expected one of visible, hidden, after_due, got "secret"',
    ]);
  });

  it('the shape of the file: missing keys at their parent, bad ids at the id', async () => {
    expect(await problemsOf(fixture('shape'))).toEqual([
      'gradebot.yml:2:1: course: missing, expected a course name like cs101-fall26',
      'gradebot.yml:9:3: assignments["Hw 1"]: expected an assignment id of letters, digits, - and _, got "Hw 1"',
      'gradebot.yml:12:12: assignments.hw2.repos: expected a repository name pattern with exactly one *, like "hw1-*", got "hw2"',
      'gradebot.yml:13:10: assignments.hw2.dir: expected a relative path, got "/srv/hw2"',
      'gradebot.yml:14:12: assignments.hw2.tests: expected at least one test',
      'gradebot.yml:16:17: assignments.hw3.scoreboard: expected true or false, got "yes"',
      'gradebot.yml:17:12: assignments.hw3.build: build is for tests; a grader builds what it needs itself',
      'gradebot.yml:19:27: assignments.hw3.limit.submissions: expected a number > 0, got 0',
      'gradebot.yml:22:13: assignments.hw4.points: points is for grader assignments; give each test its points',
      'gradebot.yml:24:9: assignments.hw4.tests[0].name: missing, expected a test name',
      'gradebot.yml:29:9: assignments.hw5.tests[0].run: expected a shell command, got an empty value',
    ]);
  });

  it('mistakes that appear once defaults are merged, a shared one only once', async () => {
    expect(await problemsOf(fixture('merge'))).toEqual([
      'gradebot.yml:8:11: defaults.grader: give either tests or grader, not both',
      'gradebot.yml:10:3: assignments.inherits-both.image: missing, expected a grading image like gradebot/python:3 here or under defaults',
      'gradebot.yml:14:12: assignments.grader-with-build.build: build is for tests; a grader builds what it needs itself',
      'gradebot.yml:17:13: assignments.tests-with-points.points: points is for grader assignments; give each test its points',
      'gradebot.yml:27:12: assignments.same-repos.repos: "hw-*" is already used by assignment first-hw; a repository must belong to one assignment',
      'gradebot.yml:29:3: assignments.broken-and-no-image.image: missing, expected a grading image like gradebot/python:3 here or under defaults',
      'gradebot.yml:30:23: assignments.broken-and-no-image.limits.memory: expected a size like 512MiB, got "lots"',
    ]);
  });

  it('due dates that do not exist, come in the wrong order, or do not parse', async () => {
    expect(await problemsOf(fixture('dates'))).toEqual([
      'gradebot.yml:8:10: assignments.gap.due: 2026-03-08 02:30 does not exist in America/Toronto (the clocks skip it for daylight saving time)',
      'gradebot.yml:11:20: assignments.late-before-due.late.until: expected a date after the due date (2026-12-01 23:59), got "2026-11-30"',
      'gradebot.yml:13:11: assignments.late-without-due.late: late needs a due date; set due here or under defaults',
      'gradebot.yml:16:41: assignments.bare-penalty.late.penalty: expected a penalty like 10%/day, got 10',
      'gradebot.yml:18:10: assignments.garbage.due: expected a date like 2026-12-01 23:59, got "next friday"',
      'gradebot.yml:19:5: assignments.garbage.late.until: missing, expected a date like 2026-12-01 23:59',
      'gradebot.yml:19:22: assignments.garbage.late.penalty: expected a penalty like 10%/day, got "150%/day"',
    ]);
  });

  it('an unknown time zone', async () => {
    expect(await problemsOf(fixture('bad-timezone'))).toEqual([
      'gradebot.yml:2:11: timezone: expected an IANA time zone like America/Toronto, got "America/Torornto"',
    ]);
  });

  it('comparison options that do not fit the match, or junit', async () => {
    const root = await tempCourse();
    const course = [
      'course: cs101',
      'defaults: { image: gradebot/python:3 }',
      'assignments:',
      '  hw1:',
      '    tests:',
      '      - { name: a, run: ./a, stdout: x, normalize: trim }',
      '      - { name: b, run: ./b, stdout: x, match: exact, flags: i }',
      '      - { name: c, run: ./c, stdout: x, match: regex, flags: mm }',
      '      - { name: d, run: ./d, stdout: x, match: contains, normalize: squash }',
      String.raw`      - { name: e, run: ./e, stdout: '\q', match: regex, flags: u }`,
      '      - { name: f, run: ./f, setup: "", stdout: x, match: regex, flags: "" }',
      '      - { name: g, run: ./g, setup_timeout: 5s }',
      '      - { name: h, run: pytest, junit: r.xml, stdout: x }',
      '      - { name: i, run: pytest, junit: ../r.xml }',
      '      - { name: j, run: pytest, junit: r.xml, exit: any, points: 3 }',
      '',
    ];
    await writeFile(path.join(root, 'gradebot.yml'), course.join('\n'));
    expect(await problemsOf(root)).toEqual([
      'gradebot.yml:6:52: assignments.hw1.tests[0].normalize: normalize is for match exact, contains or regex; trimmed does its own line-by-line normalising',
      'gradebot.yml:7:62: assignments.hw1.tests[1].flags: flags is for match: regex',
      'gradebot.yml:8:62: assignments.hw1.tests[2].flags: expected regular expression flags: any of i, m, s and u, each at most once, got "mm"',
      'gradebot.yml:9:69: assignments.hw1.tests[3].normalize: expected none, newlines, trim or ends, got "squash"',
      String.raw`gradebot.yml:10:38: assignments.hw1.tests[4].stdout: expected a valid regular expression, got "\\q" (invalid escape)`,
      'gradebot.yml:11:37: assignments.hw1.tests[5].setup: expected a shell command, got ""',
      'gradebot.yml:12:45: assignments.hw1.tests[6].setup_timeout: setup_timeout is for a test with setup',
      "gradebot.yml:13:55: assignments.hw1.tests[7].stdout: stdout is not compared with junit: the report's test cases decide the score",
      'gradebot.yml:14:40: assignments.hw1.tests[8].junit: expected a file name of letters, digits, ., - and _ (not starting with .), got "../r.xml"',
    ]);
  });

  it('YAML syntax errors, before anything else', async () => {
    // Written at test time: as a committed fixture, it would break `prettier --check .`.
    const root = await tempCourse();
    const broken = [
      'course: cs101',
      'assignments:',
      '  hw1:',
      '    tests: [',
      '      - name: runs',
      '  hw2: x: y',
      '',
    ];
    await writeFile(path.join(root, 'gradebot.yml'), broken.join('\n'));
    expect(await problemsOf(root)).toEqual([
      'gradebot.yml:5:7: invalid YAML: Block collections are not allowed within flow collections',
      'gradebot.yml:6:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      'gradebot.yml:6:8: invalid YAML: Nested mappings are not allowed in compact mappings',
    ]);
  });
});
