/**
 * `gradebot serve` refuses to start on settings that would make it unsafe or useless, saying every
 * problem at once; GitHub Enterprise Server is reached through GHE_HOST/GHE_PROTOCOL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBotSettings } from '../../src/config/bot-settings.js';
import { pseudonymKey } from '../../src/reporters/scoreboard/pseudonym.js';
import { gradebotWithEnv } from '../helpers/cli.js';
import { appPrivateKey } from '../helpers/app-key.js';

const privateKey = appPrivateKey();
const good = {
  APP_ID: '123',
  PRIVATE_KEY: privateKey,
  WEBHOOK_SECRET: 'a'.repeat(40),
  GRADEBOT_RUNNER_SECRET: 'b'.repeat(40),
};

it('takes Probot settings and defaults to github.com and gradebot-course', () => {
  const read = readBotSettings(good);
  expect(read).toMatchObject({
    ok: true,
    settings: {
      appId: '123',
      apiUrl: 'https://api.github.com',
      courseRepository: 'gradebot-course',
      port: 3000,
    },
  });
});

it('reaches GitHub Enterprise Server under /api/v3, and accepts a one-line base64 key', () => {
  const read = readBotSettings({
    ...good,
    PRIVATE_KEY: Buffer.from(privateKey).toString('base64'),
    GHE_HOST: 'github.example.edu',
    GHE_PROTOCOL: 'http',
    GRADEBOT_COURSE_REPO: 'cs101-staff',
  });
  expect(read.ok && read.settings.apiUrl).toBe('http://github.example.edu/api/v3');
  expect(read.ok && read.settings.privateKey).toBe(privateKey);
  expect(read.ok && read.settings.courseRepository).toBe('cs101-staff');
});

describe('the scoreboard pseudonym key', () => {
  const keyOf = (env: NodeJS.ProcessEnv) => {
    const read = readBotSettings(env);
    if (!read.ok) throw new Error(read.problems.join('\n'));
    return pseudonymKey(read.settings.pseudonymSecret);
  };

  it('comes from GRADEBOT_SCOREBOARD_SECRET, or its _FILE, through HMAC: never the secret itself', () => {
    const secret = 'c'.repeat(40);
    const key = keyOf({ ...good, GRADEBOT_SCOREBOARD_SECRET: secret });
    expect(key).toBe(pseudonymKey(secret));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(Buffer.from(secret).toString('hex'));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gradebot-secret-'));
    try {
      writeFileSync(path.join(dir, 'scoreboard'), `${secret}\n`);
      expect(keyOf({ ...good, GRADEBOT_SCOREBOARD_SECRET_FILE: path.join(dir, 'scoreboard') })).toBe(key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is derived from WEBHOOK_SECRET when no scoreboard secret is given, and changes with it', () => {
    const key = keyOf(good);
    expect(key).toBe(pseudonymKey(good.WEBHOOK_SECRET));
    expect(keyOf({ ...good, GRADEBOT_SCOREBOARD_SECRET: 'c'.repeat(40) })).not.toBe(key);
    expect(keyOf({ ...good, WEBHOOK_SECRET: 'd'.repeat(40) })).not.toBe(key);
  });

  it('refuses a short scoreboard secret and an unreadable secret file', () => {
    const short = readBotSettings({ ...good, GRADEBOT_SCOREBOARD_SECRET: 'hunter2' });
    expect(short.ok ? '' : short.problems.join('\n')).toMatch(
      /GRADEBOT_SCOREBOARD_SECRET: at least 16 characters/,
    );
    const missing = readBotSettings({ ...good, GRADEBOT_SCOREBOARD_SECRET_FILE: '/nonexistent/secret' });
    expect(missing.ok ? '' : missing.problems.join('\n')).toMatch(
      /GRADEBOT_SCOREBOARD_SECRET_FILE: cannot read it/,
    );
  });
});

it.each([
  ['a missing webhook secret', { WEBHOOK_SECRET: undefined }, /WEBHOOK_SECRET: required/],
  [
    "Probot's default webhook secret",
    { WEBHOOK_SECRET: 'development' },
    /not Probot's default "development"/,
  ],
  ['a short webhook secret', { WEBHOOK_SECRET: 'hunter2' }, /WEBHOOK_SECRET: at least 16/],
  ['a missing runner secret', { GRADEBOT_RUNNER_SECRET: undefined }, /GRADEBOT_RUNNER_SECRET: required/],
  ['no private key', { PRIVATE_KEY: undefined }, /PRIVATE_KEY or PRIVATE_KEY_PATH/],
  ['an unreadable key file', { PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: '/nonexistent.pem' }, /cannot read/],
  ['a non-numeric App ID', { APP_ID: 'gradebot' }, /APP_ID/],
  ['an odd GHE protocol', { GHE_HOST: 'x', GHE_PROTOCOL: 'ftp' }, /GHE_PROTOCOL/],
])('refuses %s', (_, change, message) => {
  const read = readBotSettings({ ...good, ...change });
  expect(read.ok).toBe(false);
  expect(read.ok ? '' : read.problems.join('\n')).toMatch(message);
});

it('gradebot serve does not start without a real webhook secret, and says every problem', async () => {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, APP_ID: '1', WEBHOOK_SECRET: 'development' };
  const run = await gradebotWithEnv(env, 'serve');
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    'gradebot serve: WEBHOOK_SECRET: required, and not Probot\'s default "development"',
  );
  expect(run.stderr).toContain('gradebot serve: PRIVATE_KEY or PRIVATE_KEY_PATH');
  expect(run.stderr).toContain('gradebot serve: GRADEBOT_RUNNER_SECRET: required');
  expect(run.stderr).toMatch(/not started/);
});

it('passes over failed webhook deliveries every 300 s unless GRADEBOT_REDELIVERY_INTERVAL says otherwise', () => {
  const read = readBotSettings(good);
  expect(read.ok && read.settings.redeliveryInterval).toBe(300);
  const off = readBotSettings({ ...good, GRADEBOT_REDELIVERY_INTERVAL: '0' });
  expect(off.ok && off.settings.redeliveryInterval).toBe(0);
  expect(readBotSettings({ ...good, GRADEBOT_REDELIVERY_INTERVAL: 'often' })).toEqual({
    ok: false,
    problems: [
      'GRADEBOT_REDELIVERY_INTERVAL: expected whole seconds up to 86400 (0 turns redelivery off), got often',
    ],
  });
  expect(readBotSettings({ ...good, GRADEBOT_REDELIVERY_INTERVAL: '604800' }).ok).toBe(false);
});

it('reads where webhooks arrive and the one log level, LOG_LEVEL, before the GRADEBOT_LOG it replaces', () => {
  const read = readBotSettings(good);
  expect(read.ok && [read.settings.webhookPath, read.settings.logLevel, read.settings.logWarnings]).toEqual([
    '/api/github/webhooks',
    'info',
    [],
  ]);
  const set = readBotSettings({ ...good, WEBHOOK_PATH: '/hooks', LOG_LEVEL: 'debug', GRADEBOT_LOG: 'error' });
  expect(set.ok && [set.settings.webhookPath, set.settings.logLevel, set.settings.logWarnings]).toEqual([
    '/hooks',
    'debug',
    [],
  ]);
  const old = readBotSettings({ ...good, GRADEBOT_LOG: 'error' });
  expect(old.ok && [old.settings.logLevel, old.settings.logWarnings]).toEqual([
    'error',
    ['GRADEBOT_LOG is read for this upgrade only: rename it LOG_LEVEL (docs/settings.md)'],
  ]);
});

it('listens on PORT, 0 for a random port, and refuses an empty PORT rather than taking it for 0', () => {
  const port = (value: string) => {
    const read = readBotSettings({ ...good, PORT: value });
    return read.ok ? read.settings.port : read.problems;
  };
  expect([port('8080'), port('0')]).toEqual([8080, 0]);
  expect(port('')).toEqual(['PORT: not a port number: "" (unset it for 3000; 0 asks for a random port)']);
  expect(port('http')).toEqual([
    'PORT: not a port number: "http" (unset it for 3000; 0 asks for a random port)',
  ]);
});
