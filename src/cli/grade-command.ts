/**
 * `gradebot grade`: grades a local folder exactly as the service would, in a container, with no
 * Redis or GitHub. A low score is not an error; a course or infrastructure problem is.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CourseError, formatProblem } from '../course/course-error.js';
import { findAssignment, loadCourse } from '../course/load-course.js';
import { gradeSubmission } from '../runner/grade/grade-submission.js';
import { DockerSandboxProvider } from '../runner/sandbox/docker/docker-provider.js';
import { headCommit } from '../runner/git/head-commit.js';
import { renderResults } from './render-results.js';
import { submittedAtOption } from './submitted-at.js';
import type { Terminal } from './terminal.js';

export interface GradeCommandOptions {
  course: string;
  assignment: string;
  json?: boolean;
  /** Who the submission is for; default the folder's name. */
  student?: string;
  /** When it was submitted, for the late policy; default now. */
  submittedAt?: string;
}

export async function runGrade(
  submissionDir: string,
  options: GradeCommandOptions,
  terminal: Terminal,
): Promise<number> {
  const dir = path.resolve(submissionDir);
  if (!(await isFolder(dir))) {
    terminal.err(`gradebot: ${submissionDir} is not a folder`);
    return 2;
  }
  terminal.progress('reading the course file');
  let course;
  try {
    course = await loadCourse(path.resolve(options.course));
  } catch (error) {
    if (!(error instanceof CourseError)) throw error;
    terminal.done();
    for (const problem of error.problems) terminal.err(formatProblem(problem));
    terminal.err(`gradebot: the course file has ${error.problems.length} problem(s); nothing was graded`);
    return 1;
  }
  const assignment = findAssignment(course, options.assignment);
  const submittedAt = submittedAtOption(options.submittedAt, course.timezone, terminal);
  if (!submittedAt) return 2;

  const provider = new DockerSandboxProvider();
  // Sandboxes of earlier local commands that were killed before they could remove their own; only
  // those whose process is gone. Alongside the grading, never in its way.
  const reaping = provider.sweepOrphans().catch(() => 0);
  const interrupted = () => {
    terminal.done();
    terminal.err('gradebot: interrupted; removing the sandbox');
    void provider.destroyAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const result = await gradeSubmission(provider, {
      course,
      assignment,
      submissionDir: dir,
      submission: {
        student: options.student ?? path.basename(dir),
        commit: await headCommit(dir),
        submittedAt,
      },
      onStep: (step) => terminal.progress(step),
    });
    terminal.done();
    terminal.out(options.json ? JSON.stringify(result, null, 2) : renderResults(result));
    return 0;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await reaping;
  }
}

async function isFolder(dir: string): Promise<boolean> {
  return stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
