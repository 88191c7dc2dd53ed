/**
 * Push routing on GitHub's own example payloads (@octokit/webhooks-examples), adapted where the
 * repository name must match an assignment.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { beforeAll, describe, expect, it } from 'vitest';
import { routePush } from '../../src/bot/route-push.js';
import { loadCourse } from '../../src/course/load-course.js';
import type { Course } from '../../src/course/types.js';
import { REPO_ROOT } from '../helpers/grading.js';

type Push = {
  ref: string;
  deleted: boolean;
  after: string;
  repository: { name: string };
  sender: { type: string };
};
// The package is CommonJS with an `export default` in its types; require reads it as published.
const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
const pushes = definitions.find((e) => e.name === 'push')!.examples as unknown as Push[];
const branchPush = pushes.find((p) => p.ref === 'refs/heads/master' && !p.deleted)!;
const tagPush = pushes.find((p) => p.ref.startsWith('refs/tags/') && !p.deleted)!;
const deletion = pushes.find((p) => p.deleted)!;
const inRepo = (name: string, changes: Partial<Push> = {}) => ({
  ...branchPush,
  ...changes,
  repository: { ...branchPush.repository, name },
});
let course: Course;

beforeAll(async () => {
  course = await loadCourse(path.join(REPO_ROOT, 'examples', 'course'));
});

describe('routePush', () => {
  it("grades a push to a student's repository for the assignment it matches", () => {
    expect(routePush(inRepo('hw1-alice'), course, 'gradebot-course')).toEqual([
      {
        action: 'grade',
        assignment: 'hw1',
        student: 'alice',
        org: 'Codertocat',
        repo: 'hw1-alice',
        commit: branchPush.after,
      },
    ]);
  });

  it.each([
    ['a tag', () => tagPush, /^not a branch: refs\/tags\/simple-tag$/],
    ['a deleted ref', () => deletion, /^a deleted ref$/],
    [
      'another branch',
      () => inRepo('hw1-alice', { ref: 'refs/heads/draft' }),
      /^not the default branch \(master\)/,
    ],
    [
      'a bot',
      () => inRepo('hw1-alice', { sender: { ...branchPush.sender, type: 'Bot' } }),
      /^pushed by a bot$/,
    ],
    ['an unrelated repository', () => branchPush, /^no assignment's repos pattern matches Hello-World$/],
    ['junk', () => ({ hello: 'world' }), /^not a push payload/],
  ])('ignores %s, saying why', (_label, payload, reason) => {
    const decisions = routePush(payload(), course, 'gradebot-course');
    expect(decisions).toEqual([{ action: 'ignore', reason: expect.stringMatching(reason) }]);
  });

  it('reloads the course on a push to the course repository, even by a bot', () => {
    const push = inRepo('gradebot-course', { sender: { ...branchPush.sender, type: 'Bot' } });
    expect(routePush(push, course, 'gradebot-course')).toEqual([
      { action: 'reload-course', commit: branchPush.after },
    ]);
  });

  it('says a student push waits for a course while no valid course configuration is known', () => {
    expect(routePush(inRepo('hw1-alice'), null, 'gradebot-course')).toEqual([
      { action: 'no-course', org: 'Codertocat', repo: 'hw1-alice', commit: branchPush.after },
    ]);
  });

  it('still ignores what is not a gradable push while no course is known', () => {
    expect(routePush(tagPush, null, 'gradebot-course')).toEqual([
      { action: 'ignore', reason: expect.stringMatching(/^not a branch/) },
    ]);
    const byBot = inRepo('hw1-alice', { sender: { ...branchPush.sender, type: 'Bot' } });
    expect(routePush(byBot, null, 'gradebot-course')).toEqual([
      { action: 'ignore', reason: 'pushed by a bot' },
    ]);
  });

  it('reloads the course on a course repository push while no course is known', () => {
    expect(routePush(inRepo('gradebot-course'), null, 'gradebot-course')).toEqual([
      { action: 'reload-course', commit: branchPush.after },
    ]);
  });
});
