/**
 * `gradebot runner` reads its settings once: flags first, then the environment, then `DEFAULTS`;
 * every bad flag is named, and a bot URL without the secret to use it is refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';
import { readRunnerSettings } from '../../src/config/runner-settings.js';

const QUEUES = ['live', 'regrade'] as const;

it('falls back to DEFAULTS when neither a flag nor the environment says otherwise', () => {
  const { runner } = DEFAULTS;
  expect(readRunnerSettings({}, QUEUES, {})).toEqual({
    ok: true,
    settings: {
      queues: [...runner.queues],
      concurrency: runner.concurrency,
      perStudent: runner.perStudent,
      drainSeconds: runner.drainSeconds,
      lockSeconds: runner.lockSeconds,
      sweepSeconds: runner.sweepSeconds,
      prestart: runner.prestart,
      redisUrl: DEFAULTS.redisUrl,
      prefix: DEFAULTS.prefix,
      httpGitHosts: [],
      logLevel: DEFAULTS.logLevel,
      logWarnings: [],
      metricsPort: null,
    },
  });
});

it('takes the flags as commander gives them, and the environment for the rest', () => {
  const read = readRunnerSettings(
    {
      queues: ' regrade ',
      concurrency: '4',
      perStudent: '2',
      drainTimeout: '5',
      lockDuration: '10',
      sweepInterval: '7',
      prestart: false,
      prefix: 'cs101',
    },
    QUEUES,
    {
      REDIS_URL: 'redis://redis:6379',
      GRADEBOT_BOT_URL: 'http://bot:3000',
      GRADEBOT_RUNNER_SECRET: 's'.repeat(20),
      GHE_PROTOCOL: 'http',
      GHE_HOST: 'github.example.edu',
      LOG_LEVEL: 'debug',
      GRADEBOT_METRICS_PORT: '9464',
    },
  );
  expect(read).toEqual({
    ok: true,
    settings: {
      queues: ['regrade'],
      concurrency: 4,
      perStudent: 2,
      drainSeconds: 5,
      lockSeconds: 10,
      sweepSeconds: 7,
      prestart: false,
      redisUrl: 'redis://redis:6379',
      prefix: 'cs101',
      bot: { url: 'http://bot:3000', secret: 's'.repeat(20) },
      httpGitHosts: ['github.example.edu'],
      logLevel: 'debug',
      logWarnings: [],
      metricsPort: 9464,
    },
  });
});

it('lets --redis win over REDIS_URL, and fetches over https from a GHE host reached that way', () => {
  const read = readRunnerSettings({ redis: 'redis://flag:6379' }, QUEUES, {
    REDIS_URL: 'redis://env:6379',
    GHE_HOST: 'github.example.edu',
  });
  expect(read.ok && [read.settings.redisUrl, read.settings.httpGitHosts]).toEqual(['redis://flag:6379', []]);
});

it('counts an unknown log level as the default, and says so', () => {
  // Probot types LOG_LEVEL as its levels; the environment holds whatever an operator wrote.
  const env: Record<string, string> = { LOG_LEVEL: 'loud' };
  const read = readRunnerSettings({}, QUEUES, env);
  expect(read.ok && [read.settings.logLevel, read.settings.logWarnings]).toEqual([
    'info',
    ['LOG_LEVEL: unknown level "loud", using info (one of trace, debug, info, warn, error, fatal)'],
  ]);
});

it('takes --metrics-port over GRADEBOT_METRICS_PORT, 0 for a random port, and refuses a non-port', () => {
  const read = readRunnerSettings({ metricsPort: '0' }, QUEUES, { GRADEBOT_METRICS_PORT: '9464' });
  expect(read.ok && read.settings.metricsPort).toBe(0);
  expect(readRunnerSettings({}, QUEUES, { GRADEBOT_METRICS_PORT: '' })).toMatchObject({
    settings: { metricsPort: null },
  });
  expect(readRunnerSettings({ metricsPort: '70000' }, QUEUES, {})).toEqual({
    ok: false,
    problems: ['--metrics-port (GRADEBOT_METRICS_PORT): expected a port from 0 to 65535, got 70000'],
  });
});

it('names an unknown queue, and says nothing else until it is fixed', () => {
  expect(readRunnerSettings({ queues: 'live,urgent', concurrency: '0' }, QUEUES, {})).toEqual({
    ok: false,
    problems: ['--queues: expected some of live, regrade, got live,urgent'],
  });
});

it('names every flag that is not a positive whole number', () => {
  const read = readRunnerSettings(
    { concurrency: '0', perStudent: '1.5', drainTimeout: 'soon', lockDuration: '-3', sweepInterval: '60' },
    QUEUES,
    {},
  );
  expect(read).toEqual({
    ok: false,
    problems: [
      '--concurrency: expected a positive whole number, got 0',
      '--per-student: expected a positive whole number, got 1.5',
      '--drain-timeout: expected a positive whole number, got soon',
      '--lock-duration: expected a positive whole number, got -3',
    ],
  });
});

it('refuses a bot URL without the runner secret, and reads the secret from its _FILE', () => {
  expect(readRunnerSettings({}, QUEUES, { GRADEBOT_BOT_URL: 'http://bot:3000' })).toEqual({
    ok: false,
    problems: ['GRADEBOT_BOT_URL is set but GRADEBOT_RUNNER_SECRET (or _FILE) is not'],
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runner-settings-'));
  try {
    const file = path.join(dir, 'secret');
    writeFileSync(file, `${'f'.repeat(20)}\n`);
    const read = readRunnerSettings({}, QUEUES, {
      GRADEBOT_BOT_URL: 'http://bot:3000',
      GRADEBOT_RUNNER_SECRET_FILE: file,
    });
    expect(read.ok && read.settings.bot).toEqual({ url: 'http://bot:3000', secret: 'f'.repeat(20) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
