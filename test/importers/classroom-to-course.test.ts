/**
 * `gradebot import classroom` without containers: reading the autograding.json, Classroom's rules as
 * gradebot fields, warnings, errors, determinism, and exact round trips of awkward text through YAML
 * and the real course loader.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseDuration } from '../../src/course/units.js';
import { parseAutogradingFile, type ClassroomTest } from '../../src/importers/classroom/autograding-file.js';
import { courseFiles } from '../../src/importers/classroom/course-files.js';
import { durationText } from '../../src/importers/classroom/duration-text.js';
import {
  defaultAssignmentId,
  resolveImportOptions,
  toAssignmentId,
} from '../../src/importers/classroom/import-options.js';
import { mapTest } from '../../src/importers/classroom/map-test.js';
import { checkRoundTrip } from '../../src/importers/classroom/self-check.js';
import { refusedWith } from './refused-with.js';
import { parseClassroomFile } from '../../src/importers/classroom/classroom-file.js';
import { classroomToCourse, type CourseOptions } from '../../src/importers/classroom/to-course.js';
import { writeCourseFolder } from '../../src/importers/write-course-folder.js';
import { MISSING_DUE_WARNING } from '../../src/importers/due-option.js';

const OPTIONS: CourseOptions = {
  sourceName: 'autograding.json',
  assignment: 'hw1',
  course: 'hw1',
  image: 'gradebot/python:3',
  knownImages: [],
};

function parseTests(tests: unknown[]): ClassroomTest[] {
  return parseAutogradingFile(JSON.stringify({ tests }), 'autograding.json').tests;
}

function convert(tests: unknown[], options: Partial<CourseOptions> = {}) {
  const parsed = parseClassroomFile(JSON.stringify({ tests }), 'autograding.json');
  const converted = classroomToCourse(parsed.tests, { ...OPTIONS, ...options });
  return { ...converted, warnings: [...parsed.warnings, ...converted.warnings] };
}

/** The tests of the generated course file, as YAML gives them back. */
function writtenTests(text: string, assignment = 'hw1'): Record<string, unknown>[] {
  return (parse(text) as { assignments: Record<string, { tests: Record<string, unknown>[] }> }).assignments[
    assignment
  ]!.tests;
}

function problemsOf(text: string): string[] {
  return refusedWith(() => parseAutogradingFile(text, 'autograding.json'));
}

const NO_INPUT = (name: string) =>
  `test "${name}": no input; Classroom left standard input open here, gradebot gives end-of-file ` +
  '(a program that reads input now gets EOF instead of hanging until its timeout)';

describe('reading autograding.json', () => {
  it('reads every field and treats null like a missing field, as the runner does', () => {
    const [full, sparse] = parseTests([
      {
        name: 'a',
        setup: 'make',
        run: './a',
        input: '1',
        output: '2',
        comparison: 'exact',
        timeout: 2,
        points: 3,
      },
      { name: 'b', run: './b', setup: null, input: null, output: null, comparison: null, timeout: null },
    ]);
    expect(full).toEqual({
      name: 'a',
      setup: 'make',
      run: './a',
      input: '1',
      output: '2',
      comparison: 'exact',
      timeout: 2,
      points: 3,
    });
    expect(mapTest(sparse!).test).toEqual(mapTest({ name: 'b', run: './b' }).test);
  });

  it.each([
    ['{"tests": [', /^autograding\.json: not valid JSON: /],
    ['[]', /^autograding\.json: expected an object with a "tests" list, got a list$/],
    ['{}', /^autograding\.json: tests: missing, expected a list of tests$/],
    ['{"tests": {}}', /^autograding\.json: tests: got a mapping, expected a list of tests$/],
    ['{"tests": []}', /^autograding\.json: tests: the list is empty; gradebot needs at least one test$/],
    ['{"tests": ["x"]}', /^autograding\.json: tests\[0\]: expected a test object, got "x"$/],
  ])('refuses %s', (text, message) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('reports every wrong test at once, naming its position and name', () => {
    const problems = problemsOf(
      JSON.stringify({
        tests: [
          { run: './a' },
          { name: '', run: './a' },
          { name: 'no run' },
          { name: 'types', run: 7, input: 1, output: false, comparison: 2, setup: [] },
          { name: 'numbers', run: 'x', timeout: -1, points: '5' },
          { name: 'too long', run: 'x', timeout: 361 },
          { name: 'negative points', run: 'x', points: -2 },
          { name: 'bad regex', run: 'x', output: '(', comparison: 'regex' },
        ],
      }),
    );
    expect(problems).toEqual([
      'autograding.json: tests[0]: name: missing, expected a test name',
      'autograding.json: tests[1]: name: expected a test name, got ""',
      'autograding.json: tests[2] "no run": run: missing, expected a shell command',
      'autograding.json: tests[3] "types": setup: expected a shell command, got a list',
      'autograding.json: tests[3] "types": run: expected a shell command, got 7',
      'autograding.json: tests[3] "types": input: expected the text for standard input, got 1',
      'autograding.json: tests[3] "types": output: expected the expected output, got false',
      'autograding.json: tests[3] "types": comparison: expected exact, included or regex, got 2',
      'autograding.json: tests[4] "numbers": timeout: expected a number of minutes from 0 to 360, got -1',
      'autograding.json: tests[4] "numbers": points: expected a number of points, 0 or more, got "5"',
      'autograding.json: tests[5] "too long": timeout: expected a number of minutes from 0 to 360, got 361',
      'autograding.json: tests[6] "negative points": points: expected a number of points, 0 or more, got -2',
      'autograding.json: tests[7] "bad regex": output: "(" is not a valid regular expression ' +
        '(unterminated group); Classroom fails this test every time',
    ]);
  });

  it('refuses duplicate names, naming both tests', () => {
    const problems = problemsOf(
      JSON.stringify({
        tests: [
          { name: 'same', run: 'a' },
          { name: 'other', run: 'b' },
          { name: 'same', run: 'c' },
        ],
      }),
    );
    expect(problems).toEqual([
      'autograding.json: tests[2] "same": name: the same as tests[0]; gradebot needs a different name for each test',
    ]);
  });

  it('warns about fields it does not know, which Classroom ignores too', () => {
    const file = parseAutogradingFile(
      JSON.stringify({ version: 2, tests: [{ name: 't', run: 'x', extra: true }] }),
      'autograding.json',
    );
    expect(file.warnings).toEqual([
      'autograding.json: unknown field "version" ignored, as Classroom does',
      'test "t": unknown field "extra" ignored, as Classroom does',
    ]);
  });
});

describe("Classroom's rules as gradebot tests", () => {
  const base = { name: 't', run: './t', input: 'in', output: 'out' };

  it.each([
    ['exact', { match: 'exact', normalize: 'trim', flags: null }],
    ['regex', { match: 'regex', normalize: 'trim', flags: '' }],
    ['included', { match: 'contains', normalize: 'trim', flags: null }],
    [undefined, { match: 'contains', normalize: 'trim', flags: null }],
    ['exactt', { match: 'contains', normalize: 'trim', flags: null }],
    ['Exact', { match: 'contains', normalize: 'trim', flags: null }],
  ])('comparison %s compares stdout with %o', (comparison, fields) => {
    const [test] = parseTests([{ ...base, comparison }]);
    expect(mapTest(test!).test).toMatchObject({ ...fields, stdin: 'in', stdout: 'out' });
  });

  it('warns about an unknown comparison, but not about a missing one', () => {
    const warnings = (comparison?: string) =>
      mapTest(parseTests([{ ...base, comparison }])[0]!).warnings.filter((w) => w.includes('comparison'));
    expect(warnings('exactt')).toEqual([
      'test "t": unknown comparison "exactt"; Classroom compares it as "included", and so does gradebot (match: contains)',
    ]);
    expect(warnings(undefined)).toEqual([]);
    expect(warnings('included')).toEqual([]);
  });

  it('gives the pattern of a regex as written, and the texts exactly', () => {
    const output = '  ^\\d+ items?$\r\n';
    const [test] = parseTests([{ ...base, input: 'no newline', output, comparison: 'regex' }]);
    expect(mapTest(test!).test).toMatchObject({ stdin: 'no newline', stdout: output });
  });

  it('checks only the exit status when there is neither input nor output', () => {
    for (const extra of [{}, { input: '', output: '' }, { input: null, output: null, comparison: 'exact' }]) {
      const [test] = parseTests([{ name: 't', run: './t', ...extra }]);
      expect(mapTest(test!).test).toMatchObject({
        stdin: null,
        stdout: null,
        match: null,
        normalize: null,
        flags: null,
      });
    }
  });

  it('compares an empty expected output when there is input, as Classroom does', () => {
    const [contains, exact] = parseTests([
      { name: 'a', run: 'x', input: 'in' },
      { name: 'b', run: 'x', input: 'in', output: '', comparison: 'exact' },
    ]);
    expect(mapTest(contains!).test).toMatchObject({ stdin: 'in', stdout: '', match: 'contains' });
    expect(mapTest(exact!).test).toMatchObject({ stdin: 'in', stdout: '', match: 'exact' });
  });

  it('compares output given without input, and gives no stdin', () => {
    const [test] = parseTests([{ name: 't', run: 'x', input: '', output: 'hi' }]);
    expect(mapTest(test!).test).toMatchObject({ stdin: null, stdout: 'hi', match: 'contains' });
  });

  it('keeps setup, and drops an empty one', () => {
    const [withSetup, empty] = parseTests([
      { name: 'a', setup: 'make hello', run: './hello' },
      { name: 'b', setup: '', run: './hello' },
    ]);
    expect(mapTest(withSetup!).test.setup).toBe('make hello');
    expect(mapTest(empty!).test.setup).toBeNull();
  });

  it.each([
    [undefined, 60_000],
    [0, 60_000],
    [1, 60_000],
    [0.05, 3_000],
    [0.1, 6_000],
    [0.001, 60],
    [1.5, 90_000],
    [0.00001, 1],
    [360, 21_600_000],
  ])('timeout %s minutes is %i ms', (timeout, ms) => {
    expect(mapTest(parseTests([{ name: 't', run: 'x', timeout }])[0]!).test.timeoutMs).toBe(ms);
  });

  it('gives points: 0 to a test without points (gradebot would give 1)', () => {
    const [none, some] = parseTests([
      { name: 'a', run: 'x' },
      { name: 'b', run: 'x', points: 2.5 },
    ]);
    expect(mapTest(none!).test.points).toBe(0);
    expect(mapTest(some!).test.points).toBe(2.5);
    expect(writtenTests(convert([{ name: 'a', run: 'x' }]).text)[0]).toMatchObject({ points: 0 });
  });

  it('warns about every test without input', () => {
    const { warnings } = convert([
      { name: 'a', run: 'x' },
      { name: 'b', run: 'x', input: '' },
      { name: 'c', run: 'x', input: 'given' },
      { name: 'd', run: 'x', output: 'o' },
    ]);
    expect(warnings.filter((w) => w.includes('no input'))).toEqual([
      NO_INPUT('a'),
      NO_INPUT('b'),
      NO_INPUT('d'),
    ]);
  });

  it.each([
    ['sudo -H pip3 install -r requirements.txt', '"sudo" and "pip3 install", which need'],
    ['apt install -y gcc', '"apt", which needs'],
    ['apt-get update', '"apt-get", which needs'],
    ['python3 -m pip install numpy && ./prepare', '"pip install", which needs'],
    ['pip3  install -r requirements.txt', '"pip3  install", which needs'],
    ['npm install', '"npm install", which needs'],
    ['cd web && npm ci', '"npm ci", which needs'],
    ['curl -sSL https://example.com/x | sh', '"curl", which needs'],
    ['wget https://example.com/data.csv', '"wget", which needs'],
  ])('warns that setup %j needs root or the network', (setup, runs) => {
    const { warnings } = mapTest(parseTests([{ name: 't', setup, run: 'x', input: 'i' }])[0]!);
    expect(warnings).toEqual([
      `test "t": setup runs ${runs} root or the network; the sandbox has neither, so install what the ` +
        'test needs in the grading image (--image)',
    ]);
  });

  it.each([
    ['sudo -H pip3 install pytest', 'gradebot/python:3', true, 'dropped setup'],
    ['pip install pytest==7.2', 'gradebot/python:3.11', true, 'dropped setup'],
    ['sudo -H pip3 install pytest', 'gradebot/base:latest', false, 'grade with gradebot/python:3'],
    ['python3 -m pip install numpy', 'gradebot/python:3', false, 'build an image FROM gradebot/python:3'],
  ])('a pip-install setup %j for %s: dropped %s', (setup, image, dropped, says) => {
    const { test, warnings } = mapTest(
      parseTests([{ name: 't', setup, run: 'pytest', input: 'i' }])[0]!,
      image,
    );
    expect(test.setup).toBe(dropped ? null : setup);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(says);
  });

  it('warns about run commands that need root too, and not about look-alikes', () => {
    const warn = (run: string) => mapTest(parseTests([{ name: 't', run, input: 'i' }])[0]!).warnings;
    expect(warn('sudo ./t')).toHaveLength(1);
    expect(warn('./pipeline install && ./curly && ./apt.sh && ./sudoku && pip installed')).toHaveLength(0);
  });

  it('warns when the expected output has colour codes (Classroom set FORCE_COLOR)', () => {
    const [test] = parseTests([{ name: 't', run: 'x', input: 'i', output: '\u001b[32mok\u001b[0m' }]);
    expect(mapTest(test!).warnings).toEqual([
      'test "t": the expected output has terminal colour codes; Classroom set FORCE_COLOR=true, gradebot ' +
        'does not, so programs that colour only when asked print plain text',
    ]);
  });
});

describe('the course file', () => {
  it('is readable YAML with every field in place', () => {
    const { text } = convert([
      {
        name: 'prints hello',
        setup: 'gcc -o hello hello.c',
        run: './hello',
        input: 'Ada',
        output: 'Hello, Ada!\nBye\n',
        comparison: 'exact',
        timeout: 0.5,
        points: 5,
      },
      {
        name: 'counts',
        run: './count',
        input: '3',
        output: '^\\d+ items?$',
        comparison: 'regex',
        timeout: 10,
      },
      { name: 'compiles', run: 'test -x hello' },
    ]);
    expect(text).toBe(
      `# Converted from "autograding.json" by gradebot import classroom. The tests keep
# GitHub Classroom's rules: run in order in one shared folder, stdout compared after CRLF → LF and
# trimming, exit status 0 required, all or nothing per test. See docs/importing.md.

course: hw1
assignments:
  hw1:
    image: gradebot/python:3
    limits:
      time: 11m30s
    tests:
      - name: prints hello
        setup: gcc -o hello hello.c
        run: ./hello
        stdin: Ada
        stdout: |
          Hello, Ada!
          Bye
        match: exact
        normalize: trim
        points: 5
        timeout: 30s
      - name: counts
        run: ./count
        stdin: "3"
        stdout: ^\\d+ items?$
        match: regex
        normalize: trim
        flags: ""
        points: 0
        timeout: 10m
      - name: compiles
        run: test -x hello
        points: 0
        timeout: 1m
`,
    );
  });

  it('sets the job time limit to all timeouts added up, at least 10m', () => {
    const limit = (tests: unknown[]) =>
      (parse(convert(tests).text) as { assignments: { hw1: { limits: { time: string } } } }).assignments.hw1
        .limits.time;
    expect(limit([{ name: 'a', run: 'x' }])).toBe('10m');
    expect(limit([{ name: 'a', run: 'x', timeout: 0.001 }])).toBe('10m');
    expect(
      limit([
        { name: 'a', run: 'x', timeout: 6 },
        { name: 'b', run: 'x', timeout: 4.5 },
        { name: 'c', run: 'x', timeout: 0.001 },
      ]),
    ).toBe('10m30s60ms');
  });

  it('writes repos when given, and the course name', () => {
    const doc = parse(convert([{ name: 'a', run: 'x' }], { repos: 'lab-3-*', course: 'cs101' }).text) as {
      course: string;
      assignments: { hw1: { repos: string } };
    };
    expect(doc.course).toBe('cs101');
    expect(doc.assignments.hw1.repos).toBe('lab-3-*');
  });

  it('writes the due date when given, and otherwise warns that there is none', () => {
    const dated = parse(convert([{ name: 'a', run: 'x', input: 'i' }], { due: '2026-12-01 23:59' }).text) as {
      assignments: { hw1: { due: string } };
    };
    expect(dated.assignments.hw1.due).toBe('2026-12-01 23:59');
    const undated = convert([{ name: 'a', run: 'x', input: 'i' }]);
    expect(undated.text).not.toContain('due:');
    expect(undated.warnings).toEqual([MISSING_DUE_WARNING]);
  });

  it('without --image uses gradebot/base and says which images there are', () => {
    const result = convert([{ name: 'a', run: 'x', input: 'i' }], {
      image: undefined,
      due: '2026-12-01 23:59',
      knownImages: ['gradebot/c:12', 'gradebot/python:3'],
    });
    expect(result.image).toBe('gradebot/base:latest');
    expect(result.warnings).toEqual([
      'no --image given, so the tests run in gradebot/base:latest, which has only sh and coreutils; pass ' +
        '--image if they need a compiler or interpreter (such as gradebot/c:12, gradebot/python:3)',
    ]);
    expect(convert([{ name: 'a', run: 'x', input: 'i' }], { due: '2026-12-01' }).warnings).toEqual([]);
  });

  it('is the same bytes every time, with no date or time in it', () => {
    const tests = [{ name: 'a', run: 'x', input: 'i', output: 'o', timeout: 0.25, points: 1 }];
    const first = convert(tests, { sourceName: 'autograding.json' });
    const second = convert(structuredClone(tests), { sourceName: 'autograding.json' });
    expect(second.text).toBe(first.text);
    expect(first.text).not.toMatch(/\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d/);
  });

  it('uses a block for multi-line text and double quotes for what an editor could change', () => {
    const text = convert([
      { name: 'block', run: 'x', input: 'a\nb\n', output: 'line 1\nline 2' },
      { name: 'trailing', run: 'x', input: 'a  \nb', output: 'x\r\ny\r\n' },
      { name: 'tab', run: 'x', input: 'a\tb', output: 'é ✓ 😀 # not: a comment' },
    ]).text;
    expect(text).toContain('        stdin: |\n          a\n          b\n');
    expect(text).toContain('        stdout: |-\n          line 1\n          line 2\n');
    expect(text).toContain('        stdin: "a  \\nb"\n');
    expect(text).toContain('        stdout: "x\\r\\ny\\r\\n"\n');
    expect(text).toContain('        stdin: "a\\tb"\n');
    expect(text).toContain('        stdout: "é ✓ 😀 # not: a comment"\n');
  });
});

describe('round trips', () => {
  const NASTY = [
    '',
    ' ',
    'no final newline',
    'trailing spaces   ',
    'inner trailing  \nspaces  \n',
    '  leading spaces\nsecond\n',
    '\n\nleading blank lines',
    'blank lines at the end\n\n\n',
    'crlf\r\nline\r\n',
    'lone\rcarriage return',
    'tab\there\t',
    '# not a comment',
    'key: value',
    '- list item',
    '? question',
    '| pipe > fold',
    '"double" \'single\' `back`',
    '\\ backslash \\n not a newline',
    'true',
    'null',
    '~',
    '0x1F',
    '1e3',
    '---\n...\n%YAML',
    '{ flow: [map] }',
    '&anchor *alias !tag @at',
    'unicode é ñ 中文 😀',
    'line separator\u2028paragraph\u2029next line\u0085',
    'nbsp\u00a0zero width\u200bbom\ufeff',
    'nul\u0000bell\u0007escape\u001b[0m',
    'lone surrogate \ud800',
  ];

  it('gives back every awkward text exactly, through YAML and through the course loader', async () => {
    const tests = NASTY.map((text, index) => ({
      name: `${text} ${index}`,
      setup: text === '' ? undefined : `echo ${text}`,
      run: `printf %s ${JSON.stringify(text)}`,
      input: text,
      output: text,
      comparison: ['exact', 'included', 'regex'][index % 3],
    })).map((test) =>
      test.comparison === 'regex' && !compiles(test.output) ? { ...test, comparison: 'exact' } : test,
    );
    await expectRoundTrip(tests);
  });

  it('gives back random text exactly (seeded, so a failure can be replayed)', async () => {
    const random = seeded(20261127);
    const pieces = [
      ...NASTY,
      'a',
      'Z',
      '9',
      ' ',
      '  ',
      '\n',
      '\r\n',
      '\t',
      ': ',
      ' #',
      '"',
      "'",
      '\\',
      '|',
      '-',
    ];
    const text = (maxPieces: number) =>
      Array.from(
        { length: Math.floor(random() * maxPieces) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
    for (let round = 0; round < 20; round++) {
      const tests = Array.from({ length: 15 }, (_, index) => {
        const output = text(6);
        const comparisons = ['exact', 'included', 'regex', undefined, 'exactt'];
        const comparison = comparisons[Math.floor(random() * comparisons.length)];
        return {
          name: `${text(3)}#${index}`,
          setup: text(3),
          run: text(4) || 'true',
          input: text(6),
          output,
          comparison: comparison === 'regex' && !compiles(output) ? 'exact' : comparison,
          timeout: Math.floor(random() * 100) / 40,
          points: Math.floor(random() * 20) / 4,
        };
      });
      await expectRoundTrip(tests);
    }
  });

  it('fails loudly when the course file would change a test', async () => {
    const converted = convert([{ name: 'a', run: 'x', input: 'in', output: 'hello  \n' }]);
    const intended = { ...converted, id: 'hw1', repos: undefined };
    const changed = converted.text.replace('"hello  \\n"', '"hello\\n"');
    expect(changed).not.toBe(converted.text);
    await expect(checkRoundTrip(courseFiles(changed, 'hw1', 'autograding.json'), intended)).rejects.toThrow(
      'internal error in gradebot import classroom (please report it): the generated course file changes ' +
        'tests[0].stdout: "hello  \\n" became "hello\\n"',
    );
    const invalid = converted.text.replace('timeout: 1m', 'timeout: soon');
    await expect(checkRoundTrip(courseFiles(invalid, 'hw1', 'autograding.json'), intended)).rejects.toThrow(
      /internal error .*does not validate:\ngradebot\.yml:\d+:\d+: assignments\.hw1\.tests\[0\]\.timeout: expected a duration/,
    );
  });
});

describe('durations', () => {
  it.each([
    [60, '60ms'],
    [1_000, '1s'],
    [30_000, '30s'],
    [60_000, '1m'],
    [90_000, '1m30s'],
    [600_000, '10m'],
    [3_723_004, '1h2m3s4ms'],
    [21_600_000, '6h'],
  ])('%i ms is %s', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });

  it('reads back to the same milliseconds', () => {
    const random = seeded(7);
    for (let i = 0; i < 1_000; i++) {
      const ms = 1 + Math.floor(random() * 100_000_000);
      expect(parseDuration(durationText(ms))).toBe(ms);
    }
  });
});

describe('options', () => {
  it('takes the assignment id from the repository folder of .github/classroom/autograding.json', () => {
    expect(defaultAssignmentId('/home/me/hw1-template/.github/classroom/autograding.json')).toBe(
      'hw1-template',
    );
    expect(defaultAssignmentId('/home/me/Lab 3: Loops!/.github/classroom/autograding.json')).toBe(
      'Lab-3-Loops',
    );
    expect(defaultAssignmentId('/home/me/hw1/autograding.json')).toBe('assignment');
    expect(defaultAssignmentId('/home/me/classroom/autograding.json')).toBe('assignment');
    expect(defaultAssignmentId('/.github/classroom/autograding.json')).toBe('assignment');
  });

  it.each([
    ['hw1', 'hw1'],
    ['_private', 'private'],
    ['--x--', 'x'],
    ['tâche 1', 't-che-1'],
    ['日本', 'assignment'],
  ])('makes %j the id %j', (name, id) => {
    expect(toAssignmentId(name)).toBe(id);
  });

  it('defaults the course name to the assignment id and keeps only the base name of the file', () => {
    expect(resolveImportOptions('/x/lab2/.github/classroom/autograding.json', {})).toEqual({
      sourceName: 'autograding.json',
      assignment: 'lab2',
      course: 'lab2',
      image: undefined,
      repos: undefined,
    });
  });

  it.each([
    [{ assignment: 'hw 1' }, /^--assignment: expected an id of letters, digits, - and _ .*, got "hw 1"$/],
    [
      { repos: 'hw1' },
      /^--repos: expected a repository name pattern with exactly one \*, like "hw1-\*", got "hw1"$/,
    ],
    [{ course: '' }, /^--course: expected a course name like cs101-fall26, got ""$/],
    [{ image: '' }, /^--image: expected a grading image like gradebot\/python:3, got ""$/],
  ])('refuses %o', (flags, message) => {
    expect(() => resolveImportOptions('autograding.json', flags)).toThrow(message);
  });
});

describe('writing a course folder', () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('writes into a new or empty folder and refuses anything else', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-out-'));
    const files = courseFiles(convert([{ name: 'a', run: 'x' }]).text, 'hw1', 'autograding.json');
    await writeCourseFolder(path.join(dir, 'new', 'course'), files);
    expect(await readdir(path.join(dir, 'new', 'course', 'hw1'))).toEqual(['README.md']);
    expect(await readFile(path.join(dir, 'new', 'course', 'gradebot.yml'), 'utf8')).toBe(files[0]!.content);

    await mkdir(path.join(dir, 'empty'));
    await writeCourseFolder(path.join(dir, 'empty'), files);

    await expect(writeCourseFolder(path.join(dir, 'new', 'course'), files)).rejects.toThrow(
      `${path.join(dir, 'new', 'course')} is not empty; give --out a new or empty folder, nothing was written`,
    );
    await writeFile(path.join(dir, 'file'), '');
    await expect(writeCourseFolder(path.join(dir, 'file'), files)).rejects.toThrow(
      `${path.join(dir, 'file')} exists and is not a folder`,
    );
  });
});

/** Converts, then checks the texts with a YAML parser and with the real course loader. */
async function expectRoundTrip(tests: Record<string, unknown>[]): Promise<void> {
  const converted = convert(tests);
  const written = writtenTests(converted.text);
  tests.forEach((test, index) => {
    const got = written[index]!;
    expect(got.name).toBe(test.name);
    expect(got.run).toBe(test.run);
    expect(got.setup).toBe(test.setup || undefined);
    expect(got.stdin).toBe(test.input || undefined);
    expect(got.stdout).toBe(test.input || test.output ? test.output : undefined);
  });
  await checkRoundTrip(courseFiles(converted.text, 'hw1', 'autograding.json'), {
    ...converted,
    id: 'hw1',
    repos: undefined,
  });
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** mulberry32: a small seeded generator, so random tests replay exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
