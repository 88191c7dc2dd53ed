/**
 * `gradebot submit`: pushes a local folder through the live queue to the running runners and
 * prints the result, to test a deployment end to end. The folders travel as content-addressed
 * archives in Redis; the job itself carries only their digests.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { studentKey } from '../course/repo-pattern.js';
import { Intake } from '../jobs/intake.js';
import { checkCourseFolder, uploadFolder } from './course-folder.js';
import { withQueues, type QueueOptions } from './queue-options.js';
import { renderResults } from './render-results.js';
import { submittedAtOption } from './submitted-at.js';
import type { Terminal } from './terminal.js';

/** Local submissions are filed under this organisation. */
const LOCAL_ORG = 'local';
const POLL_MS = 200;

export interface SubmitCommandOptions extends QueueOptions {
  course: string;
  assignment: string;
  wait?: boolean;
  json?: boolean;
  student?: string;
  /** When it was submitted, for the late policy and the submission limit; default now. */
  submittedAt?: string;
  /** Seconds to wait for the result (default 1800). */
  timeout?: string;
}

export async function runSubmit(
  dir: string,
  options: SubmitCommandOptions,
  terminal: Terminal,
): Promise<number> {
  const submissionDir = path.resolve(dir);
  if (
    !(await stat(submissionDir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    terminal.err(`gradebot: ${dir} is not a folder`);
    return 2;
  }
  const courseDir = path.resolve(options.course);
  const course = await checkCourseFolder(courseDir, options.assignment, terminal, 'submitted');
  if (!course) return 1;
  const submittedAt = submittedAtOption(options.submittedAt, course.timezone, terminal);
  if (!submittedAt) return 2;

  return withQueues(options, async ({ stores, queues }) => {
    terminal.progress('uploading the course and the submission');
    const { blobs } = stores;
    const student = studentKey(options.student ?? path.basename(submissionDir));
    const submission = { kind: 'blob' as const, digest: await uploadFolder(blobs, submissionDir) };
    const { jobId, added } = await new Intake({ stores, queues }).submit({
      origin: 'submit',
      org: LOCAL_ORG,
      repo: `${options.assignment}-${student}`,
      assignment: options.assignment,
      student,
      submittedAt,
      submission,
      courseDigest: await uploadFolder(blobs, courseDir),
    });
    if (!options.wait) {
      terminal.done();
      terminal.out(added ? `queued ${jobId}` : `already queued: ${jobId}`);
      return 0;
    }
    const deadline = Date.now() + Number(options.timeout ?? 1800) * 1000;
    for (;;) {
      const job = await queues.jobState('live', jobId);
      if (job.state === 'completed' || job.state === 'failed') {
        terminal.done();
        const result = await stores.results.get(LOCAL_ORG, options.assignment, student, jobId);
        if (result) {
          terminal.out(options.json ? JSON.stringify(result, null, 2) : renderResults(result));
          return 0;
        }
        const outcome = (job.returnvalue as { outcome?: string } | undefined)?.outcome;
        terminal.err(`gradebot: job ${jobId} ended without a result (${outcome ?? job.reason ?? job.state})`);
        return 1;
      }
      if (Date.now() > deadline) {
        terminal.done();
        terminal.err(
          `gradebot: no result for ${jobId} within ${options.timeout ?? 1800} s (state: ${job.state})`,
        );
        return 1;
      }
      const step = (job.progress as { step?: string } | undefined)?.step;
      terminal.progress(
        job.state === 'active' ? `running${step ? `: ${step}` : ''}` : `${job.state}: waiting for a runner`,
      );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });
}
