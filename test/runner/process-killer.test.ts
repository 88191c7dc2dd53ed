/**
 * The kill from outside against a real container whose every pid is held: the engine cannot start
 * the kill until a few pids are lent, and the limit is back where it was afterwards.
 */
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll } from '../../src/runner/sandbox/docker/process-killer.js';

const docker = new Docker();
const PIDS = 16;
/**
 * Root's `sleep` keeps the container up (as the sandbox's idle process does); `nobody` forks until
 * the limit says no, then every process of its sleeps, holding its pid. Nothing else runs in the
 * container while it fills: an engine process started then could take a pid the forks wanted and
 * leave it free once it ends.
 */
const HOLD_EVERY_PID = [
  'sh',
  '-c',
  'runuser -u nobody -- python3 -c "$0" & exec sleep infinity',
  [
    'import os, time',
    'while True:',
    '    try:',
    '        if os.fork() == 0:',
    '            time.sleep(100000)',
    '    except OSError:',
    '        time.sleep(100000)',
  ].join('\n'),
];
let container: Docker.Container | null = null;

afterEach(async () => {
  await container?.remove({ force: true });
  container = null;
});

async function echo(target: Docker.Container): Promise<number | null> {
  const exec = await target.exec({ Cmd: ['sh', '-c', 'echo alive'], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  stream.resume();
  await new Promise((resolve) => stream.on('end', resolve));
  for (;;) {
    const state = await exec.inspect();
    if (!state.Running) return state.ExitCode;
  }
}

/**
 * Waits until the container's cgroup holds every pid its limit allows, read from the engine's
 * stats, which start nothing inside the container. Whether the engine can then still start a
 * process depends on when runc's own forks join the cgroup (an idle machine mostly says 126, a
 * busy one often gets through), so the test asserts the outcome either way: every process killed,
 * the limit back where it was, the sandbox usable.
 */
async function untilEveryPidIsHeld(target: Docker.Container, limit: number): Promise<void> {
  for (;;) {
    const stats = await target.stats({ stream: false, 'one-shot': true });
    if ((stats.pids_stats?.current ?? 0) >= limit) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('killing every process of a sandbox from outside', () => {
  it('lends the kill a few pids when every pid is held, then puts the limit back', async () => {
    container = await docker.createContainer({
      Image: 'gradebot/python:3',
      Cmd: HOLD_EVERY_PID,
      HostConfig: { Init: true, PidsLimit: PIDS, NetworkMode: 'none' },
    });
    await container.start();
    await untilEveryPidIsHeld(container, PIDS);

    const killed = await killAll(container, {
      cmd: ['sh', '-c', 'kill -KILL -1'],
      user: 'nobody',
      pidsLimit: PIDS,
      passes: 1,
      spareTries: 3,
    });

    expect(killed).toBe(true);
    expect((await container.inspect()).HostConfig.PidsLimit).toBe(PIDS);
    expect(await echo(container)).toBe(0);
  });
});
