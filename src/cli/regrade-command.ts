/**
 * `gradebot regrade`: queues every student's latest submission of an assignment again, in the
 * low-priority `regrade` queue, graded with the course in force (or a folder given with
 * `--course`), and follows the jobs to their end. Each job keeps its original submission time and
 * GitHub installation, so late days stay what they were and the bot reports the new result on the
 * commit as it reports any job.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Intake } from '../jobs/intake.js';
import { uploadedFolderOf } from '../jobs/submission-ref.js';
import { latestSubmission, regradePlan, type RegradeSkip } from '../gradebook/regrade-plan.js';
import type { BlobStore } from '../store/blob-store.js';
import type { CourseRegistry } from '../store/course-registry.js';
import { checkCourseFolder, uploadFolder } from './course-folder.js';
import { withQueues, type QueueOptions } from './queue-options.js';
import { waitForRegrade, type RegradeJob, type RegradeOutcome } from './regrade-progress.js';
import { regradeSummary } from './regrade-summary.js';
import type { Terminal } from './terminal.js';

export interface RegradeCommandOptions extends QueueOptions {
  org: string;
  assignment: string;
  /** A course folder to grade with instead of the course in force. */
  course?: string;
  /** False with `--no-wait`: queue and return (default true). */
  wait?: boolean;
  json?: boolean;
}

export async function runRegrade(options: RegradeCommandOptions, terminal: Terminal): Promise<number> {
  const { org, assignment } = options;
  const courseDir = options.course === undefined ? null : path.resolve(options.course);
  if (courseDir !== null) {
    terminal.progress('checking the course file');
    if (!(await checkCourseFolder(courseDir, assignment, terminal, 'regraded'))) return 1;
  }

  return withQueues(options, async ({ stores, queues }) => {
    const { blobs, results } = stores;
    terminal.progress(courseDir ? 'uploading the course' : 'finding the course in force');
    const course = courseDir
      ? { digest: await uploadFolder(blobs, courseDir) }
      : await courseInForce(stores.courses, blobs, org, assignment);
    if ('problem' in course) {
      terminal.done();
      terminal.err(`gradebot: ${course.problem}`);
      return 1;
    }

    const stored = await results.listAll(org, assignment);
    const requestId = `regrade-${new Date().toISOString()}-${randomUUID().slice(0, 8)}`;
    const plan = regradePlan(stored, { requestId, courseDigest: course.digest });
    const intake = new Intake({ stores, queues });
    const skipped: RegradeSkip[] = [...plan.skipped];
    const jobs: RegradeJob[] = [];
    for (const [i, { student, payload }] of plan.targets.entries()) {
      terminal.progress(`queuing ${i + 1} of ${plan.targets.length}`);
      // An uploaded folder expires a week after its last use; a job without it could only fail.
      const uploaded = uploadedFolderOf(payload.submission);
      if (uploaded !== null) {
        const folder = await blobs.get(uploaded);
        if (folder === null) {
          skipped.push({ student, reason: 'its uploaded folder has expired; submit it again' });
          continue;
        }
        await blobs.put(folder);
      }
      const { jobId } = await intake.enqueue('regrade', payload);
      const before = latestSubmission(stored.get(student) ?? [])?.result;
      jobs.push({
        student,
        jobId,
        submittedAt: payload.submittedAt,
        before: before?.status === 'graded' ? before.score : null,
      });
    }
    terminal.done();
    if (jobs.length > 0 && !(await stores.runners.live()).some((r) => r.queues.includes('regrade'))) {
      terminal.err('gradebot: no runner serving the regrade queue is alive; the jobs wait until one starts');
    }

    let outcomes: RegradeOutcome[];
    if (options.wait === false) {
      outcomes = jobs.map((job) => ({ ...job, outcome: 'queued', score: null, maxScore: null }));
    } else {
      outcomes = await waitForRegrade(jobs, { queues, results, org, assignment }, (counts) =>
        terminal.progress(
          `regrading ${assignment}: ${counts.graded} of ${counts.total} graded` +
            (counts.failed > 0 ? `, ${counts.failed} failed` : '') +
            (counts.running > 0 ? `, ${counts.running} running` : ''),
        ),
      );
      terminal.done();
    }

    const summary = regradeSummary({
      org,
      assignment,
      requestId,
      course: course.digest,
      waited: options.wait !== false,
      outcomes,
      skipped,
    });
    terminal.out(options.json ? JSON.stringify(summary.json, null, 2) : summary.text);
    if (summary.problem) {
      terminal.err(`gradebot: ${summary.problem}`);
      return 1;
    }
    return 0;
  });
}

/** The archive of the course the bot published for the organisation, kept alive for another week. */
async function courseInForce(
  registry: CourseRegistry,
  blobs: BlobStore,
  org: string,
  assignment: string,
): Promise<{ digest: string } | { problem: string }> {
  const published = await registry.get(org);
  if (!published) {
    return {
      problem:
        `no course is published for ${org} (the bot publishes it when it loads the course repository); ` +
        'use --course DIR to regrade with a course folder',
    };
  }
  if (!published.assignments.some((a) => a.id === assignment)) {
    const known = published.assignments.map((a) => a.id).join(', ') || 'none';
    return { problem: `the course in force for ${org} has no assignment ${assignment} (it has: ${known})` };
  }
  const archive = await blobs.get(published.archive);
  if (archive === null) {
    return {
      problem:
        `the course in force for ${org} (commit ${published.commit.slice(0, 12)}) has expired from Redis; ` +
        'push the course repository again, or use --course DIR',
    };
  }
  await blobs.put(archive);
  return { digest: published.archive };
}
