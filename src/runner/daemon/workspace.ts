/**
 * Gets one job's files into a scratch folder: the course folder from its uploaded archive, the
 * submission from git or from its archive. Removed afterwards, whatever happened.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SubmissionFault } from '../../faults.js';
import { findAssignment, loadCourse } from '../../course/load-course.js';
import type { Assignment, Course } from '../../course/types.js';
import type { JobPayload } from '../../jobs/job-payload.js';
import type { BlobStore } from '../../store/blob-store.js';
import { extractArchive } from '../../archive/folder-archive.js';
import { fetchCommit } from '../git/fetch-commit.js';
import { PackTooLargeError } from '../git/pack-limit.js';
import { TreeTooLargeError } from '../git/tree-size.js';

/** Uploaded folders are bounded when extracted, like everything that comes from outside. */
const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;

/** An uploaded archive a job points at has expired: an `error` result that does not count. */
export class MissingBlobError extends SubmissionFault {
  override name = 'MissingBlobError';
  override readonly counts = false;
}

export interface Workspace {
  courseDir: string;
  /** Loaded from `courseDir`; an invalid course file throws CourseError before any fetch. */
  course: Course;
  assignment: Assignment;
  submissionDir: string;
  /**
   * Why the submission was not checked out (its files are too many or too large), for the student;
   * `submissionDir` is then empty. The job still goes past the submission limit, where it counts.
   */
  refusal?: string;
  remove(): Promise<void>;
}

/** A short-lived token for fetching this job's repository, or undefined for a public one. */
export type GitTokenSource = (payload: JobPayload, jobId: string) => Promise<string | undefined>;

export interface WorkspaceOptions {
  blobs: BlobStore;
  /** Never written to disk, never passed to the sandbox. */
  gitToken?: GitTokenSource;
  /** Hosts that may be fetched from over plain http:// besides loopback (see `fetchCommit`). */
  httpGitHosts?: readonly string[];
}

export async function prepareWorkspace(
  payload: JobPayload,
  jobId: string,
  options: WorkspaceOptions,
): Promise<Workspace> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gradebot-job-'));
  const courseDir = path.join(root, 'course');
  const submissionDir = path.join(root, 'submission');
  const remove = () => rm(root, { recursive: true, force: true });
  try {
    await mkdir(courseDir);
    await mkdir(submissionDir);
    await extractArchive(await blob(options.blobs, payload.course.digest, 'course'), courseDir, {
      maxBytes: MAX_ARCHIVE_BYTES,
    });
    // Loaded first, so a commit is measured against the space it must fit in before checkout.
    const course = await loadCourse(courseDir);
    const assignment = findAssignment(course, payload.assignment);
    const source = payload.submission;
    if (source.kind === 'git') {
      try {
        await fetchCommit(source, submissionDir, {
          token: await options.gitToken?.(payload, jobId),
          maxTreeBytes: assignment.limits.diskBytes,
          ...(options.httpGitHosts ? { httpHosts: options.httpGitHosts } : {}),
        });
      } catch (error) {
        // The submission's own doing: refused, and it counts toward the submission limit.
        if (!(error instanceof TreeTooLargeError || error instanceof PackTooLargeError)) throw error;
        return { courseDir, course, assignment, submissionDir, refusal: error.message, remove };
      }
    } else {
      await extractArchive(await blob(options.blobs, source.digest, 'submission'), submissionDir, {
        maxBytes: MAX_ARCHIVE_BYTES,
      });
    }
    return { courseDir, course, assignment, submissionDir, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function blob(blobs: BlobStore, digest: string, what: string): Promise<Buffer> {
  const data = await blobs.get(digest);
  if (!data) throw new MissingBlobError(`the ${what} archive ${digest.slice(0, 12)} is no longer stored`);
  return data;
}
