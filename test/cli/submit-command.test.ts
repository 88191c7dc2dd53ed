/**
 * `gradebot submit --wait` and `gradebot status` against a live runner process: the deployment
 * check an operator runs, end to end through Redis and Docker. Submissions name their time, so no
 * score depends on the day the tests run.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_COURSE, exampleSamples, type ExampleSample } from '../../scripts/example-samples.js';
import type { GradingResult } from '../../src/results/results.js';
import { gradebot } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/grading.js';
import { connect, dropPrefix, REDIS_URL, testPrefix } from '../helpers/queue.js';
import { startRunner, type RunnerProcess } from '../helpers/runner-process.js';

const prefix = testPrefix();
const examples = path.join(REPO_ROOT, 'examples');
const { onTime, late } = await exampleSamples();
const sample = (assignment: string, name: string) =>
  onTime.find((s) => s.assignment === assignment && s.sample === name)!;
let runner: RunnerProcess;

/** The CLI against this test's queues. */
const queued = (...args: string[]) => gradebot(...args, '--prefix', prefix, '--redis', REDIS_URL);
/** `gradebot submit` of an example sample at its submission time, waiting for the result. */
const submit = ({ dir, assignment, submittedAt }: ExampleSample, ...more: string[]) =>
  queued(
    'submit',
    dir,
    '--course',
    EXAMPLE_COURSE,
    '--assignment',
    assignment,
    '--submitted-at',
    submittedAt,
    ...more,
  );

beforeAll(async () => {
  runner = startRunner(prefix);
  await runner.waitForLog('runner started');
});

afterAll(async () => {
  runner.child.kill('SIGTERM');
  await runner.exited;
  const redis = connect();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('gradebot submit --wait', () => {
  it('grades a local folder through the queue, as gradebot grade would', async () => {
    const partial = sample('hw1', 'partial');
    const { code, stdout } = await submit(partial, '--wait', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as GradingResult;
    expect(result).toMatchObject({
      assignment: 'hw1',
      student: 'partial',
      status: 'graded',
      submitted_at: new Date(partial.submittedAt).toISOString(),
      score: partial.score,
      max_score: 20,
    });
  });

  it('applies the late policy from --submitted-at', async () => {
    const { code, stdout } = await submit(late, '--wait', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ late: { days: 1 }, score: late.score });
  });

  it('prints the table without --json', async () => {
    const correct = sample('hw2', 'correct');
    const { code, stdout } = await submit(correct, '--wait');
    expect(code).toBe(0);
    expect(stdout).toContain(`Score: ${correct.score} / 10 points`);
  });

  it('refuses a submission time it cannot read, before queueing anything', async () => {
    const { code, stderr } = await submit({ ...sample('hw1', 'correct'), submittedAt: 'tomorrow' }, '--wait');
    expect({ code, stderr }).toEqual({
      code: 2,
      stderr:
        "gradebot: --submitted-at: expected a date like 2026-12-01 23:59 (in the course's time zone, " +
        `America/Toronto) or 2026-12-01T23:59:00-05:00, got "tomorrow"\n`,
    });
  });

  it('refuses an invalid course before queueing anything', async () => {
    const { code, stderr } = await queued(
      'submit',
      examples,
      '--course',
      path.join(REPO_ROOT, 'test/fixtures/courses/bad-size'),
      '--assignment',
      'hw1',
      '--wait',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/^gradebot\.yml:\d+:\d+: /m);
  });

  it('says so when Redis cannot be reached', async () => {
    const dir = path.join(examples, 'submissions', 'hw1', 'correct');
    const course = path.join(examples, 'course');
    const failed = await gradebot(
      'submit',
      dir,
      '--course',
      course,
      '--assignment',
      'hw1',
      '--redis',
      'redis://127.0.0.1:1',
    );
    expect(failed).toMatchObject({
      code: 1,
      stderr: 'gradebot: cannot reach Redis at redis://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)\n',
    });
  });
});

describe('gradebot status', () => {
  it('lists the queues and the live runner', async () => {
    const { code, stdout } = await queued('status', '--json');
    expect(code).toBe(0);
    const status = JSON.parse(stdout) as {
      queues: Record<string, { completed: number }>;
      runners: { id: string; queues: string[] }[];
    };
    expect(status.queues.live!.completed).toBeGreaterThanOrEqual(3);
    expect(status.runners).toEqual([
      expect.objectContaining({ queues: ['live', 'regrade'], concurrency: 2, draining: false }),
    ]);
  });
});
