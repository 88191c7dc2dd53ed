/**
 * The grading job as it travels through the queue: small, only ids and references, never file
 * contents. The producer validates it before enqueueing and the runner again before acting on it.
 */
import { z } from 'zod';
import { studentKey } from '../course/repo-pattern.js';
import { formatPath } from '../text/format-path.js';

/** Queues by cost: live submissions never wait behind regrades. */
export const QUEUE_CLASSES = ['live', 'regrade'] as const;
export type QueueClass = (typeof QUEUE_CLASSES)[number];

const sha1 = z.string().regex(/^[0-9a-f]{40}$/, 'expected a 40-character commit sha');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 digest');
const name = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.-]+$/, 'expected letters, digits, ".", "_" or "-"');

export const submissionRefSchema = z.discriminatedUnion('kind', [
  /** A commit of a student repository, fetched by the runner. */
  z.object({ kind: z.literal('git'), url: z.string().url(), commit: sha1 }).strict(),
  /** An uploaded folder (gradebot submit), stored content-addressed in Redis. */
  z.object({ kind: z.literal('blob'), digest: sha256 }).strict(),
]);

export const courseRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('blob'), digest: sha256 }).strict(),
]);

export const jobPayloadSchema = z
  .object({
    version: z.literal(1),
    queue: z.enum(QUEUE_CLASSES),
    org: name,
    repo: name,
    assignment: name,
    /** Kept in lower case whoever produced the job: `Alice` and `alice` are one student. */
    student: name.transform(studentKey),
    /** When the push arrived: deadlines and submission limits are computed from this, never from grading time. */
    submittedAt: z.iso.datetime({ offset: true }),
    submission: submissionRefSchema,
    course: courseRefSchema,
    /** Distinguishes regrades of the same commit; absent for live submissions. */
    requestId: z.string().min(1).max(100).optional(),
    /** Set for pushes that came through the GitHub App: results are reported on GitHub. */
    github: z.object({ installation: z.number().int().positive() }).strict().optional(),
  })
  .strict();

export type JobPayload = z.infer<typeof jobPayloadSchema>;
export type SubmissionRef = z.infer<typeof submissionRefSchema>;

export type ParsedPayload = { ok: true; payload: JobPayload } | { ok: false; error: string };

export function parseJobPayload(raw: unknown): ParsedPayload {
  const parsed = jobPayloadSchema.safeParse(raw);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const problems = parsed.error.issues.map(
    (issue) => `${formatPath(issue.path) || 'payload'}: ${issue.message}`,
  );
  return { ok: false, error: `invalid job payload: ${problems.join('; ')}` };
}
