/**
 * `gradebot health`, the check a container runs for Docker's HEALTHCHECK: against a real
 * `gradebot serve` and a real `gradebot runner`, and against the ways either looks unhealthy.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { ownHeartbeats } from '../../src/cli/health-command.js';
import type { RunnerState } from '../../src/store/runner-registry.js';
import { gradebot, gradebotWithEnv } from '../helpers/cli.js';
import { connect, dropPrefix, REDIS_URL, testPrefix } from '../helpers/queue.js';
import { startRunner, startServe } from '../helpers/runner-process.js';
import { appPrivateKey } from '../helpers/app-key.js';

const prefix = testPrefix();

afterAll(async () => {
  const redis = connect();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

/** A server that answers every request with `status`; resolves with its URL. */
async function answering(status: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_, res) => res.writeHead(status).end('redis unreachable\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/healthz`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('gradebot health (the bot)', () => {
  it("is healthy while gradebot serve's /healthz answers 200, at the given URL or at PORT", async () => {
    const privateKey = appPrivateKey();
    const serve = await startServe(prefix, {
      APP_ID: '1',
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: randomBytes(20).toString('hex'),
      GRADEBOT_RUNNER_SECRET: randomBytes(20).toString('hex'),
      // No GitHub here: what the bot asks of it at start (catch-up, redelivery) is refused at once,
      // never sent to the internet.
      GHE_HOST: '127.0.0.1:1',
      GHE_PROTOCOL: 'http',
    });
    try {
      const explicit = await gradebot('health', '--url', `${serve.url}/healthz`);
      expect(explicit).toMatchObject({ code: 0, stdout: `healthy: ${serve.url}/healthz answered 200: ok\n` });

      const port = new URL(serve.url).port;
      const byPort = await gradebotWithEnv({ ...process.env, PORT: port }, 'health');
      expect(byPort).toMatchObject({ code: 0, stdout: `healthy: ${serve.url}/healthz answered 200: ok\n` });
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });

  it('is unhealthy on a non-2xx answer, saying what came back', async () => {
    const server = await answering(503);
    try {
      const run = await gradebot('health', '--url', server.url);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`unhealthy: ${server.url} answered 503: redis unreachable\n`);
    } finally {
      await server.close();
    }
  });

  it('is unhealthy when nothing listens', async () => {
    const server = await answering(200);
    await server.close();
    const run = await gradebot('health', '--url', server.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`unhealthy: ${server.url}: ECONNREFUSED\n`);
  });

  it('refuses --url together with --runner', async () => {
    const run = await gradebot('health', '--runner', '--url', 'http://127.0.0.1:1/healthz');
    expect(run.code).toBe(2);
  });
});

describe('gradebot health --runner', () => {
  it("is healthy while this machine's runner daemon beats, and not once it stopped", async () => {
    const runner = startRunner(prefix, ['--no-prestart']);
    const check = () => gradebot('health', '--runner', '--prefix', prefix, '--redis', REDIS_URL);
    try {
      await runner.waitForLog('runner started');
      const alive = await check();
      expect(alive.code).toBe(0);
      expect(alive.stdout).toBe(`healthy: runner ${os.hostname()}-${runner.child.pid} alive, idle\n`);
    } finally {
      runner.child.kill('SIGTERM');
      await runner.exited;
    }
    const gone = await check();
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe(
      `unhealthy: no runner heartbeat from ${os.hostname()} under prefix ${prefix} in the last 15 s\n`,
    );
  });

  it('is unhealthy when Redis does not answer', async () => {
    const run = await gradebot('health', '--runner', '--redis', 'redis://127.0.0.1:1', '--timeout', '1');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'unhealthy: cannot reach Redis at redis://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)\n',
    );
  });

  it("counts only heartbeats of this host's processes that exist here", () => {
    const state = (id: string, host: string, pid: number): RunnerState => ({
      id,
      host,
      pid,
      queues: ['live'],
      concurrency: 1,
      startedAt: '2026-01-01T00:00:00.000Z',
      running: [],
      draining: false,
    });
    const states = [state('here', 'box', 7), state('gone', 'box', 8), state('elsewhere', 'other', 7)];
    const mine = ownHeartbeats(states, 'box', (pid) => pid === 7);
    expect(mine.map((s) => s.id)).toEqual(['here']);
  });
});
