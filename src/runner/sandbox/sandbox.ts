/**
 * The one narrow interface between grading and whatever isolates student code. The lifecycle is
 * Tango's: create → copy in → run → copy out → destroy. `docker-sandbox.ts` is its only adapter.
 */
import type { Limits } from '../../course/types.js';
import type { ExecResult } from '../../exec/exec-result.js';

export type { ExecResult } from '../../exec/exec-result.js';

/** Where things are inside every sandbox; graders and course images rely on them. */
export const PATHS = {
  root: '/autograder',
  source: '/autograder/source',
  submission: '/autograder/submission',
  results: '/autograder/results',
  tmp: '/tmp',
  /**
   * Where an image may keep the /autograder tree (`source/`, `run_autograder`) its build prepared
   * (`runner/grade/prepared-source.ts`).
   */
  preparedAutograder: '/usr/local/share/gradebot/autograder',
} as const;

/**
 * How `docker exec` names the unprivileged user that student code and graders run as: a uid of the
 * sandbox's own (docker/sandbox-uids.ts), with a group of the same number.
 */
export function sandboxUser(uid: number): string {
  return `${uid}:${uid}`;
}
/**
 * The container's idle main process runs as `nobody`, a different uid from the sandbox user, so
 * `kill -KILL -1` as the sandbox user ends every student process but never the container itself.
 */
export const IDLE_USER = '65534:65534';
/** A sandbox created `asRoot` runs its graders, and its idle process, as root. */
export const ROOT_USER = '0:0';

export interface SandboxSpec {
  image: string;
  limits: Limits;
  /** Labels the container so leftovers can be traced and swept. */
  jobId: string;
  /**
   * Whether the sandbox user may write /autograder/source. Declarative assignments keep it
   * read-only; Gradescope graders commonly copy the submission into it, so they get it writable.
   */
  writableSource: boolean;
  /**
   * Run as root (uid 0) inside the container, as Gradescope runs `run_autograder`, with only the
   * capabilities that adding users and switching to them need (ROOT_CAPABILITIES); /etc, /home,
   * /root and /run become writable copies of the image's. Everything else stays as hardened as for
   * the sandbox user. Implies a writable source. Default false.
   */
  asRoot?: boolean;
  /**
   * The assignment folder as a plain tar, copied to /autograder/source as part of creating the
   * sandbox. `key` names its content, so that a prestarted sandbox serves only the same source.
   */
  source?: { key: string; tar: Buffer };
}

export type Area = 'source' | 'submission';

export interface CopyInOptions {
  /** Paths relative to the copied folder (POSIX separators) to leave out. */
  exclude?: ReadonlySet<string>;
}

export interface ExecOptions {
  /** Run with `sh -c` as the unprivileged sandbox user (root in a sandbox created `asRoot`). */
  command: string;
  cwd: string;
  stdin?: Buffer;
  /** Enforced from outside the container; on expiry every process of the sandbox user is killed. */
  timeoutMs: number;
  /** Per stream; head and tail are kept, the middle elided. */
  outputLimitBytes: number;
}

export interface Sandbox {
  readonly id: string;
  /**
   * Copies a host folder, or a plain tar made by `packFolderToBuffer`, into the area. A folder of
   * more than MAX_SUBMISSION_ENTRIES files and folders, or larger than the writable space, is a
   * SubmissionTooLargeError.
   */
  copyIn(area: Area, from: string | Buffer, options?: CopyInOptions): Promise<void>;
  /**
   * Writes one file, named without a folder, directly in /autograder (such as Gradescope's
   * submission_metadata.json). It belongs to the idle user with mode 0444: the sandbox user can
   * read it, but neither change, replace nor remove it.
   */
  copyInFile(name: string, content: Buffer): Promise<void>;
  exec(options: ExecOptions): Promise<ExecResult>;
  /**
   * Kills every process of the sandbox user and saves the submission folder as it is now (after
   * the build), for `resetBetweenTests`. Too large to save is a SubmissionTooLargeError.
   */
  saveSubmission(): Promise<void>;
  /**
   * So that no test sees another's input: kills every process of the sandbox user, empties the
   * writable scratch places (/tmp, which is HOME, /dev/shm, /dev/mqueue, results) and puts back
   * the submission folder saved by `saveSubmission`.
   */
  resetBetweenTests(): Promise<void>;
  /**
   * Reads the named files (relative, each its own entry: a folder is not descended) of
   * /autograder/results once every process of the sandbox user is gone; missing ones are left
   * out, and nothing else there is read. Refuses symlinks and anything but plain files; more than
   * `maxBytes` in total, tar headers and names included, is an error. An entry the sandbox user can
   * no longer read, or whose size alone passes `maxBytes` (a sparse file), is refused without
   * reading its data: an UnsafeResultsError, like every refusal here.
   */
  copyOutResults(names: readonly string[], maxBytes: number): Promise<Map<string, Buffer>>;
  /** Removes the container. Safe to call more than once. */
  destroy(): Promise<void>;
}

export interface SandboxProvider {
  create(spec: SandboxSpec): Promise<Sandbox>;
}
