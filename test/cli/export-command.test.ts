/**
 * `gradebot export` against a seeded Redis: the course in force, the roster and stored results as
 * the bot and runners leave them, read back by the CLI in its own process.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradebookRows, GRADEBOOK_COLUMNS } from '../../src/gradebook/gradebook-rows.js';
import type { JobPayload } from '../../src/jobs/job-payload.js';
import type { GradingResult } from '../../src/results/results.js';
import type { PublishedCourse } from '../../src/store/course-registry.js';
import { CourseRegistry, publishedDeadlines } from '../../src/store/course-registry.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { Roster } from '../../src/store/roster.js';
import { gradebot } from '../helpers/cli.js';
import { connect, dropPrefix, REDIS_URL, testPrefix } from '../helpers/queue.js';
import { UNACCOMMODATED_EXPORT } from '../helpers/unaccommodated.js';

const prefix = testPrefix();
const exported = (...args: string[]) => gradebot('export', ...args, '--prefix', prefix, '--redis', REDIS_URL);
let redis: Redis;

const sha = (c: string) => c.repeat(40);
const COURSE: PublishedCourse = {
  org: 'cs101',
  course: 'cs101-fall26',
  timezone: 'UTC',
  commit: sha('9'),
  archive: '9'.repeat(64),
  installation: 42,
  publishedAt: '2026-11-01T00:00:00.000Z',
  assignments: [
    {
      id: 'hw1',
      title: 'Homework 1',
      repos: 'hw1-*',
      kind: 'tests',
      due: '2026-12-02T00:00:00.000Z',
      late: { until: '2026-12-04T00:00:00.000Z', penaltyPerDay: 0.1 },
      limit: null,
      scoreboard: true,
      extensions: [
        {
          student: 'carol',
          due: '2026-12-03T00:00:00.000Z',
          lateUntil: null,
          reason: 'medical, "documented"',
          source: 'course',
        },
      ],
    },
  ],
  overrides: [
    {
      student: 'Alice',
      assignment: 'hw1',
      score: 10,
      reason: 'grader bug, "off by one"\nfixed',
      by: 'ta-jo',
      at: '2026-12-06T15:00:00.000Z',
      source: 'course',
    },
    {
      student: 'bob',
      assignment: 'hw2',
      score: 1,
      reason: 'other',
      by: 'ta-jo',
      at: '2026-12-06T15:00:00.000Z',
      source: 'course',
    },
  ],
};

interface Seed {
  job: string;
  student: string;
  commit: string;
  at: string;
  score?: number;
  raw?: number;
  late?: GradingResult['late'];
  status?: GradingResult['status'];
  gradedAt?: string;
}

function result(seed: Seed): GradingResult {
  return {
    assignment: 'hw1',
    student: seed.student,
    commit: seed.commit,
    submitted_at: seed.at,
    graded_at: seed.gradedAt ?? new Date(Date.parse(seed.at) + 5000).toISOString(),
    late: seed.late ?? { days: 0, penalty: 0, past_until: false },
    status: seed.status ?? 'graded',
    score: seed.score ?? 0,
    max_score: seed.status === 'error' ? 0 : 10,
    raw_score: seed.raw ?? seed.score ?? 0,
    output: seed.status === 'error' ? 'The submission could not be graded.' : '',
    tests: [],
  };
}

function payload(seed: Seed): JobPayload {
  return {
    version: 1,
    queue: seed.job.startsWith('regrade') ? 'regrade' : 'live',
    org: 'cs101',
    repo: `hw1-${seed.student}`,
    assignment: 'hw1',
    student: seed.student,
    submittedAt: seed.at,
    submission: { kind: 'git', url: `https://github.com/cs101/hw1-${seed.student}.git`, commit: seed.commit },
    course: { kind: 'blob', digest: '9'.repeat(64) },
    github: { installation: 42 },
  };
}

const LATE_1 = { days: 1, penalty: 0.1, past_until: false };
const SEEDS: Seed[] = [
  // alice: on time 6; a day late, 10 raw → 9; after `until`, 10 raw → 0.
  { job: 'live-a1', student: 'alice', commit: sha('a'), at: '2026-12-01T10:00:00.000Z', score: 6 },
  {
    job: 'live-a2',
    student: 'alice',
    commit: sha('b'),
    at: '2026-12-02T12:00:00.000Z',
    score: 9,
    raw: 10,
    late: LATE_1,
  },
  {
    job: 'live-a3',
    student: 'alice',
    commit: sha('c'),
    at: '2026-12-05T00:00:00.000Z',
    score: 0,
    raw: 10,
    late: { days: 3, penalty: 1, past_until: true },
  },
  // bob: 4, regraded to 7; then an infrastructure error and a rejected push, which do not count.
  { job: 'live-b1', student: 'bob', commit: sha('d'), at: '2026-12-01T09:00:00.000Z', score: 4 },
  {
    job: 'regrade-b1',
    student: 'bob',
    commit: sha('d'),
    at: '2026-12-01T09:00:00.000Z',
    score: 7,
    gradedAt: '2026-12-10T00:00:00.000Z',
  },
  { job: 'live-b2', student: 'bob', commit: sha('e'), at: '2026-12-01T20:00:00.000Z', status: 'error' },
  { job: 'live-b3', student: 'bob', commit: sha('f'), at: '2026-12-01T21:00:00.000Z', status: 'rejected' },
  // carol: a tie goes to the earlier submission.
  { job: 'live-c1', student: 'carol', commit: sha('1'), at: '2026-12-01T10:00:00.000Z', score: 5 },
  { job: 'live-c2', student: 'carol', commit: sha('2'), at: '2026-12-01T11:00:00.000Z', score: 5 },
  // erin: her repository is gone from the roster, her result is not.
  { job: 'live-e1', student: 'erin', commit: sha('3'), at: '2026-12-01T08:00:00.000Z', score: 10 },
];

const ROSTER = [
  'hw1-alice',
  'hw1-bob',
  'hw1-carol',
  'hw1-dave',
  'hw1--mallory',
  'hw2-zoe',
  'gradebot-course',
];

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  return records;
}

beforeAll(async () => {
  redis = connect();
  await new CourseRegistry(redis, prefix).publish(COURSE);
  await new Roster(redis, prefix).replace('cs101', ROSTER);
  const results = new ResultsStore(redis, prefix);
  for (const seed of SEEDS) await results.save('cs101', seed.job, result(seed), payload(seed));
});

afterAll(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('gradebot export', () => {
  it('Export matches the results store for a seeded course', async () => {
    const { code, stdout, stderr } = await exported(
      '--org',
      'cs101',
      '--assignment',
      'hw1',
      '--format',
      'csv',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const [header, ...records] = parseCsv(stdout);
    expect(header).toEqual([...GRADEBOOK_COLUMNS]);

    // Written out by hand from the seeds above: the override sits beside alice's computed 9, carol's
    // extension shows as her own due date; hw2's override is not this assignment's.
    const due = '2026-12-02T00:00:00.000Z';
    // No override, and no staff commands (the last column).
    const none = ['', '', '', '', ''];
    expect(records).toEqual([
      ["'-mallory", '', '', '10', '0', '', '', '', due, '', ...none],
      [
        'alice',
        '6',
        '9',
        '10',
        '3',
        sha('b'),
        '2026-12-02T12:00:00.000Z',
        '1',
        due,
        '',
        '10',
        'grader bug, "off by one"\nfixed',
        'ta-jo',
        '2026-12-06T15:00:00.000Z',
        '',
      ],
      ['bob', '7', '7', '10', '1', sha('d'), '2026-12-01T09:00:00.000Z', '0', due, '', ...none],
      [
        'carol',
        '5',
        '5',
        '10',
        '2',
        sha('1'),
        '2026-12-01T10:00:00.000Z',
        '0',
        '2026-12-03T00:00:00.000Z',
        'medical, "documented"',
        ...none,
      ],
      ['dave', '', '', '10', '0', '', '', '', due, '', ...none],
      ['erin', '10', '10', '10', '1', sha('3'), '2026-12-01T08:00:00.000Z', '0', due, '', ...none],
    ]);

    // And computed from what the results store holds, by the standings' rules.
    const rows = gradebookRows(
      await new Roster(redis, prefix).students('cs101', 'hw1-*'),
      await new ResultsStore(redis, prefix).listAll('cs101', 'hw1'),
      {
        deadlines: publishedDeadlines(COURSE.assignments[0]!),
        overrides: COURSE.overrides!.filter((entry) => entry.assignment === 'hw1'),
      },
    );
    const asText = (v: string | number | null) => (v === null ? '' : String(v));
    expect(records.map((r) => r.map((f) => f.replace(/^'/, '')))).toEqual(
      rows.map((row) => GRADEBOOK_COLUMNS.map((c) => asText(row[c]))),
    );
  });

  it('writes CSV by default in a pipe, JSON with --format json, and a table with --format table', async () => {
    const csv = await exported('--org', 'cs101', '--assignment', 'hw1');
    expect(csv.stdout.startsWith(`${GRADEBOOK_COLUMNS.join(',')}\r\n`)).toBe(true);

    const json = await exported('--org', 'cs101', '--assignment', 'hw1', '--format', 'json');
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(rows.find((r) => r.login === 'dave')).toEqual({
      login: 'dave',
      best_on_time: null,
      best_with_penalty: null,
      max_score: 10,
      submissions: 0,
      commit: null,
      submitted_at: null,
      late_days: null,
      ...UNACCOMMODATED_EXPORT,
      due: '2026-12-02T00:00:00.000Z',
    });

    const table = await exported('--org', 'cs101', '--assignment', 'hw1', '--format', 'table');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('With penalty');
    expect(table.stdout).toMatch(/│ alice\s+│\s+6 │\s+9 │\s+10 │\s+3 │ bbbbbbbbbbbb │/);
  });

  it('fails with a one-line reason for an unknown organisation, assignment or format', async () => {
    const org = await exported('--org', 'nowhere', '--assignment', 'hw1');
    expect(org.code).toBe(1);
    expect(org.stderr).toBe(
      'gradebot: unknown organisation nowhere: no course is published for it and it has no results for hw1\n',
    );
    const assignment = await exported('--org', 'cs101', '--assignment', 'hw9');
    expect(assignment).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'gradebot: cs101 has no assignment hw9 (its course has: hw1)\n',
    });
    const format = await exported('--org', 'cs101', '--assignment', 'hw1', '--format', 'xlsx');
    expect(format).toMatchObject({
      code: 2,
      stderr: 'gradebot: --format: expected one of table, csv, json, not xlsx\n',
    });
  });
});
