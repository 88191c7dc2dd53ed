import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findAssignment, loadCourse } from '../../src/course/load-course.js';
import { problemsOf, removeTemps, tempCourse } from './fixtures.js';
import { expectedCourse } from './valid-course.js';

afterEach(removeTemps);

const MiB = 1024 ** 2;

async function validCourse(): Promise<string> {
  const root = await tempCourse('valid');
  await chmod(path.join(root, 'hw2-grader', 'run_autograder'), 0o755);
  return root;
}

describe('loadCourse', () => {
  it('resolves the course file, applying defaults and overrides', async () => {
    const root = await validCourse();
    expect(await loadCourse(root)).toEqual(expectedCourse(root));
  });

  it('accepts a relative course folder and stores it absolute', async () => {
    const root = await validCourse();
    const course = await loadCourse(path.relative(process.cwd(), root));
    expect(course.root).toEqual(root);
  });

  it('applies the built-in defaults to a minimal file', async () => {
    const root = await tempCourse();
    const file = [
      'course: c',
      'assignments:',
      '  1:',
      '    image: img',
      '    dir: one',
      '    tests: [{ name: t, run: "true" }]',
    ];
    await writeFile(path.join(root, 'gradebot.yml'), file.join('\n'));
    await mkdir(path.join(root, 'one'));
    const course = await loadCourse(root);
    expect(course).toEqual({
      course: 'c',
      timezone: 'UTC',
      root,
      overrides: [],
      staffTeam: null,
      assignments: [
        expect.objectContaining({
          id: '1',
          title: '1',
          repos: '1-*',
          limits: {
            cpus: 1,
            memoryBytes: 512 * MiB,
            pids: 128,
            timeMs: 600_000,
            outputBytes: MiB,
            diskBytes: 256 * MiB,
          },
          due: null,
          late: null,
          limit: null,
          scoreboard: false,
          extensions: [],
          build: null,
        }),
      ],
    });
  });

  it('keeps the order of the file, even for ids that look like numbers', async () => {
    const root = await tempCourse();
    const ids = ['zeta', '2', 'alpha', '1'];
    const body = ids.map((id) => `  "${id}": { dir: d, tests: [{ name: t, run: "true" }] }`).join('\n');
    await writeFile(
      path.join(root, 'gradebot.yml'),
      `course: c\ndefaults: { image: i }\nassignments:\n${body}\n`,
    );
    await mkdir(path.join(root, 'd'));
    const course = await loadCourse(root);
    expect(course.assignments.map((assignment) => assignment.id)).toEqual(ids);
  });

  it('says so when there is no gradebot.yml', async () => {
    const root = await tempCourse();
    expect(await problemsOf(root)).toEqual([
      `gradebot.yml: not found in ${root}; is this the course folder?`,
    ]);
  });

  it('points out a gradebot.yaml that should be gradebot.yml', async () => {
    const root = await validCourse();
    await rename(path.join(root, 'gradebot.yml'), path.join(root, 'gradebot.yaml'));
    expect(await problemsOf(root)).toEqual([
      `gradebot.yml: not found in ${root}; there is a gradebot.yaml, rename it to gradebot.yml`,
    ]);
  });

  it('refuses a document whose aliases would expand without bound', async () => {
    const root = await tempCourse();
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      levels.push(
        `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10)
          .fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`)
          .join(', ')}]`,
      );
    await writeFile(path.join(root, 'gradebot.yml'), levels.join('\n'));
    const [problem] = await problemsOf(root);
    expect(problem).toMatch(/^gradebot\.yml:1:1: invalid YAML: Excessive alias count/);
  });

  it('reports an empty file as a missing mapping', async () => {
    const root = await tempCourse();
    await writeFile(path.join(root, 'gradebot.yml'), '# nothing yet\n');
    expect(await problemsOf(root)).toEqual(['gradebot.yml:1:1: expected a mapping, got an empty value']);
  });
});

describe('findAssignment', () => {
  it('finds an assignment by id', async () => {
    const course = await loadCourse(await validCourse());
    expect(findAssignment(course, 'hw2').title).toEqual('hw2');
  });

  it('lists the known ids when the id is unknown', async () => {
    const root = await validCourse();
    const course = await loadCourse(root);
    expect(() => findAssignment(course, 'hw9')).toThrow(
      `no assignment "hw9" in ${path.join(root, 'gradebot.yml')}; known assignments: hw1, hw2, lab3`,
    );
  });
});
