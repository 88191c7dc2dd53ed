/**
 * Whether a process of the sandbox still runs, asked inside the container. When a test's time is up
 * the engine's word is not enough: a busy engine learns of an exit seconds late and would call a
 * program that finished in time still running. The container's own /proc knows at once; a zombie
 * (exited, not yet reaped) counts as finished.
 */
import type Docker from 'dockerode';
import { ROOT_USER } from '../sandbox.js';
import { runEngineProcess } from './engine-process.js';

/**
 * Exit 0 when the pid runs and is not a zombie, 1 when it is gone or one; shell builtins only. The
 * name in `stat` may hold spaces and parentheses: the state is the word after the last `) `.
 */
const ALIVE = '{ read -r s < "/proc/$1/stat"; } 2>/dev/null || exit 1; s=${s##*) }; [ "${s%% *}" != Z ]';

/** True or false as /proc says; null when the engine could not ask (the caller keeps the engine's word). */
export async function stillRunning(container: Docker.Container, pid: number): Promise<boolean | null> {
  const code = await runEngineProcess(container, ['sh', '-c', ALIVE, 'sh', String(pid)], ROOT_USER).catch(
    () => null,
  );
  return code === 0 ? true : code === 1 ? false : null;
}
