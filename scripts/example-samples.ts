/**
 * The sample submissions of examples/ and the scores an honest grader gives them, each with the
 * submission time it is graded at: the scores must not depend on the day they are graded. Read by
 * scripts/grade-examples.ts and by the tests that grade the examples.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const EXAMPLES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples');
export const EXAMPLE_COURSE = path.join(EXAMPLES, 'course');
export const CLASSROOM_FILE = path.join(EXAMPLES, 'classroom', 'autograding.json');
/** The assignment id the Classroom file is imported as. */
export const CLASSROOM_ASSIGNMENT = 'wc';

const instant = z.iso.datetime({ offset: true });

// examples/expected-scores.json: every sample graded on time, and one late demonstration.
const expectedScoresSchema = z.strictObject({
  submitted_at: instant,
  scores: z.record(z.string(), z.record(z.string(), z.number())),
  late: z.strictObject({
    assignment: z.string(),
    sample: z.string(),
    submitted_at: instant,
    score: z.number(),
  }),
});

// examples/classroom/expected-scores.json: sample → score.
const classroomScoresSchema = z.record(z.string(), z.number());

export interface ExampleSample {
  assignment: string;
  sample: string;
  /** The sample's folder. */
  dir: string;
  /** When it counts as submitted, for `--submitted-at`. */
  submittedAt: string;
  score: number;
}

export interface ExampleSamples {
  /** Every sample of examples/submissions, submitted before its due date. */
  onTime: ExampleSample[];
  /** A sample submitted after its due date, to show the late policy. */
  late: ExampleSample;
  /** The samples of examples/classroom, graded in the course its autograding file imports to. */
  classroom: ExampleSample[];
}

export async function exampleSamples(): Promise<ExampleSamples> {
  const expected = expectedScoresSchema.parse(await readJson(path.join(EXAMPLES, 'expected-scores.json')));
  const classroom = classroomScoresSchema.parse(
    await readJson(path.join(EXAMPLES, 'classroom', 'expected-scores.json')),
  );
  const sample = (assignment: string, name: string, submittedAt: string, score: number) => ({
    assignment,
    sample: name,
    dir: path.join(EXAMPLES, 'submissions', assignment, name),
    submittedAt,
    score,
  });
  const { late } = expected;
  return {
    onTime: Object.entries(expected.scores).flatMap(([assignment, scores]) =>
      Object.entries(scores).map(([name, score]) => sample(assignment, name, expected.submitted_at, score)),
    ),
    late: sample(late.assignment, late.sample, late.submitted_at, late.score),
    classroom: Object.entries(classroom).map(([name, score]) => ({
      assignment: CLASSROOM_ASSIGNMENT,
      sample: name,
      dir: path.join(EXAMPLES, 'classroom', 'submissions', name),
      submittedAt: expected.submitted_at,
      score,
    })),
  };
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}
