import { describe, expect, it } from 'vitest';
import { jobIdFor, parseJobPayload, submissionSlot, type JobPayload } from '../../src/jobs/job-payload.js';

const gitSource = {
  kind: 'git' as const,
  url: 'https://github.com/cs101/hw1-alice.git',
  commit: 'a'.repeat(40),
};
const payload: JobPayload = {
  version: 1,
  queue: 'live',
  org: 'cs101',
  repo: 'hw1-alice',
  assignment: 'hw1',
  student: 'alice',
  submittedAt: '2026-12-01T12:00:00.000Z',
  submission: gitSource,
  course: { kind: 'blob', digest: 'b'.repeat(64) },
};

describe('the job payload', () => {
  it('accepts a valid payload as it is', () => {
    expect(parseJobPayload(payload)).toEqual({ ok: true, payload });
  });

  it('keeps the student in lower case, as GitHub ignores the case of a repository name', () => {
    expect(parseJobPayload({ ...payload, repo: 'hw1-Alice', student: 'Alice' })).toEqual({
      ok: true,
      payload: { ...payload, repo: 'hw1-Alice' },
    });
  });

  it.each<[string, unknown, string]>([
    ['junk', 'hello', 'invalid job payload: payload: Invalid input: expected object, received string'],
    ['an unknown field', { ...payload, token: 'ghs_x' }, 'Unrecognized key: "token"'],
    [
      'a short commit',
      { ...payload, submission: { ...gitSource, commit: 'abc' } },
      'submission.commit: expected a 40-character commit sha',
    ],
    ['a path as a name', { ...payload, repo: '../etc' }, 'repo: expected letters, digits'],
    ['no time zone on the time', { ...payload, submittedAt: '2026-12-01T12:00:00' }, 'submittedAt'],
    ['file contents', { ...payload, submission: { kind: 'inline', files: {} } }, 'submission.kind'],
  ])('rejects %s with a reason', (_label, raw, reason) => {
    const parsed = parseJobPayload(raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(reason);
  });
});

describe('jobIdFor', () => {
  it('gives the same submission the same id, whenever it is queued', () => {
    expect(jobIdFor({ ...payload, submittedAt: '2026-12-02T00:00:00Z' })).toBe(jobIdFor(payload));
    expect(jobIdFor(payload)).toMatch(/^live-[0-9a-f]{32}$/);
  });

  it('gives one commit pushed under two cases of its repository name one id and one slot', () => {
    const renamed = { ...payload, repo: 'HW1-Alice' };
    expect(jobIdFor(renamed)).toBe(jobIdFor(payload));
    expect(submissionSlot(renamed)).toBe(submissionSlot(payload));
  });

  it('tells apart commits, repositories, assignments and regrade requests', () => {
    const ids = new Set([
      jobIdFor(payload),
      jobIdFor({ ...payload, submission: { ...gitSource, commit: 'c'.repeat(40) } }),
      jobIdFor({ ...payload, repo: 'hw1-bob' }),
      jobIdFor({ ...payload, assignment: 'hw2' }),
      jobIdFor({ ...payload, queue: 'regrade', requestId: 'r1' }),
      jobIdFor({ ...payload, queue: 'regrade', requestId: 'r2' }),
    ]);
    expect(ids.size).toBe(6);
  });
});
