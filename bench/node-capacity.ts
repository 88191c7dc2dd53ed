/**
 * How many gradings of a real assignment one machine finishes per minute with 1, 2, 3 … at once:
 * the figures docs/sizing.md turns into grading nodes for a deadline. Grades the example course's
 * samples (C and Python builds, I/O tests, hidden tests) round-robin as `gradebot grade` processes,
 * each concurrency for the same number of gradings, next to bare `docker run` of the same image.
 *
 *   npm run bench:capacity -- [gradings per step] [highest concurrency]   (default 12, 4)
 */
import { bareDockerRun, describeMachine, median, percentile } from './stats.js';
import { grade, samples, type Grading } from '../scripts/grade-sample.js';

const perStep = Number(process.argv[2] ?? 12);
const highest = Number(process.argv[3] ?? 4);

async function gradeAtOnce(concurrency: number): Promise<{ gradings: Grading[]; seconds: number }> {
  const all = await samples();
  const gradings: Grading[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < perStep) gradings.push(await grade(all[next++ % all.length]!));
    }),
  );
  return { gradings, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

console.log(await describeMachine());
const bare: number[] = [];
for (let i = 0; i < 5; i++) {
  const started = process.hrtime.bigint();
  await bareDockerRun('gradebot/c:12', 'true');
  bare.push(Number(process.hrtime.bigint() - started) / 1e6);
}
console.log(`bare docker run --rm (gradebot/c:12, true): median ${median(bare).toFixed(0)} ms`);
console.log('at once | gradings | errors | per minute | median s | p95 s');
for (let concurrency = 1; concurrency <= highest; concurrency++) {
  const { gradings, seconds } = await gradeAtOnce(concurrency);
  const times = gradings.map((g) => g.ms / 1000);
  const errors = gradings.filter((g) => g.failure).length;
  console.log(
    [
      String(concurrency).padStart(7),
      String(gradings.length).padStart(8),
      String(errors).padStart(6),
      ((gradings.length / seconds) * 60).toFixed(1).padStart(10),
      median(times).toFixed(2).padStart(8),
      percentile(times, 95).toFixed(2).padStart(5),
    ].join(' | '),
  );
}
