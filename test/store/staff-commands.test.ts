/**
 * The staff-command store against real Redis: one audit record per comment whatever is delivered
 * again, the latest grant of a student winning, and the course registry reading courses with the
 * grants merged in (`withGrants`): a granted extension before the course file's, the latest override
 * last.
 */
import { expect, it } from 'vitest';
import { CourseRegistry, type PublishedCourse } from '../../src/store/course-registry.js';
import { StaffCommands, type CommandRecord } from '../../src/store/staff-commands.js';
import { redisPerTest } from '../helpers/redis-per-test.js';

/** The published fields this test does not vary. */
function publishedFixture() {
  return {
    org: 'cs101',
    course: 'cs101',
    timezone: 'UTC',
    commit: 'c0ffee',
    archive: 'd1g',
    installation: 7,
    publishedAt: '2026-12-01T00:00:00.000Z',
  };
}

const t = redisPerTest();
const store = () => new StaffCommands(t.redis, t.prefix);

const record = (comment: number, fields: Partial<CommandRecord> = {}): CommandRecord => ({
  comment,
  org: 'cs101',
  repo: 'hw1-alice',
  pull: 1,
  installation: 7,
  assignment: 'hw1',
  student: 'alice',
  command: '/extend 2d',
  by: 'prof',
  at: '2026-12-04T10:00:00.000Z',
  outcome: 'applied',
  detail: '',
  reply: 'Extension granted',
  ...fields,
});

it('keeps the first record of a comment and remembers the reply written for it', async () => {
  expect(await store().record(record(1))).toBe(true);
  expect(await store().record(record(1, { outcome: 'refused' }))).toBe(false);
  await store().record(record(2, { student: 'bob', at: '2026-12-04T09:00:00.000Z', outcome: 'refused' }));
  await store().setReplyId('cs101', 'hw1', 1, 55);

  expect(await store().get('cs101', 'hw1', 1)).toMatchObject({ outcome: 'applied', replyId: 55 });
  expect((await store().audit('cs101', 'hw1')).map((entry) => entry.comment)).toEqual([2, 1]);
  expect((await store().audit('cs101', 'hw1', 'Alice')).map((entry) => entry.comment)).toEqual([1]);
});

it('merges grants into the course read from the registry, the latest grant winning', async () => {
  const published: PublishedCourse = {
    ...publishedFixture(),
    assignments: [
      {
        id: 'hw1',
        title: 'hw1',
        repos: 'hw1-*',
        kind: 'tests',
        due: '2026-12-01T00:00:00.000Z',
        late: null,
        limit: null,
        scoreboard: false,
        extensions: [
          {
            student: 'alice',
            due: '2026-12-02T00:00:00.000Z',
            lateUntil: null,
            reason: 'file',
            source: 'course',
          },
        ],
      },
    ],
    overrides: [
      {
        student: 'alice',
        assignment: 'hw1',
        score: 5,
        reason: 'file',
        by: 'prof',
        at: '2026-12-05T00:00:00.000Z',
        source: 'course',
      },
    ],
  };
  await new CourseRegistry(t.redis, t.prefix).publish(published);
  const grant = { student: 'alice', lateUntil: null, source: 'command' as const, by: 'ta' };
  await store().grantExtension('cs101', 'hw1', {
    ...grant,
    due: '2026-12-03T00:00:00.000Z',
    reason: 'first',
    at: '2026-12-01T10:00:00.000Z',
  });
  await store().grantExtension('cs101', 'hw1', {
    ...grant,
    due: '2026-12-04T00:00:00.000Z',
    reason: 'second',
    at: '2026-12-01T11:00:00.000Z',
  });
  await store().grantOverride('cs101', {
    student: 'alice',
    assignment: 'hw1',
    score: 7,
    reason: 'command',
    by: 'ta',
    at: '2026-12-06T00:00:00.000Z',
    source: 'command',
  });

  const course = await new CourseRegistry(t.redis, t.prefix, store()).get('cs101');
  expect(course?.assignments[0]?.extensions?.map((e) => e.reason)).toEqual(['second', 'file']);
  expect(course?.overrides?.map((o) => o.score)).toEqual([5, 7]);
  // Without the store, the course as published.
  expect((await new CourseRegistry(t.redis, t.prefix).get('cs101'))?.overrides).toHaveLength(1);
});
