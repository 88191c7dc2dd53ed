/**
 * The boundaries of src/ that eslint.config.js enforces (issue 17): each library is imported only by
 * its adapter, and a folder imports only its own layer or lower ones. One deliberate violation per
 * rule must fail, and the imports the layers allow must pass, so a config change cannot silently
 * turn a rule off.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: ROOT });

const LIBRARY_RULE = 'no-restricted-imports';
const LAYER_RULE = '@typescript-eslint/no-restricted-imports';

/** The rule ids reported for `code` as if it were the file at `filePath`. */
async function ruleIds(code: string, filePath: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId);
}

describe('library boundaries', () => {
  it.each([
    ['dockerode', 'src/scoring/x.ts'],
    ['dockerode', 'src/runner/sandbox/x.ts'],
    ['bullmq', 'src/runner/daemon/x.ts'],
    ['ioredis', 'src/bot/gradebot-app.ts'],
    ['ioredis', 'src/runner/daemon/runner-daemon.ts'],
    ['ioredis', 'src/reporters/scoreboard/live-updates.ts'],
    ['probot', 'src/reporters/pr-comment.ts'],
    ['@octokit/rest', 'src/cli/x.ts'],
    ['simple-git', 'src/cli/grade-command.ts'],
    ['tar-stream', 'src/store/x.ts'],
    ['handlebars', 'src/reporters/x.ts'],
    ['markdown-it', 'src/scoring/x.ts'],
    ['yauzl', 'src/importers/classroom/x.ts'],
  ])('%s may not be imported by %s', async (library, filePath) => {
    expect(await ruleIds(`import x from '${library}';`, filePath)).toEqual([LIBRARY_RULE]);
  });

  it.each([
    ['dockerode', 'src/runner/sandbox/docker/x.ts'],
    ['bullmq', 'src/queue/x.ts'],
    ['ioredis', 'src/store/x.ts'],
    ['ioredis', 'src/queue/x.ts'],
    ['probot', 'src/bot/x.ts'],
    ['probot', 'src/reporters/github-checks.ts'],
    ['simple-git', 'src/runner/git/x.ts'],
    ['tar-stream', 'src/archive/x.ts'],
    ['tar-stream', 'src/runner/sandbox/results-reader.ts'],
    ['zod', 'src/scoring/x.ts'],
    ['bullmq', 'test/queue/x.test.ts'],
  ])('%s may be imported by %s', async (library, filePath) => {
    expect(await ruleIds(`import x from '${library}';`, filePath)).toEqual([]);
  });
});

describe('layer boundaries', () => {
  it.each([
    ['src/scoring/x.ts', '../runner/sandbox/sandbox.js'],
    ['src/store/x.ts', '../runner/daemon/x.js'],
    ['src/results/x.ts', '../jobs/job-payload.js'],
    ['src/text/x.ts', '../course/types.js'],
    ['src/faults.ts', './course/types.js'],
    ['src/bot/x.ts', '../cli/terminal.js'],
    ['src/runner/sandbox/x.ts', '../grade/run-grader.js'],
    ['src/runner/grade/x.ts', '../daemon/process-job.js'],
    ['src/runner/sandbox/docker/x.ts', '../../daemon/x.js'],
    ['src/runner/grade/x.ts', '../../bot/x.js'],
    ['src/importers/gradescope/x.ts', '../../runner/grade/prepared-source.js'],
    ['src/importers/x.ts', '../runner/sandbox/docker/container-config.js'],
  ])('%s may not import %s', async (filePath, target) => {
    expect(await ruleIds(`import { x } from '${target}';`, filePath)).toEqual([LAYER_RULE]);
  });

  it.each([
    ['src/scoring/x.ts', '../course/types.js'],
    ['src/scoring/x.ts', '../exec/exec-result.js'],
    ['src/runner/grade/x.ts', '../sandbox/sandbox.js'],
    ['src/runner/daemon/x.ts', '../grade/grade-submission.js'],
    ['src/importers/classroom/x.ts', '../../runner/sandbox/sandbox.js'],
    ['src/cli/x.ts', '../bot/bot-server.js'],
  ])('%s may import %s', async (filePath, target) => {
    expect(await ruleIds(`import { x } from '${target}';`, filePath)).toEqual([]);
  });

  it('lets a stored result name the job payload type, and nothing more of jobs/', async () => {
    const file = 'src/results/stored-result.ts';
    expect(await ruleIds(`import type { x } from '../jobs/job-payload.js';`, file)).toEqual([]);
    expect(await ruleIds(`import { x } from '../jobs/job-payload.js';`, file)).toEqual([LAYER_RULE]);
  });
});

describe('settings', () => {
  const ENV_RULE = 'no-restricted-properties';

  it.each([
    ['src/bot/x.ts', 'const x = process.env.PORT;'],
    ['src/runner/git/x.ts', "const x = process.env['HOME'];"],
    ['src/images/x.ts', 'const { env: x } = process;'],
  ])('%s may not read the environment (%s)', async (filePath, code) => {
    expect(await ruleIds(code, filePath)).toEqual([ENV_RULE]);
  });

  it.each([
    ['src/config/x.ts', 'const x = process.env.PORT;'],
    ['test/config/x.test.ts', 'const x = process.env.PORT;'],
    ['scripts/x.ts', 'const x = process.env.PORT;'],
  ])('%s may', async (filePath, code) => {
    expect(await ruleIds(code, filePath)).toEqual([]);
  });
});
