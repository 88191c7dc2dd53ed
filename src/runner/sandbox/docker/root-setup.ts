/**
 * What a sandbox created `asRoot` needs beyond the container config: the image's copies of the
 * folders a root grader may change (read before the container starts, when no tmpfs hides them yet),
 * the shell steps that seed those tmpfs mounts and confine the users a grader adds to the sandbox's
 * own uid block, and the kill that ends every process but the container's own two.
 */
import type Docker from 'dockerode';
import { formatBytes } from '../../../text/format-bytes.js';
import { IMAGE_FOLDER_MAX_BYTES, ROOT_WRITABLE } from './container-config.js';
import { engineCall, statusCode, UnusableImageError } from '../sandbox-errors.js';
import { SANDBOX_UID_BLOCK } from './sandbox-uids.js';

/**
 * The image's copies of the ROOT_WRITABLE folders that it has, as one stream of tars rooted at `/`
 * (GNU tar reads them one after the other with --ignore-zeros).
 */
export async function readImageFolders(container: Docker.Container): Promise<Buffer> {
  const tars = await Promise.all(ROOT_WRITABLE.map((folder) => readImageFolder(container, folder)));
  return Buffer.concat(tars.filter((tar): tar is Buffer => tar !== null));
}

async function readImageFolder(container: Docker.Container, folder: string): Promise<Buffer | null> {
  const stream = await engineCall(`read the image's ${folder}`, () =>
    container.getArchive({ path: folder }).catch((error: unknown) => {
      if (statusCode(error) === 404) return null;
      throw error;
    }),
  );
  if (!stream) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > IMAGE_FOLDER_MAX_BYTES) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new UnusableImageError(
        `the grading image's ${folder} is larger than ${formatBytes(IMAGE_FOLDER_MAX_BYTES)}, ` +
          'too large for the writable copy a grader run as root gets: make it smaller, or use user: sandbox',
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * One step, as root, on stdin the image's folders: unpacks them keeping owners and modes (Docker's
 * own /etc/hosts and the like stay); makes `adduser` and `useradd` (Debian's and shadow's
 * configuration) give users and groups, system ones included, ids from $1 to $2 only, the sandbox's
 * block, where `adduser student` would otherwise take 1000, a host uid every other sandbox's
 * `student` would share; and prints the idle process, init's only child before anything else runs
 * (an exec'd process's parent is outside the container), found by the parent in each process's
 * stat, the fourth field, after the command name in parentheses.
 */
const ROOT_SETUP = [
  'set -e',
  'tar -x -i -C / --exclude=etc/hostname --exclude=etc/hosts --exclude=etc/resolv.conf',
  'keys="FIRST_UID LAST_UID FIRST_GID LAST_GID FIRST_SYSTEM_UID LAST_SYSTEM_UID FIRST_SYSTEM_GID LAST_SYSTEM_GID"',
  'defs="UID_MIN UID_MAX GID_MIN GID_MAX SYS_UID_MIN SYS_UID_MAX SYS_GID_MIN SYS_GID_MAX"',
  'touch /etc/adduser.conf /etc/login.defs',
  'for key in $keys; do sed -i "/^[[:space:]#]*$key[[:space:]]*=/d" /etc/adduser.conf; done',
  'for key in $defs; do sed -i "/^[[:space:]#]*$key[[:space:]]/d" /etc/login.defs; done',
  'for key in $keys; do case $key in FIRST*) v=$1;; *) v=$2;; esac; echo "$key=$v" >> /etc/adduser.conf; done',
  'for key in $defs; do case $key in *MIN) v=$1;; *) v=$2;; esac; echo "$key $v" >> /etc/login.defs; done',
  'for stat in /proc/[0-9]*/stat; do read -r line < "$stat" || continue',
  'set -- ${line##*) }',
  'if [ "$2" = 1 ]; then pid=${stat#/proc/}; echo "${pid%/stat}"; fi; done',
].join('\n');

export function rootSetupCommand(firstUid: number): string[] {
  return ['sh', '-c', ROOT_SETUP, 'sh', String(firstUid), String(firstUid + SANDBOX_UID_BLOCK - 1)];
}

/**
 * SIGKILL to every process but init (1), the idle process ($1) and this shell, whoever runs it: as
 * root with CAP_KILL that is the grader and every user it switched to. `kill -KILL -1` cannot be
 * used as root, as it would end the idle process and with it the container; `kill -STOP -1` can, and
 * freezes everything at once (a fork bomb stops forking) before each process is killed by number,
 * then the idle process is let go on. Exits 1 when nothing was left.
 */
export const KILL_ALL_BUT_IDLE = [
  'sh',
  '-c',
  [
    'kill -STOP -1 2>/dev/null',
    'found=1',
    'for entry in /proc/[0-9]*; do pid=${entry#/proc/}',
    'case $pid in 1|"$1"|"$$") ;; *) kill -KILL "$pid" 2>/dev/null && found=0;; esac; done',
    'kill -CONT "$1"',
    'exit $found',
  ].join('\n'),
  'sh',
];
