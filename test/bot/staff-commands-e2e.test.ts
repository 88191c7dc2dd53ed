/**
 * Staff commands in pull-request comments, end to end: signed `issue_comment` webhooks POSTed to
 * `gradebot serve`, real Redis, a real runner with Docker, GitHub faked at HTTP (membership answers
 * included). The course's due date is an hour before the test starts, so a push is late unless an
 * extension says otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultsStore } from '../../src/store/results-store.js';
import { StaffCommands } from '../../src/store/staff-commands.js';
import {
  pullCommentPayload,
  pushPayload,
  startGitHubWorld,
  type GitHubWorld,
} from '../helpers/github-world.js';
import type { TestRepo } from '../helpers/git-server.js';
import { gradebot } from '../helpers/cli.js';
import { orgMembership } from '../helpers/org-membership.js';
import { eventually, REDIS_URL } from '../helpers/queue.js';
import { deliverEvent, deploy, tearDown, type Deployment } from '../helpers/bot-deployment.js';
import { ANSWER_TEST, hw1CourseFile } from '../helpers/hw1-course.js';
import { keys } from '../../src/store/keys.js';

const START = new Date();
const HOUR = 3_600_000;

/** `2026-12-04 11:37` in UTC, as the course file writes dates. */
const courseDate = (at: Date) => at.toISOString().slice(0, 16).replace('T', ' ');

const COURSE_FILE = hw1CourseFile({
  course: 'cs101',
  due: courseDate(new Date(START.getTime() - HOUR)),
  lateUntil: courseDate(new Date(START.getTime() + 30 * 24 * HOUR)),
  tests: [ANSWER_TEST],
});

let world: GitHubWorld;
let d: Deployment;
let commands: StaffCommands;
let results: ResultsStore;
const students = new Map<string, TestRepo>();

beforeAll(async () => {
  world = await startGitHubWorld();
  world.github.expect({
    method: 'GET',
    path: '/orgs/cs101/memberships/prof',
    times: 'any',
    respond: () => ({ json: orgMembership('prof', 'admin', 'active') }),
  });
  world.github.expect({
    method: 'GET',
    path: '/orgs/cs101/memberships/bob',
    times: 'any',
    respond: () => ({ json: orgMembership('bob', 'member', 'active') }),
  });
  const course = await world.repo('gradebot-course');
  await course.commit({ 'gradebot.yml': COURSE_FILE, 'hw1/README.txt': 'Answer 42.\n' });
  students.set('hw1-alice', await world.repo('hw1-alice'));
  students.set('hw1-bob', await world.repo('hw1-bob'));
  d = await deploy(world);
  await d.runner.waitForLog('runner started');
  commands = new StaffCommands(d.redis, d.prefix);
  results = new ResultsStore(d.redis, d.prefix);
});

afterAll(() => tearDown(d));

async function deliver(event: string, payload: unknown) {
  expect((await deliverEvent(d, event, payload)).status).toBeLessThan(300);
}

let nextComment = 1000;
async function comment(repo: string, login: string, body: string) {
  const id = nextComment++;
  const payload = pullCommentPayload(world, repo, { pull: 1, id, body, login, at: START });
  await deliver('issue_comment', payload);
  return { id, payload };
}

async function replyContaining(text: string) {
  return eventually(
    `a reply containing ${text}`,
    async () => world.comments.find((c) => c.body.includes(text)),
    30_000,
  );
}

async function pushAndGrade(repo: string, student: string) {
  const sha = await students.get(repo)!.commit({ 'answer.txt': '42\n' });
  await deliver('push', pushPayload(world, repo, sha));
  return eventually(
    `${student}'s result`,
    async () => (await results.list('cs101', 'hw1', student)).find((r) => r.result.commit === sha),
    60_000,
  );
}

describe('staff commands in pull-request comments', () => {
  it('grants /extend 2d to a student from staff, once, however often the comment is delivered', async () => {
    const { id, payload } = await comment('hw1-alice', 'prof', 'Granted.\n/extend 2d family emergency');
    const reply = await replyContaining('Extension granted: alice');
    await deliver('issue_comment', payload);
    // The redelivery asks for the same reply, which is edited in place rather than posted again.
    await eventually('the reply rewritten', async () => reply.edits > 0);
    const audit = await commands.audit('cs101', 'hw1');
    expect(audit.filter((entry) => entry.comment === id)).toHaveLength(1);
    expect(audit[0]).toMatchObject({ student: 'alice', by: 'prof', outcome: 'applied' });
    expect(world.comments.filter((c) => c.body.includes('Extension granted'))).toHaveLength(1);

    const graded = await pushAndGrade('hw1-alice', 'alice');
    expect(graded.result.late?.days ?? 0).toBe(0);
  });

  it('refuses the same command from a student and changes nothing', async () => {
    await comment('hw1-bob', 'bob', '/extend 2d');
    await replyContaining('only course staff can use `/extend`; nothing was changed');
    expect(await commands.audit('cs101', 'hw1', 'bob')).toMatchObject([{ outcome: 'refused', by: 'bob' }]);
    expect((await commands.grants('cs101', 'hw1')).extensions.map((e) => e.student)).toEqual(['alice']);
    const graded = await pushAndGrade('hw1-bob', 'bob');
    expect(graded.result.late?.days).toBe(1);
  });

  it('shows an /override in the export with its reason, next to the computed score', async () => {
    await comment('hw1-alice', 'prof', '/override 1 partial credit by hand');
    await replyContaining('Score override recorded for alice: 1 (the check run shows 2 / 2 points');
    // The CLI on this deployment's Redis, for cs101/hw1.
    const staffCli = (command: string, ...rest: string[]) =>
      gradebot(
        command,
        '--org',
        'cs101',
        '--assignment',
        'hw1',
        '--prefix',
        d.prefix,
        '--redis',
        REDIS_URL,
        ...rest,
      );
    const exported = await staffCli('export', '--format', 'csv');
    expect(exported.code).toBe(0);
    const row = exported.stdout.split('\r\n').find((line) => line.startsWith('alice,'));
    expect(row).toContain(',1,partial credit by hand,prof,');
    expect(row?.split(',')[1]).toBe('2');
    // The audit log, in its own column: every command of the student, refused and invalid ones too.
    expect(row).toContain('prof: /override 1 partial credit by hand (applied)');

    // gradebot show lists the student's commands below the submissions.
    const shown = await staffCli('show', '--student', 'alice');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('prof on alice: /extend 2d family emergency → applied');
    expect(shown.stdout).toContain('prof on alice: /override 1 partial credit by hand → applied (score 1)');
  });

  it('makes a new completed check run on /regrade', async () => {
    const before = world.checkRuns.filter((r) => r.repo === 'hw1-alice' && r.status === 'completed').length;
    await comment('hw1-alice', 'prof', '/regrade');
    await replyContaining('Regrade queued for commit');
    await eventually(
      'a new completed check run',
      async () =>
        world.checkRuns.filter((r) => r.repo === 'hw1-alice' && r.status === 'completed').length > before
          ? true
          : undefined,
      60_000,
    );
  });

  it('answers /grade with what the check run shows and where the full staff view is', async () => {
    await comment('hw1-bob', 'prof', '/grade');
    const reply = await replyContaining('Latest submission of hw1 by bob');
    expect(reply.body).toContain('status: graded; Late (1 day): 1.8 / 2 points (raw 2)');
    expect(reply.body).toContain('gradebot show --org cs101 --assignment hw1 --student bob');
  });

  it('answers an unknown command with the accepted forms', async () => {
    await comment('hw1-alice', 'prof', '/approve');
    const reply = await replyContaining('unknown command /approve');
    expect(reply.body).toContain('/extend until 2026-12-20 23:59');
  });

  it('posts one reply when the writer died after posting it, before it remembered the reply', async () => {
    const { id, payload } = await comment('hw1-alice', 'prof', '/frobnicate');
    const reply = await replyContaining('unknown command /frobnicate');
    await eventually('the reply remembered', async () => (await commands.get('cs101', 'hw1', id))?.replyId);
    // What a writer that died between posting and remembering leaves: the reply, not its id.
    const { replyId: _forgotten, ...entry } = (await commands.get('cs101', 'hw1', id))!;
    await d.redis.hset(keys(d.prefix).commandLog('cs101', 'hw1'), String(id), JSON.stringify(entry));

    await deliver('issue_comment', payload);

    await eventually('the reply rewritten', async () => reply.edits > 0);
    expect(world.comments.filter((c) => c.body.includes('unknown command /frobnicate'))).toEqual([reply]);
    expect(reply.body.startsWith(`<!-- gradebot:staff-reply=${id} -->\n`)).toBe(true);
  });
});
