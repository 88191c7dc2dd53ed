import { describe, expect, it } from 'vitest';
import { jobIdFor, queueOfJobId, supersedeScope } from '../../src/jobs/job-id.js';
import { parseJobPayload, type JobPayload } from '../../src/jobs/job-payload.js';
import { commitOf, revisionOf, submissionMethod } from '../../src/jobs/submission-ref.js';

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
  it('keeps the ids and the supersede scope of earlier deploys, which stored results and queues hold', () => {
    const upload = { kind: 'blob' as const, digest: 'c'.repeat(64) };
    expect([
      jobIdFor(payload),
      jobIdFor({ ...payload, queue: 'regrade', requestId: 'r1' }),
      jobIdFor({ ...payload, submission: upload }),
      supersedeScope({ ...payload, repo: 'HW1-Alice' }),
    ]).toEqual([
      'live-40344405f816e600bd900a566ef8546b',
      'regrade-f53ac59543bfe9dcb5a503276c2be889',
      'live-776f8f450f4a119f841ea00f3ae25e34',
      'cs101/hw1-alice/hw1',
    ]);
  });

  it('gives the same submission the same id, whenever it is queued', () => {
    expect(jobIdFor({ ...payload, submittedAt: '2026-12-02T00:00:00Z' })).toBe(jobIdFor(payload));
    expect(jobIdFor(payload)).toMatch(/^live-[0-9a-f]{32}$/);
  });

  it('gives one commit pushed under two cases of its repository name one id and one supersede scope', () => {
    const renamed = { ...payload, repo: 'HW1-Alice' };
    expect(jobIdFor(renamed)).toBe(jobIdFor(payload));
    expect(supersedeScope(renamed)).toBe(supersedeScope(payload));
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

describe('queueOfJobId', () => {
  it.each<[string, string | null]>([
    ['live-40344405f816e600bd900a566ef8546b', 'live'],
    ['regrade-f53ac59543bfe9dcb5a503276c2be889', 'regrade'],
    ['reports-1', null],
    ['live', null],
    ['', null],
  ])('reads the queue of %j as %j', (jobId, queue) => {
    expect(queueOfJobId(jobId)).toBe(queue);
  });

  it('reads back the queue of every id it makes', () => {
    const regrade = { ...payload, queue: 'regrade' as const, requestId: 'r1' };
    expect([queueOfJobId(jobIdFor(payload)), queueOfJobId(jobIdFor(regrade))]).toEqual(['live', 'regrade']);
  });
});

describe('the submission reference', () => {
  it('names a commit and its method for a push, a digest for an upload', () => {
    const upload = { kind: 'blob' as const, digest: 'c'.repeat(64) };
    expect([commitOf(gitSource), revisionOf(gitSource), submissionMethod(gitSource)]).toEqual([
      'a'.repeat(40),
      'a'.repeat(40),
      'GitHub',
    ]);
    expect([commitOf(upload), revisionOf(upload), submissionMethod(upload)]).toEqual([
      null,
      'c'.repeat(64),
      'upload',
    ]);
  });
});
