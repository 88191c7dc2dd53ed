/**
 * The course registry against real Redis: published courses by organisation in `p:courses`, and
 * the pointer to the commit in force in `p:course-in-force:<org>` (a plain string, no TTL).
 */
import { expect, it } from 'vitest';
import { CourseRegistry, type PublishedCourse } from '../../src/store/course-registry.js';
import { redisPerTest } from '../helpers/redis-per-test.js';

const t = redisPerTest();
const registry = () => new CourseRegistry(t.redis, t.prefix);

it('points at the commit in force per organisation, until it is set again', async () => {
  expect(await registry().pointer('org-a')).toBeNull();

  await registry().setPointer('org-a', 'c0ffee');
  await registry().setPointer('org-b', 'beef');
  await registry().setPointer('org-a', 'decaf');

  expect(await registry().pointer('org-a')).toBe('decaf');
  expect(await registry().pointer('org-b')).toBe('beef');
  expect(await t.redis.get(`${t.prefix}:course-in-force:org-a`)).toBe('decaf');
  expect(await t.redis.ttl(`${t.prefix}:course-in-force:org-a`)).toBe(-1);
});

it('gives back what was published for an organisation', async () => {
  const course: PublishedCourse = {
    org: 'org-a',
    course: 'CS 101',
    timezone: 'Europe/Paris',
    commit: 'c0ffee',
    archive: 'd1g',
    installation: 7,
    publishedAt: '2026-12-01T12:00:00.000Z',
    assignments: [],
  };
  expect(await registry().get('org-a')).toBeNull();

  await registry().publish(course);

  expect(await registry().get('org-a')).toEqual(course);
  expect(await t.redis.hkeys(`${t.prefix}:courses`)).toEqual(['org-a']);
});
