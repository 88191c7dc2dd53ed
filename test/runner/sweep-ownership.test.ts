/**
 * Sweeps remove a sandbox only when its owner is known to be gone: never a live `gradebot grade`'s
 * (even when a runner of the same deployment sweeps every second on the same engine), always a
 * killed one's once a sweep on its host looks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GradingResult } from '../../src/results/results.js';
import { LABELS } from '../../src/runner/sandbox/docker/container-config.js';
import { Heartbeat } from '../../src/runner/daemon/heartbeat.js';
import { DockerSandboxProvider } from '../../src/runner/sandbox/docker/docker-provider.js';
import { isOrphaned } from '../../src/runner/sandbox/docker/orphans.js';
import { formatStamp, ownStamp, parseStamp } from '../../src/runner/sandbox/docker/process-stamp.js';
import { RunnerRegistry } from '../../src/store/runner-registry.js';
import { FIXTURES, REPO_ROOT } from '../helpers/grading.js';
import { dropPrefix, eventually } from '../helpers/queue.js';
import { startRunner, type RunnerProcess } from '../helpers/runner-process.js';

const COURSE = path.join(FIXTURES, 'queue-course');
/**
 * The runner sweeps as the default deployment (`gradebot`), the one local commands label their
 * sandboxes with, so only ownership can keep them apart; a Redis database of its own keeps its keys
 * away from everything else.
 */
const RUNNER_REDIS = 'redis://127.0.0.1:6379/7';
const engine = new DockerSandboxProvider();
/**
 * How long a process may take to start or a sandbox to be swept: minutes, not seconds, since two
 * freshly compiled processes start on a machine that may be fully loaded (the load check).
 */
const PATIENCE_MS = 150_000;
let submission: string;
const children: ChildProcess[] = [];
const runners: RunnerProcess[] = [];

beforeAll(async () => {
  submission = await mkdtemp(path.join(os.tmpdir(), 'gradebot-sweep-'));
  await writeFile(path.join(submission, 'answer.txt'), '42\n');
  await writeFile(path.join(submission, 'delay.txt'), '6\n');
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const runner of runners.splice(0)) {
    if (runner.child.exitCode === null) runner.child.kill('SIGKILL');
    await runner.exited;
  }
  const redis = new Redis(RUNNER_REDIS);
  await dropPrefix(redis, 'gradebot');
  redis.disconnect();
});

afterAll(async () => {
  await rm(submission, { recursive: true, force: true });
});

/** `gradebot grade --json` of the slow assignment in its own process, with its sandbox's id once it runs. */
function startGrade(): { child: ChildProcess; result: Promise<GradingResult>; container: Promise<string> } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'src/cli/run.ts'),
      'grade',
      submission,
      '--course',
      COURSE,
      '--assignment',
      'slow',
      '--submitted-at',
      '2026-01-01T00:00:00Z',
      '--json',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<GradingResult>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(stdout) as GradingResult)
        : reject(new Error(`gradebot grade exited ${code}: ${stderr}`)),
    ),
  );
  // Awaited by the tests; one that fails before it must not report the kill in afterEach as unhandled.
  result.catch(() => undefined);
  const runnerId = `${os.hostname()}-${child.pid}`;
  // Running, not only listed: the engine lists a container while it is still being created, before
  // it can be inspected (a 404 then, seen under load), and a created one may never start.
  const container = eventually(
    'the grade command has a running sandbox',
    async () => {
      if (child.exitCode !== null) throw new Error(`gradebot grade ended first: ${stderr}`);
      const id = (await engine.listManaged()).find((c) => c.runnerId === runnerId)?.id;
      if (!id) return null;
      const info = await engine.inspectContainer(id).catch(() => null);
      return info?.State.Running ? id : null;
    },
    PATIENCE_MS,
  );
  return { child, result, container };
}

describe('sweeps and local commands', () => {
  it(
    'leave a live gradebot grade alone while a runner of the same deployment starts and sweeps',
    { timeout: 3 * PATIENCE_MS },
    async () => {
      const grade = startGrade();
      const container = await grade.container;
      expect((await engine.inspectContainer(container)).Config.Labels[LABELS.owner]).toBe('local');
      const runner = startRunner('gradebot', ['--sweep-interval', '1', '--queues', 'regrade'], RUNNER_REDIS);
      runners.push(runner);
      await runner.waitForLog('runner started', PATIENCE_MS);

      const result = await grade.result;
      expect(result.status).toBe('graded');
      expect(result.tests.map((t) => [t.name, t.status])).toEqual([['answer', 'passed']]);
      // The runner swept every second while the test slept for 6; the sandbox outlived every sweep.
      await expect(engine.inspectContainer(container)).rejects.toMatchObject({ statusCode: 404 });
    },
  );

  it(
    "reap a killed gradebot grade's sandbox once its process is gone, from a runner's sweep",
    { timeout: 3 * PATIENCE_MS },
    async () => {
      const grade = startGrade(); // killed on purpose: its result is never awaited
      const container = await grade.container;
      grade.child.kill('SIGKILL');
      await new Promise((resolve) => grade.child.once('exit', resolve));

      const runner = startRunner('gradebot', ['--sweep-interval', '1', '--queues', 'regrade'], RUNNER_REDIS);
      runners.push(runner);
      // Whoever sweeps first (this runner, or another gradebot grade starting on a busy machine) reaps it.
      await eventually(
        'the sandbox swept',
        () =>
          engine.inspectContainer(container).then(
            () => false,
            (error: { statusCode?: number }) => error.statusCode === 404,
          ),
        PATIENCE_MS,
      );
    },
  );
});

describe('who is judged gone', () => {
  const labels = (extra: Record<string, string>) => ({
    [LABELS.managed]: 'true',
    [LABELS.deployment]: 'course-a',
    [LABELS.runner]: 'runner-1',
    ...extra,
  });
  const deadRunners = (ids: string[]) => (id: string) => Promise.resolve(ids.includes(id));

  it('judges a process on this host by the process itself, whoever owned it', async () => {
    const here = (await ownStamp())!;
    expect(here).not.toBeNull();
    const finished = spawn('true');
    await new Promise((resolve) => finished.once('exit', resolve));
    const gone = formatStamp({ ...here, pid: finished.pid! });
    const reused = formatStamp({ ...here, startTicks: '1' }); // this pid, but another process's start
    const judge = { here, deployment: 'course-a', runnerDead: deadRunners(['runner-1']) };
    for (const owner of ['local', 'runner']) {
      expect(
        await isOrphaned(labels({ [LABELS.owner]: owner, [LABELS.process]: formatStamp(here) }), judge),
      ).toBe(false);
      expect(await isOrphaned(labels({ [LABELS.owner]: owner, [LABELS.process]: gone }), judge)).toBe(true);
      expect(await isOrphaned(labels({ [LABELS.owner]: owner, [LABELS.process]: reused }), judge)).toBe(true);
    }
  });

  it("judges a container from elsewhere only by its deployment's runner heartbeats", async () => {
    const here = (await ownStamp())!;
    const elsewhere = formatStamp({ ...here, namespace: 'pid:[1]' });
    const judge = { here, deployment: 'course-a', runnerDead: deadRunners(['runner-1']) };
    const runner = { [LABELS.owner]: 'runner', [LABELS.process]: elsewhere };
    expect(await isOrphaned(labels(runner), judge)).toBe(true);
    expect(await isOrphaned(labels({ ...runner, [LABELS.runner]: 'runner-2' }), judge)).toBe(false);
    expect(await isOrphaned(labels({ ...runner, [LABELS.deployment]: 'course-b' }), judge)).toBe(false);
    expect(await isOrphaned(labels({ [LABELS.owner]: 'local', [LABELS.process]: elsewhere }), judge)).toBe(
      false,
    );
    // Made before owners were labelled: a runner's.
    expect(await isOrphaned(labels({}), judge)).toBe(true);
    expect(await isOrphaned(labels(runner), { here, deployment: 'course-a' })).toBe(false);
  });

  it('takes a runner for dead only once it has beaten and its heartbeat has lapsed', async () => {
    const redis = new Redis(RUNNER_REDIS);
    const prefix = 'gradebot';
    const state = {
      id: 'r-1',
      host: 'h',
      pid: 1,
      queues: [],
      concurrency: 1,
      startedAt: '',
      running: [],
      draining: false,
    };
    const runners = new RunnerRegistry(redis, prefix);
    expect(await runners.isDead('r-1')).toBe(false);
    await new Heartbeat(runners, () => state).beat();
    expect(await runners.isDead('r-1')).toBe(false);
    await redis.del(`${prefix}:runner:r-1`); // what the heartbeat's expiry does after 15 s of silence
    expect(await runners.isDead('r-1')).toBe(true);
    redis.disconnect();
  });

  it('reads stamps back only when they are well formed', async () => {
    const here = (await ownStamp())!;
    expect(parseStamp(formatStamp(here))).toEqual(here);
    for (const bad of [
      '',
      'a|b|c',
      `${here.boot}|pid:[1]|0|5`,
      `${here.boot}|net:[1]|5|5`,
      `x y|pid:[1]|5|5`,
    ])
      expect(parseStamp(bad)).toBeNull();
  });
});
