/**
 * What a job's submission reference says, whatever kind it is (a commit of a student repository, or
 * an uploaded folder): the one place that asks which kind it is, apart from the runner's workspace,
 * which fetches each kind its own way.
 */
import type { SubmissionRef } from './job-payload.js';

/** The commit a student pushed, or null for an uploaded folder. */
export function commitOf(ref: SubmissionRef): string | null {
  return ref.kind === 'git' ? ref.commit : null;
}

/** The digest of an uploaded folder in the blob store, or null for a commit. */
export function uploadedFolderOf(ref: SubmissionRef): string | null {
  return ref.kind === 'blob' ? ref.digest : null;
}

/** What identifies the submitted files: the commit, or the uploaded folder's digest. */
export function revisionOf(ref: SubmissionRef): string {
  return ref.kind === 'git' ? ref.commit : ref.digest;
}

/** How the submission reached gradebot, in the words a grader reads in its metadata file. */
export function submissionMethod(ref: SubmissionRef): 'GitHub' | 'upload' {
  return ref.kind === 'git' ? 'GitHub' : 'upload';
}
