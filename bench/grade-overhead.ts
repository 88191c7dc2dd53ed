/**
 * Grades a one-test assignment N times and prints the median per-job time next to a bare
 * `docker run --rm` of the same command, measured in the same run (these machines are noisy).
 *
 *   npm run bench -- [runs]        (default 20)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAssignment, loadCourse } from '../src/course/load-course.js';
import { gradeSubmission } from '../src/runner/grade/grade-submission.js';
import { DockerSandboxProvider } from '../src/runner/sandbox/docker/docker-provider.js';
import { bareDockerRun, describeMachine, median, percentile } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv[2] ?? 20);
const WARMUP = 2;

async function timed(task: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + runs; i++) {
    const started = process.hrtime.bigint();
    await task();
    if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

function quartiles(values: number[]): string {
  return `p25 ${percentile(values, 25).toFixed(0)} ms, p75 ${percentile(values, 75).toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const course = await loadCourse(path.join(here, 'course'));
  const assignment = findAssignment(course, 'one');
  const provider = new DockerSandboxProvider({ runnerId: `bench-${process.pid}` });
  const submissionDir = path.join(here, 'submission');
  const image = assignment.image;

  console.log(await describeMachine());
  console.log(`${runs} runs each`);

  // Interleaving the two would be fairer still, but the warm-up makes sequential runs comparable.
  const bare = await timed(() => bareDockerRun(image, 'echo hello'));
  let lastScore = '';
  const graded = await timed(async () => {
    const result = await gradeSubmission(provider, {
      course,
      assignment,
      submissionDir,
      submission: { student: 'bench', commit: null, submittedAt: new Date() },
    });
    lastScore = `${result.score} / ${result.max_score}`;
  });

  const overhead = median(graded) - median(bare);
  console.log(`bare docker run --rm:   median ${median(bare).toFixed(0)} ms (${quartiles(bare)})`);
  console.log(
    `gradebot grade (1 test): median ${median(graded).toFixed(0)} ms (${quartiles(graded)}), score ${lastScore}`,
  );
  console.log(`overhead per job: ${overhead.toFixed(0)} ms (aim: under 150 ms)`);
  await provider.sweep(provider.runnerId);
}

await main();
