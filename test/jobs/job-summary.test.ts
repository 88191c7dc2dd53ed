/** What the queue dashboard shows of a job: its summary, its title with the runner, its progress's known fields. */
import { expect, it } from 'vitest';
import { jobProgress, jobSummary, jobTitle } from '../../src/jobs/job-summary.js';
import { submissionPayload } from '../../src/jobs/submission-payload.js';

const payload = submissionPayload({
  origin: 'submit',
  org: 'local',
  repo: 'hw1-alice',
  assignment: 'hw1',
  student: 'alice',
  submittedAt: new Date('2026-12-01T10:00:00Z'),
  submission: { kind: 'blob', digest: 'c'.repeat(64) },
  courseDigest: 'd'.repeat(64),
});

it('summarises a payload, an upload by the start of its digest', () => {
  expect(jobSummary(payload)).toEqual({
    org: 'local',
    assignment: 'hw1',
    student: 'alice',
    repo: 'hw1-alice',
    submission: `upload ${'c'.repeat(12)}`,
    submittedAt: '2026-12-01T10:00:00.000Z',
  });
  expect(jobSummary({ ...payload, token: 'ghs_x' })).toBeNull();
});

it('titles a job, with the runner that runs it', () => {
  const summary = jobSummary(payload);
  expect(jobTitle(summary, undefined)).toBe('hw1 · alice (local)');
  expect(jobTitle(summary, { state: 'running', runner: 'runner-1', step: 'build' })).toBe(
    'hw1 · alice (local) on runner-1',
  );
  expect(jobTitle(null, {})).toBe('invalid payload');
});

it('keeps only the known fields of a progress report', () => {
  expect(jobProgress({ state: 'running', runner: 'r', step: 'tests', secret: 'x', n: 1 })).toEqual({
    state: 'running',
    runner: 'r',
    step: 'tests',
  });
  expect(jobProgress(40)).toBe(40);
  expect(jobProgress(null)).toEqual({});
});
