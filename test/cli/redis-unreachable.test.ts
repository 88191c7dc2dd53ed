/**
 * Every command that needs Redis, daemons included, says in one line that Redis cannot be reached
 * at start and exits non-zero, instead of waiting or printing ioredis's retries.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { gradebotWithEnv } from '../helpers/cli.js';
import { appPrivateKey } from '../helpers/app-key.js';

let url: string;

beforeAll(async () => {
  // A port that was free a moment ago, with nothing listening on it.
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  url = `redis://127.0.0.1:${port}`;
});

const privateKey = appPrivateKey();
const botEnv = {
  APP_ID: '1',
  PRIVATE_KEY: privateKey,
  WEBHOOK_SECRET: randomBytes(20).toString('hex'),
  GRADEBOT_RUNNER_SECRET: randomBytes(20).toString('hex'),
  PORT: '0',
  HOST: '127.0.0.1',
};

it.each([
  ['runner', ['runner', '--no-prestart']],
  ['serve', ['serve']],
  ['status', ['status']],
  ['export', ['export', '--org', 'cs101', '--assignment', 'hw1']],
  ['show', ['show', '--org', 'cs101', '--assignment', 'hw1', '--student', 'alice']],
])('gradebot %s says it cannot reach Redis, in one line, and exits 1', async (_, args) => {
  const { code, stdout, stderr } = await gradebotWithEnv(
    { ...process.env, ...botEnv, LOG_LEVEL: 'debug' },
    ...args,
    '--redis',
    url,
  );
  expect(code).toBe(1);
  expect(stdout).toBe('');
  expect(stderr).toMatch(new RegExp(`^gradebot: cannot reach Redis at ${url} \\(.*ECONNREFUSED.*\\)\\n$`));
});

it('gradebot runner gives up on a Redis that accepts the connection but never answers, saying so', async () => {
  const silent = net.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  try {
    const silentUrl = `redis://127.0.0.1:${port}`;
    const { code, stderr } = await gradebotWithEnv(process.env, 'runner', '--redis', silentUrl);
    expect(code).toBe(1);
    expect(stderr).toBe(`gradebot: cannot reach Redis at ${silentUrl} (no answer in 3 s)\n`);
  } finally {
    silent.close();
  }
});

it('gradebot health --runner is unhealthy, in one line', async () => {
  const { code, stderr } = await gradebotWithEnv(process.env, 'health', '--runner', '--redis', url);
  expect(code).toBe(1);
  expect(stderr).toMatch(/^unhealthy: cannot reach Redis at .*\n$/);
});
