/** Files the course file refers to: present, of the right kind, and inside the course folder. */
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load-course.js';
import { fixture, problemsOf, removeTemps, tempCourse } from './fixtures.js';

afterEach(removeTemps);

/** A course with one tests assignment `hw1` and one grader assignment `hw2`, built in a temp folder. */
async function course(tests: string, grader = 'run_autograder'): Promise<string> {
  const root = await tempCourse();
  await writeFile(
    path.join(root, 'gradebot.yml'),
    [
      'course: cs101',
      'defaults: { image: gradebot/python:3.12 }',
      'assignments:',
      '  hw1:',
      '    tests:',
      '      - name: t',
      '        run: ./run',
      `        ${tests}`,
      '  hw2:',
      `    grader: ${grader}`,
      '',
    ].join('\n'),
  );
  await mkdir(path.join(root, 'hw1', 'expected'), { recursive: true });
  await writeFile(path.join(root, 'hw1', 'expected', 'out.txt'), 'hello\n');
  await mkdir(path.join(root, 'hw2'));
  await writeFile(path.join(root, 'hw2', 'run_autograder'), '#!/bin/sh\n', { mode: 0o755 });
  return root;
}

describe('referenced files', () => {
  it('are accepted when present and inside the course folder', async () => {
    const root = await course('stdout_file: expected/out.txt');
    await expect(loadCourse(root)).resolves.toMatchObject({ course: 'cs101' });
  });

  it('are reported when outside, missing, a folder, or not a valid pattern', async () => {
    expect(await problemsOf(fixture('files'))).toEqual([
      'gradebot.yml:9:22: assignments.hw1.tests[0].stdout_file: "../../secret.txt" is outside the course folder',
      'gradebot.yml:12:21: assignments.hw1.tests[1].stdin_file: file not found: hw1/inputs/missing.txt',
      'gradebot.yml:16:22: assignments.hw1.tests[2].stdout_file: expected a file, but hw1/expected is a folder',
      'gradebot.yml:20:22: assignments.hw1.tests[3].stdout_file: expected a valid regular expression, got "(unclosed\\n" (unterminated group)',
      'gradebot.yml:24:13: assignments.hw3.grader: "../hw2/run_autograder" is outside the assignment folder hw3',
      'gradebot.yml:26:10: assignments.hw4.dir: folder not found: nowhere',
      'gradebot.yml:29:10: assignments.hw5.dir: expected a subfolder of the course folder, not the course folder itself',
    ]);
  });

  it('may not escape the course folder through a symbolic link', async () => {
    const root = await course('stdout_file: expected/leak.txt');
    await writeFile(path.join(root, '..', 'secret.txt'), 'another course');
    await symlink(path.join(root, '..', 'secret.txt'), path.join(root, 'hw1', 'expected', 'leak.txt'));
    expect(await problemsOf(root)).toEqual([
      'gradebot.yml:8:22: assignments.hw1.tests[0].stdout_file: "expected/leak.txt" leads outside the course folder through a symbolic link',
    ]);
  });

  it('may not reach outside through a linked folder either', async () => {
    const root = await course('stdin_file: shared/in.txt');
    await mkdir(path.join(root, '..', 'elsewhere'));
    await writeFile(path.join(root, '..', 'elsewhere', 'in.txt'), 'input');
    await symlink('../../elsewhere', path.join(root, 'hw1', 'shared'));
    expect(await problemsOf(root)).toEqual([
      'gradebot.yml:8:21: assignments.hw1.tests[0].stdin_file: "shared/in.txt" leads outside the course folder through a symbolic link',
    ]);
  });

  it('may not link an assignment folder to somewhere outside', async () => {
    const root = await course('stdout_file: expected/out.txt');
    await mkdir(path.join(root, '..', 'outside'));
    await symlink(path.join(root, '..', 'outside'), path.join(root, 'hw3'));
    await writeFile(
      path.join(root, 'gradebot.yml'),
      'course: c\nassignments:\n  hw3:\n    image: i\n    grader: run_autograder\n',
    );
    expect(await problemsOf(root)).toEqual([
      'gradebot.yml:3:3: assignments.hw3.dir: "hw3" leads outside the course folder through a symbolic link',
    ]);
  });

  it('refuse an expected output that links to another file of the assignment folder', async () => {
    // The copy into the container skips expected/answer.txt but would copy the file it points to.
    const root = await course('stdout_file: expected/answer.txt');
    await symlink('../visible/answer.txt', path.join(root, 'hw1', 'expected', 'answer.txt'));
    await mkdir(path.join(root, 'hw1', 'visible'));
    await writeFile(path.join(root, 'hw1', 'visible', 'answer.txt'), 'hello\n');
    expect(await problemsOf(root)).toEqual([
      'gradebot.yml:8:22: assignments.hw1.tests[0].stdout_file: hw1/expected/answer.txt is a symbolic link to visible/answer.txt in the assignment folder, which would be copied into the container; use visible/answer.txt here instead',
    ]);
  });

  it('accept a link inside the course folder to a file outside the assignment folder', async () => {
    const root = await course('stdout_file: expected/shared.txt');
    await mkdir(path.join(root, 'answers'));
    await writeFile(path.join(root, 'answers', 'shared.txt'), 'hello\n');
    await symlink('../../answers/shared.txt', path.join(root, 'hw1', 'expected', 'shared.txt'));
    await expect(loadCourse(root)).resolves.toMatchObject({ course: 'cs101' });
  });

  it('require the grader to be executable', async () => {
    const root = await course('stdout_file: expected/out.txt');
    await chmod(path.join(root, 'hw2', 'run_autograder'), 0o644);
    expect(await problemsOf(root)).toEqual([
      'gradebot.yml:10:13: assignments.hw2.grader: hw2/run_autograder is not executable; run chmod +x hw2/run_autograder',
    ]);
  });

  it('require the grader to stay in the assignment folder, links included', async () => {
    const root = await course('stdout_file: expected/out.txt', 'link_to_hw1');
    await writeFile(path.join(root, 'hw1', 'grade.sh'), '#!/bin/sh\n', { mode: 0o755 });
    await symlink('../hw1/grade.sh', path.join(root, 'hw2', 'link_to_hw1'));
    expect(await problemsOf(root)).toEqual([
      'gradebot.yml:10:13: assignments.hw2.grader: "link_to_hw1" leads outside the assignment folder through a symbolic link',
    ]);
  });

  it('report a grader that is missing, and inherited mistakes once per assignment', async () => {
    const root = await tempCourse();
    await writeFile(
      path.join(root, 'gradebot.yml'),
      'course: c\ndefaults:\n  image: i\n  grader: run_autograder\nassignments:\n  a: {}\n  b: {}\n',
    );
    await mkdir(path.join(root, 'a'));
    await mkdir(path.join(root, 'b'));
    expect(await problemsOf(root)).toEqual([
      'gradebot.yml:4:11: defaults.grader: file not found: a/run_autograder',
      'gradebot.yml:4:11: defaults.grader: file not found: b/run_autograder',
    ]);
  });
});
