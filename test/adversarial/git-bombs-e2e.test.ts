/**
 * Git bombs pushed to a real runner (issue 15, finding 7): a commit whose files expand past the
 * assignment's disk limit, and one whose download alone is larger than such files can need, go
 * through a `gradebot runner` process with real Redis, BullMQ, git and Docker. Each ends as the
 * student's error, at once, with a message that says why; neither is retried nor checked out.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from '../helpers/git-server.js';
import { eventually, makePayload } from '../helpers/queue.js';
import { useRunnerTest } from '../helpers/runner-test.js';

const MiB = 1024 * 1024;
const test = useRunnerTest();
let server: GitServer;

beforeAll(async () => {
  server = await startGitServer();
});
afterAll(async () => {
  await server.close();
});

/** Pushes `files` as the student's commit to the `quick` assignment (16 MiB of disk) and grades it. */
async function pushAndGrade(student: string, files: Record<string, string | Buffer>) {
  const repo = await server.createRepo(`quick-${student}`);
  const commit = await repo.commit(files);
  const { queues, results } = test;
  const payload = await makePayload(test.redis, test.prefix, { student });
  const { jobId } = await queues.enqueue({ ...payload, submission: { kind: 'git', url: repo.url, commit } });
  const runner = test.startRunner();
  await eventually(
    'the job done',
    async () => (await queues.jobState('live', jobId)).state === 'completed',
    90_000,
  );
  const stored = await results.list('test-org', 'quick', student);
  expect(stored.map((s) => s.jobId)).toEqual([jobId]);
  const infrastructure = runner.logs.filter((l) => String(l.msg).startsWith('infrastructure failure'));
  return { result: stored[0]!.result, job: await queues.jobState('live', jobId), infrastructure };
}

describe('a git bomb pushed to a runner', () => {
  it('ends a commit whose files expand past the disk limit as a student error, before checkout', async () => {
    // 64 MiB of zeros: a pack of about 70 KB, four times the assignment's 16 MiB.
    const { result, job, infrastructure } = await pushAndGrade('mallory', {
      'zeros.bin': Buffer.alloc(64 * MiB),
      'answer.txt': '42\n',
    });
    expect(result).toMatchObject({ status: 'error', score: 0, tests: [], fault: 'submission' });
    // The tree's measure, not the copy-in's "larger than the sandbox's writable space": it was
    // refused before checkout.
    expect(result.output).toMatch(
      /^The submission was not graded: its files take more than the assignment's writable space \(16 MiB\)/,
    );
    expect(job.returnvalue).toMatchObject({ outcome: 'error' });
    expect(infrastructure).toEqual([]);
  }, 120_000);

  it('stops a download larger than files that fit could need, as a student error', async () => {
    // Random bytes do not compress: the pack is as large as the file, past 16 MiB's bound of 18 MiB.
    const { result, job, infrastructure } = await pushAndGrade('trudy', {
      'noise.bin': randomBytes(24 * MiB),
      'answer.txt': '42\n',
    });
    expect(result).toMatchObject({ status: 'error', score: 0, tests: [], fault: 'submission' });
    expect(result.output).toMatch(
      /^The submission was not graded: its git download grew past 18 MiB and was stopped: a commit whose files fit the assignment's writable space \(16 MiB\) never needs that much\.$/,
    );
    expect(job.returnvalue).toMatchObject({ outcome: 'error' });
    expect(infrastructure).toEqual([]);
  }, 120_000);
});
