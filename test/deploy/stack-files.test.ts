/**
 * The stack's optional files give the bot settings it actually reads: `docker stack config` merges
 * stack.yml with staff-sign-in.yml, and the bot's environment in the result, its secret files put
 * where the stack mounts them, turns the staff sign-in on in readBotSettings.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readBotSettings } from '../../src/config/bot-settings.js';
import { appPrivateKey } from '../helpers/app-key.js';
import { runCommand } from '../helpers/command.js';
import { REPO_ROOT } from '../helpers/grading.js';

let secrets: string;

beforeAll(async () => {
  secrets = await mkdtemp(path.join(os.tmpdir(), 'gradebot-secrets-'));
});
afterAll(async () => {
  await rm(secrets, { recursive: true, force: true });
});

it('turns the staff sign-in on with staff-sign-in.yml, its secrets read from files', async () => {
  const merged = await runCommand(
    'docker',
    ['stack', 'config', '-c', 'deploy/swarm/stack.yml', '-c', 'deploy/swarm/staff-sign-in.yml'],
    {
      cwd: REPO_ROOT,
      env: { APP_ID: '7', GITHUB_CLIENT_ID: 'Iv1.staff', GRADEBOT_PUBLIC_URL: 'https://grader.example.edu/' },
    },
  );
  expect(merged.stderr).toBe('');
  const bot = (parse(merged.stdout) as { services: { bot: { environment: Record<string, string> } } })
    .services.bot;
  const files: Record<string, string> = {
    '/run/secrets/gradebot_app_private_key': appPrivateKey(),
    '/run/secrets/gradebot_webhook_secret': 'w'.repeat(40),
    '/run/secrets/gradebot_runner_secret': 'r'.repeat(40),
    '/run/secrets/gradebot_github_client_secret': 'c'.repeat(40),
    '/run/secrets/gradebot_session_secret': 's'.repeat(64),
  };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(bot.environment)) {
    const secret = files[value];
    if (secret === undefined) {
      env[name] = value;
      continue;
    }
    env[name] = path.join(secrets, path.basename(value));
    await writeFile(env[name], secret);
  }
  const read = readBotSettings({ ...env, REDIS_URL: 'redis://redis:6379' });

  expect(read.ok ? [] : read.problems).toEqual([]);
  expect(read.ok && read.settings.staffSignIn).toMatchObject({
    clientId: 'Iv1.staff',
    clientSecret: 'c'.repeat(40),
    sessionSecret: 's'.repeat(64),
    publicUrl: 'https://grader.example.edu',
  });
});
