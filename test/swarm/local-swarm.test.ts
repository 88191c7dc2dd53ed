/**
 * The Swarm stack on a real multi-node swarm: `deploy/swarm/local-swarm.sh` builds a manager and
 * three workers (two labelled `grader=true`, one not), each a dockerd in its own network namespace,
 * and deploys `deploy/swarm/stack.yml` with the App's settings pointing at a fake GitHub on the
 * swarm's bridge. Signed webhooks go to the bot's published port; the swarm's Redis is published on
 * the manager (local.yml only), so the test can see which runner, on which node, took each job.
 * It needs root, and the images `scripts/setup.sh` builds with `deploy/build-images.sh`.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { ResultsStore } from '../../src/store/results-store.js';
import type { TestRepo } from '../helpers/git-server.js';
import { REPO_ROOT } from '../helpers/grading.js';
import { pushPayload, signedWebhook, startGitHubWorld, type GitHubWorld } from '../helpers/github-world.js';
import { eventually, openQueues } from '../helpers/queue.js';

const run = promisify(execFile);
const SCRIPT = `${REPO_ROOT}/deploy/swarm/local-swarm.sh`;
const HOST = '192.168.77.1';
const MANAGER = '192.168.77.10';
const PREFIX = 'gradebot';
const WEBHOOK_SECRET = randomBytes(20).toString('hex');
const RUNNER_SECRET = randomBytes(20).toString('hex');
/** The image under test (default gradebot/gradebot:local, as deploy/build-images.sh tags it). */
const IMAGE = process.env.GRADEBOT_TEST_IMAGE ?? 'gradebot/gradebot:local';
const MINUTE = 60_000;

const COURSE_FILE = `course: swarm
timezone: UTC
defaults:
  image: gradebot/base:latest
  limits: { time: 2m, memory: 64MiB, disk: 16MiB }
assignments:
  quick:
    repos: 'quick-*'
    dir: quick
    tests:
      - { name: answer, run: 'cat answer.txt', stdout: '42', points: 1 }
  slow:
    repos: 'slow-*'
    dir: slow
    tests:
      - { name: answer, run: 'sleep "$(cat delay.txt)"; cat answer.txt', stdout: '42', points: 1, timeout: 90s }
`;

let world: GitHubWorld;
let redis: Redis;
let queues: GradingQueues;
let results: ResultsStore;
let webhookUrl: string;
let settingsEnv: Record<string, string>;
/** Pushes sent the moment `deploy` returned, and how the bot answered each (a status or an error). */
const early: { student: string; sha: string; answer: number | string }[] = [];

async function swarm(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [SCRIPT, ...args], {
    env: { ...process.env, ...settingsEnv },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

async function managerDocker(...args: string[]): Promise<string> {
  return swarm('docker', 'manager', ...args);
}

/** A student's repository with one commit; returns the pushed sha. */
async function submission(
  repo: string,
  files: Record<string, string>,
): Promise<{ repo: TestRepo; sha: string }> {
  const created = await world.repo(repo);
  return { repo: created, sha: await created.commit(files) };
}

async function push(repo: string, sha: string): Promise<void> {
  const { headers, body } = signedWebhook('push', pushPayload(world, repo, sha), WEBHOOK_SECRET);
  const response = await fetch(webhookUrl, { method: 'POST', headers, body });
  expect(response.status).toBeLessThan(300);
}

/** The job id of the check run for this commit, once the bot has written one. */
async function jobOf(repo: string, sha: string): Promise<string> {
  const checkRun = await eventually(
    `a check run for ${repo}@${sha.slice(0, 8)}`,
    async () => world.checkRuns.find((r) => r.repo === repo && r.head_sha === sha && r.external_id),
    2 * MINUTE,
  );
  return checkRun.external_id!;
}

/** Waits for the job to complete; returns the node of the runner that completed it. */
async function completedOn(jobId: string, timeoutMs = 3 * MINUTE): Promise<string> {
  const state = await eventually(
    `job ${jobId} completed`,
    async () => {
      const now = await queues.jobState('live', jobId);
      return now.state === 'completed' ? now : null;
    },
    timeoutMs,
  );
  return nodeOf(state.progress);
}

/** Runner ids start with the container's hostname, which the stack sets to the node's. */
function nodeOf(progress: unknown): string {
  const runner = (progress as { runner?: string } | undefined)?.runner ?? '';
  const match = /^gbs-(manager|worker\d+)/.exec(runner);
  if (!match) throw new Error(`cannot tell the node of runner ${JSON.stringify(runner)}`);
  return match[1]!;
}

/** The last lines every task of a service logged, to read when a test fails. */
async function serviceLogs(service: string): Promise<string> {
  const args = ['docker', 'manager', 'service', 'logs', '--timestamps', '--tail', '200', service];
  return run('bash', [SCRIPT, ...args], {
    env: { ...process.env, ...settingsEnv },
    maxBuffer: 64 * 1024 * 1024,
  }).then(({ stdout, stderr }) => `${stdout}${stderr}`, String);
}

async function storedFor(assignment: string, student: string) {
  return results.list(world.org, assignment, student);
}

beforeAll(async () => {
  await swarm('down').catch(() => undefined);
  await swarm('up', '--workers', '3');
  world = await startGitHubWorld({ host: HOST });
  const course = await world.repo('gradebot-course');
  await course.commit({
    'gradebot.yml': COURSE_FILE,
    'quick/README.txt': 'Print 42.\n',
    'slow/README.txt': 'Print 42, slowly.\n',
  });
  settingsEnv = {
    ...world.appEnv,
    WEBHOOK_SECRET,
    GRADEBOT_RUNNER_SECRET: RUNNER_SECRET,
    GRADEBOT_IMAGE: IMAGE,
  };
  const earlyStudents = ['una', 'vic', 'wes', 'xan'];
  const earlyPushes = await Promise.all(
    earlyStudents.map((s) => submission(`quick-${s}`, { 'answer.txt': '42\n', 'who.txt': `${s}\n` })),
  );
  const deployed = await swarm('deploy');
  webhookUrl = /webhook URL:\s+(\S+)/.exec(deployed)![1]!;
  // Up means up: pushes sent the moment `deploy` returns are taken, not refused by a bot restarting.
  for (const [i, student] of earlyStudents.entries()) {
    const { sha } = earlyPushes[i]!;
    const { headers, body } = signedWebhook(
      'push',
      pushPayload(world, `quick-${student}`, sha),
      WEBHOOK_SECRET,
    );
    const answer = await fetch(webhookUrl, { method: 'POST', headers, body }).then(
      (response) => response.status,
      (error: unknown) => String((error as Error).cause ?? error),
    );
    early.push({ student, sha, answer });
  }
  redis = new Redis(`redis://${MANAGER}:6379`, { maxRetriesPerRequest: null });
  queues = openQueues(redis, PREFIX);
  results = new ResultsStore(redis, PREFIX);
}, 20 * MINUTE);

afterAll(async () => {
  await queues?.close();
  redis?.disconnect();
  await world?.close();
  await swarm('down').catch(() => undefined);
}, 5 * MINUTE);

describe('gradebot on a multi-node swarm', () => {
  it('grades every push sent right after deploy returns', async () => {
    const refused = early.filter(({ answer }) => !(typeof answer === 'number' && answer < 300));
    expect(refused).toEqual([]);
    for (const { student, sha } of early) {
      await completedOn(await jobOf(`quick-${student}`, sha));
      expect((await storedFor('quick', student)).map((s) => s.result.score)).toEqual([1]);
    }
  });

  it('grades pushes on nodes labelled grader=true only, and GitHub gets the completed check runs', async () => {
    const students = ['ada', 'bea', 'cy', 'dee', 'eve', 'fay'];
    const pushes = await Promise.all(students.map((s) => submission(`quick-${s}`, { 'answer.txt': '42\n' })));
    const started = Date.now();
    for (const [i, student] of students.entries()) await push(`quick-${student}`, pushes[i]!.sha);
    const nodes = await Promise.all(
      pushes.map(async ({ sha }, i) => completedOn(await jobOf(`quick-${students[i]!}`, sha))),
    );
    const minutes = (Date.now() - started) / MINUTE;
    console.info(`swarm: ${students.length} pushes graded in ${(minutes * 60).toFixed(1)} s on`, nodes);
    for (const node of nodes) expect(['worker1', 'worker2']).toContain(node);

    for (const { sha } of pushes) {
      const checkRun = await eventually(
        'the completed check run',
        async () => world.checkRuns.find((r) => r.head_sha === sha && r.status === 'completed'),
        2 * MINUTE,
      );
      expect(checkRun).toMatchObject({ name: 'gradebot: quick', conclusion: 'success' });
      expect(checkRun.output?.title).toBe('1 / 1 points');
    }
  });

  it(
    'grades faster with two grading nodes than with one, and a drained node takes no jobs',
    async () => {
      const batch = async (label: string) => {
        const students = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `${label}${n}`);
        const pushes = await Promise.all(
          students.map((s) => submission(`slow-${s}`, { 'answer.txt': '42\n', 'delay.txt': '3\n' })),
        );
        const started = Date.now();
        for (const [i, student] of students.entries()) await push(`slow-${student}`, pushes[i]!.sha);
        const jobs = await Promise.all(pushes.map(({ sha }, i) => jobOf(`slow-${students[i]!}`, sha)));
        const nodes = await Promise.all(jobs.map((jobId) => completedOn(jobId)));
        const perMinute = students.length / ((Date.now() - started) / MINUTE);
        return { nodes, perMinute };
      };
      // Nodes where a runner container is running now: a drained node's runner still finishes what it
      // holds (and, until its SIGTERM arrives, could take more) after its task is marked for shutdown.
      const runnerNodes = async () =>
        (await managerDocker('service', 'ps', 'gradebot_runner', '--format', '{{.Node}} {{.CurrentState}}'))
          .split('\n')
          .filter((line) => line.includes(' Running '))
          .map((line) => line.split(' ')[0]);

      const two = await batch('two');
      await managerDocker('node', 'update', '--availability', 'drain', 'gbs-worker2');
      await eventually(
        'no runner on worker2',
        async () => !(await runnerNodes()).includes('gbs-worker2'),
        5 * MINUTE,
      );
      const one = await batch('one');
      await managerDocker('node', 'update', '--availability', 'active', 'gbs-worker2');
      await eventually(
        'a runner on worker2 again',
        async () => (await runnerNodes()).includes('gbs-worker2'),
        5 * MINUTE,
      );

      console.info(
        `swarm throughput (8 jobs of 3 s, concurrency 2 per node): two grading nodes ${two.perMinute.toFixed(1)} jobs/min ` +
          `on ${JSON.stringify(two.nodes)}; one ${one.perMinute.toFixed(1)} jobs/min`,
      );
      for (const node of two.nodes) expect(['worker1', 'worker2']).toContain(node);
      for (const node of one.nodes) expect(node).toBe('worker1');
    },
    15 * MINUTE,
  );

  it(
    'moves a job to the other grading node when the engine of the node running it stops; none lost or graded twice',
    async () => {
      const { sha } = await submission('slow-gil', { 'answer.txt': '42\n', 'delay.txt': '40\n' });
      await push('slow-gil', sha);
      const jobId = await jobOf('slow-gil', sha);
      const active = await eventually(
        'the slow job running',
        async () => {
          const now = await queues.jobState('live', jobId);
          return now.state === 'active' && (now.progress as { runner?: string } | undefined)?.runner
            ? now
            : null;
        },
        2 * MINUTE,
      );
      const first = nodeOf(active.progress);
      const pid = (await readFile(`/run/gradebot-swarm/gbs-${first}/dockerd.pid`, 'utf8')).trim();
      process.kill(Number(pid), 'SIGTERM');

      const finished = await completedOn(jobId, 6 * MINUTE);
      expect(finished).not.toBe(first);
      expect(['worker1', 'worker2']).toContain(finished);
      const stored = await storedFor('slow', 'gil');
      expect(stored.map((s) => [s.jobId, s.result.status, s.result.score])).toEqual([[jobId, 'graded', 1]]);
      // Reported once: the first runner died before it could complete anything.
      const completions = () =>
        world.checkRuns
          .filter((r) => r.repo === 'slow-gil')
          .flatMap((r) => r.writes.filter((w) => w.status === 'completed'));
      await eventually('the completed check run', async () => completions().length > 0, 2 * MINUTE);
      expect(completions()).toHaveLength(1);
    },
    10 * MINUTE,
  );

  it(
    'keeps queued and running jobs when the Redis service restarts',
    async () => {
      // More jobs than the two grading nodes have slots (2 × 2), each long enough that some are still
      // waiting, and the others running, when Redis goes away.
      const students = ['hal', 'ivy', 'jo', 'kit', 'lea', 'mo', 'nia', 'oz'];
      const pushes = await Promise.all(
        students.map((s) => submission(`slow-${s}`, { 'answer.txt': '42\n', 'delay.txt': '20\n' })),
      );
      for (const [i, student] of students.entries()) await push(`slow-${student}`, pushes[i]!.sha);
      const counts = await queues.counts();
      expect(counts.live.waiting + counts.live.delayed).toBeGreaterThan(0);
      const jobs = await Promise.all(pushes.map(({ sha }, i) => jobOf(`slow-${students[i]!}`, sha)));

      // Swarm also restarts the bot, unhealthy while Redis is away: jobs taken meanwhile wait for it.
      await managerDocker('service', 'update', '--force', '--detach', 'gradebot_redis');
      try {
        for (const jobId of jobs) await completedOn(jobId, 6 * MINUTE);
      } catch (error) {
        console.error(await serviceLogs('gradebot_runner'));
        throw error;
      }
      for (const student of students) {
        expect((await storedFor('slow', student)).map((s) => s.result.score)).toEqual([1]);
      }
    },
    12 * MINUTE,
  );

  it(
    'completes every queued job while the runner service rolls out a new image',
    async () => {
      const tag = `gradebot/gradebot:rollout-${randomUUID().slice(0, 6)}`;
      await run('docker', ['tag', IMAGE, tag]);
      try {
        await swarm('load', tag);
        const students = ['lou', 'max', 'ned', 'ola'];
        const pushes = await Promise.all(
          students.map((s) => submission(`slow-${s}`, { 'answer.txt': '42\n', 'delay.txt': '5\n' })),
        );
        for (const [i, student] of students.entries()) await push(`slow-${student}`, pushes[i]!.sha);
        const jobs = await Promise.all(pushes.map(({ sha }, i) => jobOf(`slow-${students[i]!}`, sha)));

        await managerDocker('service', 'update', '--detach', '--image', tag, 'gradebot_runner');
        for (const jobId of jobs) await completedOn(jobId, 8 * MINUTE);
        for (const student of students) {
          expect((await storedFor('slow', student)).map((s) => s.result.score)).toEqual([1]);
        }
        const image = await managerDocker(
          'service',
          'inspect',
          '--format',
          '{{.Spec.TaskTemplate.ContainerSpec.Image}}',
          'gradebot_runner',
        );
        expect(image.trim()).toContain(tag);
      } finally {
        await run('docker', ['rmi', tag]).catch(() => undefined);
      }
    },
    12 * MINUTE,
  );

  it(
    'tears down without leaving namespaces, daemons or mounts behind',
    async () => {
      await swarm('down');
      const { stdout: namespaces } = await run('ip', ['netns', 'list']);
      expect(namespaces).not.toMatch(/gbs-/);
      const { stdout: links } = await run('ip', ['-o', 'link']);
      expect(links).not.toMatch(/gbswarm0/);
      const { stdout: processes } = await run('ps', ['-eo', 'args']);
      expect(processes).not.toMatch(/gradebot-swarm/);
      const { stdout: mounts } = await run('findmnt', ['-rn', '-o', 'TARGET']);
      expect(mounts).not.toMatch(/gradebot-swarm/);
    },
    5 * MINUTE,
  );
});
