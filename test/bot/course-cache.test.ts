/**
 * The course configuration read from the course repository through GitHub's API (faked at HTTP,
 * serving tarballs that real `git archive` made, as GitHub's are), cached per commit.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CourseCache } from '../../src/bot/course-cache.js';
import { downloadTarball } from '../../src/bot/github-contents.js';
import { formatProblem } from '../../src/course/course-error.js';
import { startFakeGitHub, testOctokit, type FakeGitHub } from '../helpers/fake-github.js';
import { REPO_ROOT } from '../helpers/grading.js';

const run = promisify(execFile);
let work: string;
let github: FakeGitHub;
let cache: CourseCache;
const commits: { sha: string; tarball: Buffer }[] = [];

async function commitAndArchive(): Promise<void> {
  const git = (...args: string[]) =>
    run('git', ['-C', work, '-c', 'user.name=TA', '-c', 'user.email=ta@example.com', ...args]);
  await git('add', '-A');
  await git('commit', '-qm', 'course');
  const sha = (await git('rev-parse', 'HEAD')).stdout.trim();
  const file = path.join(os.tmpdir(), `course-${sha}.tar.gz`);
  await git(
    'archive',
    '--format=tar.gz',
    `--prefix=cs101-gradebot-course-${sha.slice(0, 7)}/`,
    '-o',
    file,
    'HEAD',
  );
  commits.push({ sha, tarball: await readFile(file) });
  await rm(file);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'gradebot-course-repo-'));
  await cp(path.join(REPO_ROOT, 'examples', 'course'), work, { recursive: true });
  await run('git', ['-C', work, 'init', '-q']);
  await commitAndArchive();
  const file = path.join(work, 'gradebot.yml');
  await writeFile(file, (await readFile(file, 'utf8')).replace('memory: 256MiB', 'memory: lots'));
  await commitAndArchive();

  github = await startFakeGitHub();
  const octokit = testOctokit(github.url);
  cache = new CourseCache((org, repo, commit) => downloadTarball(octokit, org, repo, commit));
});

afterAll(async () => {
  await cache.close();
  await github.close();
  await rm(work, { recursive: true, force: true });
});

const serve = (i: number) =>
  github.expect({
    method: 'GET',
    path: `/repos/cs101/gradebot-course/tarball/${commits[i]!.sha}`,
    respond: () => ({ raw: commits[i]!.tarball, contentType: 'application/x-gzip' }),
  });

it('loads the course at a commit once, however often it is asked for', async () => {
  serve(0);
  const first = await cache.load('cs101', 'gradebot-course', commits[0]!.sha);
  const again = await cache.load('cs101', 'gradebot-course', commits[0]!.sha);
  github.verify();
  expect(first.ok && first.course.assignments.map((a) => [a.id, a.kind])).toEqual([
    ['hw1', 'tests'],
    ['hw2', 'grader'],
  ]);
  expect(again).toBe(first);
});

it('reports every problem of an invalid course file, and keeps the last valid one in force', async () => {
  serve(1);
  const broken = await cache.load('cs101', 'gradebot-course', commits[1]!.sha);
  github.verify();
  expect(broken.ok ? [] : broken.problems.map(formatProblem)).toEqual([
    'gradebot.yml:10:13: defaults.limits.memory: expected a size like 512MiB, got "lots"',
  ]);
  expect(cache.current('cs101', 'gradebot-course')?.assignments.map((a) => a.id)).toEqual(['hw1', 'hw2']);
});
