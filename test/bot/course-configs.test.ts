/**
 * The course configuration in force, read from the fake GitHub's course repository: a valid course
 * file whose folder cannot be sent to the runners (larger than the archive bound) is refused like an
 * invalid one, and the last valid configuration stays in force, in memory and in Redis.
 */
import { Probot, ProbotOctokit } from 'probot';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CourseConfigs } from '../../src/bot/course-configs.js';
import { GitHubClients } from '../../src/bot/github-clients.js';
import { createLogger } from '../../src/log/logger.js';
import { openStores } from '../../src/store/open-stores.js';
import { startGitHubWorld, type GitHubWorld } from '../helpers/github-world.js';
import { connect, dropPrefix, testPrefix } from '../helpers/queue.js';

const COURSE_FILE = `course: cs101
timezone: UTC
defaults:
  image: gradebot/base:latest
assignments:
  hw1:
    repos: 'hw1-*'
    dir: hw1
    tests:
      - { name: answer, run: 'cat answer.txt', stdout: '42', points: 1 }
`;
const MAX_ARCHIVE_BYTES = 64 * 1024;

let world: GitHubWorld;
const redis = connect();
const prefix = testPrefix();
const lines: string[] = [];
const log = createLogger('bot', (line) => void lines.push(line));
const warnings = () =>
  lines
    .map((line) => JSON.parse(line) as { level: string; msg: string })
    .filter((line) => line.level === 'warn')
    .map((line) => line.msg);

beforeAll(async () => {
  world = await startGitHubWorld();
});
afterAll(async () => {
  await world.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

it('keeps the last valid course in force when the next one is too large to send to runners', async () => {
  const probot = new Probot({
    appId: 1,
    privateKey: world.appEnv.PRIVATE_KEY!,
    baseUrl: `http://${world.appEnv.GHE_HOST!}/api/v3`,
    Octokit: ProbotOctokit.defaults({ throttle: { enabled: false } }),
  });
  const stores = openStores(redis, prefix);
  const configs = new CourseConfigs({
    clients: new GitHubClients(probot),
    stores,
    courseRepository: 'gradebot-course',
    log,
    maxArchiveBytes: MAX_ARCHIVE_BYTES,
  });
  try {
    const course = await world.repo('gradebot-course');
    const small = await course.commit({ 'gradebot.yml': COURSE_FILE, 'hw1/README.txt': 'Answer 42.\n' });
    expect((await configs.load(world.org, world.installation)).ok).toBe(true);

    const large = await course.commit({
      'gradebot.yml': COURSE_FILE,
      'hw1/README.txt': 'Answer 42.\n',
      'hw1/data.txt': 'x'.repeat(2 * MAX_ARCHIVE_BYTES),
    });
    const refused = await configs.load(world.org, world.installation);

    expect(refused).toMatchObject({ commit: large, ok: false });
    expect(refused.ok ? [] : refused.problems.map((p) => p.message)).toEqual([
      `the course folder cannot be sent to the runners: the folder holds more than ${MAX_ARCHIVE_BYTES} bytes`,
    ]);
    expect((await configs.current(world.org, world.installation))?.commit).toBe(small);
    expect(await stores.courses.pointer(world.org)).toBe(small);
    expect(warnings()).toEqual(['invalid course configuration; the last valid one stays in force']);
  } finally {
    await configs.close();
  }
});
