/**
 * Short processes the runner itself starts in a sandbox (kills, probes), and reading any process's
 * exit status, with the patience a busy engine needs. Student commands go through
 * `DockerSandbox.run`; these are the infrastructure's own.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import { engineCall, errorMessage, statusCode } from '../sandbox-errors.js';
import { settlesWithin, streamEnd } from '../stream-helpers.js';

/**
 * How long the engine may take for what it does on its own: start a process, deliver the end of
 * its output after a kill, record its exit. Milliseconds on an idle machine, seconds on a busy one;
 * waiting less turns load into errors (a grader stopped after it finished, a copy with no reason,
 * a kill still pending that lands on the next step), so only an engine that is truly stuck reaches
 * this bound. None of it counts against the student.
 */
export const ENGINE_PATIENCE_MS = 60_000;

/**
 * The exit status once the engine has recorded it, or null if it has not within `withinMs`. The
 * attached stream can end a moment before the engine marks the process finished; asking once would
 * then read "still running".
 */
export async function recordedExitStatus(exec: Docker.Exec, withinMs: number): Promise<number | null> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const state = await exec.inspect().catch(() => null);
    if (state && !state.Running) return state.ExitCode;
    if (Date.now() >= deadline) return null;
    await delay(20);
  }
}

/** Runs `cmd` as `user` and returns its exit status; throws when the engine cannot run it. */
export async function runEngineProcess(
  container: Docker.Container,
  cmd: string[],
  user: string,
): Promise<number> {
  const exec = await container.exec({ Cmd: cmd, User: user, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  stream.resume();
  await settlesWithin(streamEnd(stream), ENGINE_PATIENCE_MS);
  const code = await recordedExitStatus(exec, ENGINE_PATIENCE_MS);
  if (code === null) throw new Error(`the engine did not report how \`${cmd.join(' ')}\` ended`);
  return code;
}

/**
 * Why the container can no longer run processes, or null when it still can. When a container is
 * killed or removed its init dies first and the kernel then kills every other process in it, so
 * once a process has died of a signal, this tells a student's crash (the container lives on) from
 * the engine's doing.
 */
export async function whyContainerIsGone(container: Docker.Container, user: string): Promise<string | null> {
  try {
    const code = await runEngineProcess(container, ['sh', '-c', ':'], user);
    if (code === 0) return null;
    return `a probe exited ${code}`;
  } catch (error) {
    const state = await container.inspect().then(
      (info) => `container ${info.State.Status}`,
      (inspectError: unknown) => errorMessage(inspectError),
    );
    return `${state}: ${errorMessage(error)}`;
  }
}

/** Removes a container, killing what runs in it; one already gone or going is no error. */
export function removeQuietly(container: Docker.Container): Promise<void> {
  return engineCall('remove the sandbox', async () => {
    try {
      await container.remove({ force: true, v: true });
    } catch (error) {
      // 404: already gone; 409: its removal is already under way (a sweep and its owner at once).
      if (statusCode(error) !== 404 && statusCode(error) !== 409) throw error;
    }
  });
}
