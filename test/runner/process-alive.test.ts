/**
 * Asking inside a real container whether a process still runs: the check a timed-out test's
 * verdict rests on when a busy engine has not yet heard of the exit.
 */
import { setTimeout as delay } from 'node:timers/promises';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stillRunning } from '../../src/runner/sandbox/docker/process-alive.js';

const docker = new Docker();
let container: Docker.Container;

/** Runs `script` in the container and returns what it printed, trimmed. */
async function shell(script: string): Promise<string> {
  const exec = await container.exec({ Cmd: ['sh', '-c', script], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => stream.on('end', resolve));
  // Multiplexed frames: an 8-byte header before each payload.
  const raw = Buffer.concat(chunks);
  let text = '';
  for (let at = 0; at + 8 <= raw.length; at += 8 + raw.readUInt32BE(at + 4))
    text += raw.subarray(at + 8, at + 8 + raw.readUInt32BE(at + 4)).toString();
  return text.trim();
}

beforeAll(async () => {
  container = await docker.createContainer({
    Image: 'gradebot/python:3',
    Cmd: ['sleep', 'infinity'],
    HostConfig: { Init: true, NetworkMode: 'none' },
  });
  await container.start();
});

afterAll(async () => {
  await container.remove({ force: true });
});

describe('stillRunning', () => {
  it('says yes for a running process, even one whose name has spaces and parentheses', async () => {
    await shell('cp /bin/sleep "/tmp/a (b) c"');
    const pid = Number(await shell('"/tmp/a (b) c" 300 >/dev/null 2>&1 & echo $!'));
    expect(await stillRunning(container, pid)).toBe(true);
  });

  it('says no once the process has ended', async () => {
    const pid = Number(await shell('sleep 300 >/dev/null 2>&1 & echo $!'));
    await shell(`kill -KILL ${pid}`);
    // SIGKILL lands when the process is next scheduled, then init reaps it (a zombie until then).
    while ((await stillRunning(container, pid)) !== false) await delay(50);
    expect(await shell(`test -e /proc/${pid} && echo zombie || echo gone`)).toMatch(/zombie|gone/);
  });

  it('says no for a zombie: exited, not yet reaped by a parent that never waits', async () => {
    const child = 'sleep 0 & echo $! > /tmp/zombie; exec sleep 300';
    const pid = Number(
      await shell(
        `sh -c '${child}' >/dev/null 2>&1 & while [ ! -s /tmp/zombie ]; do sleep 0.05; done; cat /tmp/zombie`,
      ),
    );
    while ((await shell(`cut -d' ' -f3 /proc/${pid}/stat`)) !== 'Z') await delay(50);
    expect(await stillRunning(container, pid)).toBe(false);
  });

  it('cannot say for a container that is gone, and then says so', async () => {
    const gone = await docker.createContainer({ Image: 'gradebot/python:3', Cmd: ['true'] });
    await gone.remove({ force: true });
    expect(await stillRunning(gone, 1)).toBeNull();
  });
});
