/**
 * The reporter step of classroom.yml as real workflows write it, read as the reporter reads it: it
 * decodes each `<RUNNER>_RESULTS` with Node's base64 decoder, which skips characters outside the
 * base64 alphabet, and fails the whole report on an empty or unknown runner. Shapes found importing
 * public Classroom workflows; every fixture here is written for this test.
 */
import { describe, expect, it } from 'vitest';
import { parseClassroomFile } from '../../src/importers/classroom/classroom-file.js';
import { refusedWith } from './refused-with.js';

/** A YAML workflow with command-grader steps `a` and `b`, and the reporter's `env` and `with` lines. */
function workflow(reporterLines: string): string {
  const step = (id: string) =>
    `    - name: ${id}\n      id: ${id}\n      uses: classroom-resources/autograding-command-grader@v1\n` +
    `      with:\n        test-name: ${id}\n        command: "true"\n        max-score: 5\n`;
  return (
    'name: Autograding Tests\njobs:\n  run-autograding-tests:\n    runs-on: ubuntu-latest\n    steps:\n' +
    '    - uses: actions/checkout@v4\n' +
    step('a') +
    step('b') +
    '    - name: Autograding Reporter\n      uses: classroom-resources/autograding-grading-reporter@v1\n' +
    reporterLines
  );
}

function problems(text: string): string[] {
  return refusedWith(() => parseClassroomFile(text, 'classroom.yml'));
}

describe('the reporter step of a classroom.yml', () => {
  it('counts a runner whose variable has a stray quote after the reference, as the reporter decodes it', () => {
    // `B_RESULTS:  ${{ ... }}"` (a quote lost at the start) is a plain YAML string ending in `"`;
    // Node's base64 decoding skips the quote, so Classroom scores the step.
    const text = workflow(
      '      env:\n        A_RESULTS: "${{ steps.a.outputs.result }}"\n' +
        '        B_RESULTS:  ${{ steps.b.outputs.result }}"\n' +
        '      with:\n        runners: a,b\n',
    );
    expect(parseClassroomFile(text, 'classroom.yml').tests.map((test) => [test.name, test.points])).toEqual([
      ['a', 5],
      ['b', 5],
    ]);
  });

  it('refuses a variable whose extra text the decoder would read as results, naming what is wrong', () => {
    const text = workflow(
      '      env:\n        A_RESULTS: "${{ steps.a.outputs.result }}"\n' +
        '        B_RESULTS: "x${{ steps.b.outputs.result }}"\n' +
        '      with:\n        runners: a,b\n',
    );
    expect(problems(text)).toEqual([
      'classroom.yml:22: env B_RESULTS: "x${{ steps.b.outputs.result }}" adds text the reporter would decode with the results, so it fails; write exactly "${{ steps.<id>.outputs.result }}"',
    ]);
  });

  it('says plainly that an empty runners list records no score', () => {
    // A template whose grader steps are all commented out, `runners:` with them.
    const text = workflow('      with:\n        runners: # a,b\n');
    expect(problems(text)).toEqual([
      'classroom.yml:22: runners: missing or empty, so the reporter fails and Classroom records no score; list the ids of the grader steps it counts, separated by commas',
    ]);
  });

  it('names an empty entry between commas, which the reporter fails on too', () => {
    const text = workflow(
      '      env:\n        A_RESULTS: "${{ steps.a.outputs.result }}"\n      with:\n        runners: a,\n',
    );
    expect(problems(text)).toEqual([
      'classroom.yml:22: runners: "a," has an empty name, so the reporter fails and Classroom records no score; list the ids of the grader steps it counts, separated by commas',
    ]);
  });

  it('points a workflow that runs education/autograding at the autograding.json it grades with', () => {
    const text =
      'name: GitHub Classroom Workflow\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n' +
      '      - uses: actions/checkout@v4\n      - uses: actions/setup-java@v3\n' +
      '      - uses: education/autograding@v1\n';
    expect(problems(text)).toEqual([
      'classroom.yml:8: uses: education/autograding@v1 grades with .github/classroom/autograding.json, not with the steps of this workflow: import that file instead',
    ]);
  });

  it('names the runner the env is set for when runners lists another', () => {
    // The env is right and runners names no step: the reporter fails, and the fix is in the env.
    const text = workflow(
      '      env:\n        A_RESULTS: "${{ steps.a.outputs.result }}"\n        B_RESULTS: "${{ steps.b.outputs.result }}"\n' +
        '      with:\n        runners: a,github-classroom\n',
    );
    expect(problems(text)).toEqual([
      'classroom.yml:22: runners: "github-classroom" needs env GITHUB-CLASSROOM_RESULTS: "${{steps.<id>.outputs.result}}"; without it the reporter fails (the env sets B_RESULTS, for "b", which runners does not list)',
    ]);
  });
});
