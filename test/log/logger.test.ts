/**
 * The one log format: every line, gradebot's own and those of the pino logger Probot is handed, is
 * one JSON object with time, level by name, component and msg; controls never reach a terminal raw;
 * LOG_LEVEL decides what is written.
 */
import { expect, it } from 'vitest';
import { readLogLevel } from '../../src/config/log-level.js';
import { createLogger, type LogLevel } from '../../src/log/logger.js';

const AT = new Date('2026-03-01T12:00:00.000Z');

function capture(level: LogLevel = 'debug') {
  const raw: string[] = [];
  const log = createLogger(
    'runner',
    (line) => void raw.push(line),
    level,
    () => AT,
  );
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, raw, lines };
}

it('writes one JSON object per line: time, level by name, component, msg and the fields', () => {
  const { log, raw, lines } = capture();
  log.debug('taking a job', { job: 'live:1' });
  log.info('graded', { job: 'live:1', org: 'cs101', grading_ms: 1200 });
  log.warn('sweep failed', { reason: 'docker away' });
  log.error('job handling failed');
  expect(raw.every((line) => line.endsWith('}\n') && line.indexOf('\n') === line.length - 1)).toBe(true);
  expect(lines()).toEqual([
    { time: AT.toISOString(), level: 'debug', component: 'runner', msg: 'taking a job', job: 'live:1' },
    {
      time: AT.toISOString(),
      level: 'info',
      component: 'runner',
      msg: 'graded',
      job: 'live:1',
      org: 'cs101',
      grading_ms: 1200,
    },
    {
      time: AT.toISOString(),
      level: 'warn',
      component: 'runner',
      msg: 'sweep failed',
      reason: 'docker away',
    },
    { time: AT.toISOString(), level: 'error', component: 'runner', msg: 'job handling failed' },
  ]);
});

it("gives Probot a pino logger writing the same lines, the error's stack a field and its payload left out", () => {
  const { log, raw, lines } = capture();
  const probot = log.pino('probot').child({ name: 'probot' });
  const error = Object.assign(new Error('signature does not match'), {
    event: { id: 'delivery-1', name: 'push', payload: '{"secret-ish":"payload"}' },
  });
  probot.error(error);
  // As @octokit/webhooks hands a delivery's failures to its error handlers and its middleware's log.
  probot.error(Object.assign(new AggregateError([error], error.message), { event: error.event }));
  probot.fatal({ err: new Error('gone') }, 'Failed to initialize Probot');
  probot.child({ name: 'octokit' }).info('GET /repos/{owner}/{repo}');
  expect(raw.join('')).not.toContain('secret-ish');
  const [first, aggregate, second, octokit] = lines();
  expect(first).toMatchObject({
    time: AT.toISOString(),
    level: 'error',
    component: 'probot',
    msg: 'signature does not match',
    err: {
      type: 'Error',
      message: 'signature does not match',
      stack: expect.stringContaining('logger.test.ts'),
      event: { id: 'delivery-1', name: 'push' },
    },
  });
  expect(aggregate).toMatchObject({
    level: 'error',
    err: { type: 'AggregateError', event: { id: 'delivery-1', name: 'push' } },
  });
  expect(JSON.stringify(aggregate)).toContain('aggregateErrors');
  expect(second).toMatchObject({ level: 'fatal', component: 'probot', msg: 'Failed to initialize Probot' });
  expect(first).not.toHaveProperty('name');
  // Each key once: Probot's children are named with the key its own logger is.
  expect(raw[3]!.match(/"name":/g)).toHaveLength(1);
  expect(octokit).toMatchObject({ level: 'info', component: 'probot', name: 'octokit' });
  expect(raw).toHaveLength(4);
});

it('writes DEL, C1 and bidirectional controls as escapes, so a line read on a terminal does not act', () => {
  const { log, raw, lines } = capture();
  const hostile = 'a\u001b]52;c;aGk=\u0007b\u009b31mc\u007fd\u202ee';
  log.info(hostile, { student: hostile });
  log.pino('probot').warn({ repo: hostile }, hostile);
  for (const line of raw) {
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(line.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/u);
    expect(line).toContain('\\u009b');
  }
  // Still JSON meaning the same text.
  expect(lines().map((line) => [line.msg, line.student ?? line.repo])).toEqual([
    [hostile, hostile],
    [hostile, hostile],
  ]);
});

it('writes what LOG_LEVEL lets through, for its own lines and for pino lines alike', () => {
  const { level } = readLogLevel({ LOG_LEVEL: 'warn' });
  const { log, lines } = capture(level);
  const probot = log.pino('probot');
  log.debug('quiet');
  log.info('quiet');
  probot.info('quiet');
  probot.debug('quiet');
  log.warn('loud');
  probot.error('loud');
  expect(lines().map((line) => [line.level, line.component, line.msg])).toEqual([
    ['warn', 'runner', 'loud'],
    ['error', 'probot', 'loud'],
  ]);
});

it('reads LOG_LEVEL, and GRADEBOT_LOG for one upgrade with a warning to rename it', () => {
  expect(readLogLevel({})).toEqual({ level: 'info', warnings: [] });
  expect(readLogLevel({ LOG_LEVEL: 'debug', GRADEBOT_LOG: 'error' })).toEqual({
    level: 'debug',
    warnings: [],
  });
  expect(readLogLevel({ GRADEBOT_LOG: 'error' })).toEqual({
    level: 'error',
    warnings: ['GRADEBOT_LOG is read for this upgrade only: rename it LOG_LEVEL (docs/settings.md)'],
  });
});
