/**
 * A `junit` test reads only the report its own command wrote: one left in /autograder/results by an
 * earlier test (tests that are all visible share the sandbox, as in Classroom) is removed first.
 * Real container.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gradeJson } from '../helpers/cli.js';

const REPORT = '<testsuite><testcase name="a"/><testcase name="b"/></testsuite>';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gradebot-junit-report-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

it('scores a test whose command wrote no report 0, whatever an earlier test left there', async () => {
  const course = path.join(tmp, 'course');
  const submission = path.join(tmp, 'submission');
  await mkdir(path.join(course, 'hw'), { recursive: true });
  await mkdir(submission);
  await writeFile(path.join(submission, 'report.xml'), REPORT);
  const tests = [
    { name: 'writes a report', run: 'cp report.xml /autograder/results/r.xml', junit: 'r.xml', points: 2 },
    { name: 'writes none', run: 'true', junit: 'r.xml', points: 4 },
  ];
  await writeFile(
    path.join(course, 'gradebot.yml'),
    stringify({ course: 'c', assignments: { hw: { image: 'gradebot/base:latest', tests } } }),
  );
  const result = await gradeJson(submission, course, 'hw');
  expect(result.tests.map((test) => [test.name, test.status, test.score])).toEqual([
    ['writes a report', 'passed', 2],
    ['writes none', 'failed', 0],
  ]);
  expect(result.tests[1]!.output).toMatch(/^the command wrote no test report r\.xml \(exit status 0\)\n/);
}, 120_000);
