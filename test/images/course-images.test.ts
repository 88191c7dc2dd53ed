/**
 * A course's own images/: read like runner-images/ with a build context inside the course, never
 * claiming a runner image's tag, and built for real (after a missing runner parent) by the engine.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingTerminal } from '../../src/cli/terminal.js';
import { buildCourseImages } from '../../src/images/build-images.js';
import { loadCatalog } from '../../src/images/catalog.js';
import { loadCourseImages } from '../../src/images/course-images.js';
import { gradebot } from '../helpers/cli.js';

const run = promisify(execFile);
const runnerCatalog = await loadCatalog();

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'gradebot-course-images-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface ImageSpec {
  from: string;
  tags: string[];
  context?: string;
  dockerfile?: string;
}

/** A course folder with an assignment folder hw/ and the given images under images/. */
async function makeCourse(name: string, images: Record<string, ImageSpec>): Promise<string> {
  const course = path.join(work, name);
  await mkdir(path.join(course, 'hw'), { recursive: true });
  await writeFile(path.join(course, 'hw', 'data.txt'), 'from the assignment folder\n');
  for (const [image, spec] of Object.entries(images)) {
    const dir = path.join(course, 'images', image);
    await mkdir(dir, { recursive: true });
    const { dockerfile, ...json } = spec;
    await writeFile(path.join(dir, 'image.json'), JSON.stringify(json));
    await writeFile(path.join(dir, 'Dockerfile'), dockerfile ?? `FROM ${spec.from}\n`);
  }
  return course;
}

async function catalogError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return (error as Error).message;
}

describe('loading a course’s images', () => {
  it('reads each image with its build context resolved inside the course', async () => {
    const course = await makeCourse('with-context', {
      grader: { from: 'gradebot/python:3', tags: ['cs101/hw:1'], context: '../../hw' },
      plain: { from: 'gradebot/base:latest', tags: ['cs101/plain:1'] },
    });
    const images = await loadCourseImages(course, runnerCatalog);
    expect(
      images.map(({ name, dir, context, tags, from, parent }) => ({
        name,
        dir,
        context,
        tags,
        from,
        parent,
      })),
    ).toEqual([
      {
        name: 'grader',
        dir: path.join(course, 'images', 'grader'),
        context: path.join(course, 'hw'),
        tags: ['cs101/hw:1'],
        from: 'gradebot/python:3',
        parent: null,
      },
      {
        name: 'plain',
        dir: path.join(course, 'images', 'plain'),
        context: path.join(course, 'images', 'plain'),
        tags: ['cs101/plain:1'],
        from: 'gradebot/base:latest',
        parent: null,
      },
    ]);
  });

  it('links a course image built on another course image', async () => {
    const course = await makeCourse('chained', {
      b: { from: 'cs101/a:1', tags: ['cs101/b:1'] },
      a: { from: 'gradebot/base:latest', tags: ['cs101/a:1'] },
    });
    const images = await loadCourseImages(course, runnerCatalog);
    expect(images.map((image) => [image.name, image.parent])).toEqual([
      ['a', null],
      ['b', 'a'],
    ]);
  });

  it('refuses a tag that belongs to a runner image', async () => {
    const course = await makeCourse('collision', {
      mine: { from: 'gradebot/base:latest', tags: ['cs101/mine:1', 'gradebot/python:3'] },
    });
    expect(await catalogError(loadCourseImages(course, runnerCatalog))).toBe(
      'course image mine claims the tag gradebot/python:3, which belongs to the runner image python',
    );
  });

  it('refuses a build context outside the course folder', async () => {
    const course = await makeCourse('escape', {
      out: { from: 'gradebot/base:latest', tags: ['cs101/out:1'], context: '../../..' },
    });
    expect(await catalogError(loadCourseImages(course, runnerCatalog))).toBe(
      `${path.join(course, 'images', 'out', 'image.json')}: "context" ../../.. leads outside ${course}`,
    );
  });

  it('refuses a build context that leaves the course through a symbolic link', async () => {
    const course = await makeCourse('escape-link', {
      out: { from: 'gradebot/base:latest', tags: ['cs101/out:1'], context: '../../elsewhere' },
    });
    await symlink(os.tmpdir(), path.join(course, 'elsewhere'));
    expect(await catalogError(loadCourseImages(course, runnerCatalog))).toMatch(
      /"context" \.\.\/\.\.\/elsewhere leads outside .* through a symbolic link$/,
    );
  });

  it('refuses an absolute or missing build context', async () => {
    const absolute = await makeCourse('absolute', {
      out: { from: 'gradebot/base:latest', tags: ['cs101/out:1'], context: '/etc' },
    });
    expect(await catalogError(loadCourseImages(absolute, runnerCatalog))).toMatch(
      /"context" must be a path relative to the image folder, got \/etc$/,
    );
    const missing = await makeCourse('missing', {
      out: { from: 'gradebot/base:latest', tags: ['cs101/out:1'], context: '../../nowhere' },
    });
    expect(await catalogError(loadCourseImages(missing, runnerCatalog))).toMatch(
      /"context" folder \.\.\/\.\.\/nowhere not found$/,
    );
  });

  it('knows every image the FROM lines name, but not a stage named earlier or a build argument', async () => {
    const course = await makeCourse('stages', {
      hw: {
        from: 'gradebot/python:3',
        tags: ['cs101/stages:1'],
        dockerfile: [
          'FROM gradebot/base:latest AS tools',
          'FROM tools AS again',
          'ARG BASE=gradebot/c:12',
          'FROM $BASE',
          'FROM gradebot/python:3',
          '',
        ].join('\n'),
      },
    });
    const [image] = await loadCourseImages(course, runnerCatalog);
    expect(image?.bases).toEqual(['gradebot/base:latest', 'gradebot/python:3']);
  });

  it('says plainly when a course has no images/ folder, or an empty one', async () => {
    const course = await makeCourse('no-images', {});
    expect(await catalogError(loadCourseImages(course, runnerCatalog))).toBe(
      `${course} has no images/ folder: course images live in images/<name>/, each with a Dockerfile and an image.json`,
    );
    await mkdir(path.join(course, 'images'));
    expect(await catalogError(loadCourseImages(course, runnerCatalog))).toMatch(/images holds no image: /);
  });

  it('fails the command with one line for a course without images', async () => {
    const course = await makeCourse('cli-no-images', {});
    const { code, stderr } = await gradebot('images', 'build', '--course', course);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `gradebot: ${course} has no images/ folder: course images live in images/<name>/, each with a Dockerfile and an image.json`,
    );
  });
});

describe('building a course’s images', () => {
  it('makes sure every image a FROM line names exists first, and names the one it cannot pull', async () => {
    // Connection refused at once: no registry answers on port 1.
    const absent = '127.0.0.1:1/gradebot-test/absent-base:1';
    const course = await makeCourse('second-base', {
      hw: {
        from: 'gradebot/base:latest',
        tags: ['gradebot-test/second-base:1'],
        dockerfile: `FROM gradebot/base:latest AS tools\nFROM ${absent}\nCOPY --from=tools /etc/hostname /x\n`,
      },
    });
    const terminal = createRecordingTerminal();
    expect(await buildCourseImages(course, undefined, terminal)).toBe(1);
    expect(terminal.stderr).toMatch(
      new RegExp(
        `gradebot: cannot pull ${absent.replace(/[.]/g, '\\.')}, which the grading images build on\n$`,
      ),
    );
    expect(terminal.steps.some((step) => step.includes('building gradebot-test/second-base:1'))).toBe(false);
  });

  const id = `${process.pid}-${Date.now()}`;
  const parentTag = `gradebot-test/runner-parent-${id}:1`;
  const courseTag = `gradebot-test/course-image-${id}:1`;

  afterAll(async () => {
    // Only the two images this test made; nothing else on the engine is touched.
    await run('docker', ['rmi', '--force', courseTag, parentTag]).catch(() => undefined);
  });

  it('builds a missing runner parent first, then the course image from its assignment folder', async () => {
    // A runner catalog of one image that the engine does not have yet, built on gradebot/base.
    const runnerImages = path.join(work, 'runner-images');
    await mkdir(path.join(runnerImages, 'parent'), { recursive: true });
    await writeFile(
      path.join(runnerImages, 'parent', 'image.json'),
      JSON.stringify({ from: 'gradebot/base:latest', tags: [parentTag] }),
    );
    await writeFile(
      path.join(runnerImages, 'parent', 'Dockerfile'),
      'FROM gradebot/base:latest\nRUN echo parent > /parent.txt\n',
    );
    const course = await makeCourse('built', {
      hw: {
        from: parentTag,
        tags: [courseTag],
        context: '../../hw',
        dockerfile: `FROM ${parentTag}\nCOPY data.txt /course/data.txt\n`,
      },
    });

    const terminal = createRecordingTerminal();
    const code = await buildCourseImages(course, undefined, terminal, { dir: runnerImages });
    expect(terminal.stderr).toBe('');
    expect(code).toBe(0);
    expect(terminal.steps.filter((step) => /^\[\d\/\d\] built /.test(step))).toEqual([
      expect.stringContaining(`[1/2] built ${parentTag}`),
      expect.stringContaining(`[2/2] built ${courseTag}`),
    ]);
    const { stdout } = await run('docker', [
      'run',
      '--rm',
      '--network',
      'none',
      courseTag,
      'cat',
      '/parent.txt',
      '/course/data.txt',
    ]);
    expect(stdout).toBe('parent\nfrom the assignment folder\n');

    // With the parent present, only the course image is rebuilt.
    const again = createRecordingTerminal();
    expect(await buildCourseImages(course, ['hw'], again, { dir: runnerImages })).toBe(0);
    expect(again.steps.filter((step) => step.includes(' built '))).toEqual([
      expect.stringContaining(`[1/1] built ${courseTag}`),
    ]);
  });
});
