/**
 * The Redis watch of a process: several real connections to a real Redis that crashes and comes
 * back give one warning and one line saying it is back, timed by the clock it is given.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { closeConnection, connectProducer, connectWorker, ready } from '../../src/queue/redis-connection.js';
import { RedisWatch } from '../../src/queue/redis-watch.js';
import { eventually } from '../helpers/queue.js';
import { ownRedis, type OwnRedis } from '../helpers/redis-server.js';

let server: OwnRedis;

beforeAll(async () => {
  server = await ownRedis();
});
afterAll(async () => {
  await server.stop();
});

it('says once that Redis went away and once that it is back, however many connections', async () => {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(
    'test',
    (line) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    'debug',
  );
  let now = 1_000;
  let reconnects = 0;
  const watch = new RedisWatch(
    server.url,
    log,
    () => now,
    () => void reconnects++,
  );
  const connections = [connectWorker(server.url), connectWorker(server.url), connectProducer(server.url)];
  for (const redis of connections) watch.watch(redis);
  try {
    await Promise.all(connections.map((redis) => ready(redis, server.url)));
    expect(watch.unreachable).toBe(false);

    await server.crash();
    await eventually('the outage noticed', async () => watch.unreachable || undefined);
    // Every connection fails again and again while Redis is away; still one warning.
    await eventually(
      'every connection failing',
      async () => connections.every((redis) => redis.status !== 'ready') || undefined,
    );
    now = 31_000;
    await server.start();
    await eventually('Redis back', async () => !watch.unreachable || undefined);
    await Promise.all(connections.map((redis) => redis.ping()));

    expect(lines.map(({ level, msg, down_ms }) => ({ level, msg, down_ms }))).toEqual([
      { level: 'warn', msg: `Redis unreachable at ${server.url}; retrying`, down_ms: undefined },
      { level: 'info', msg: `Redis reachable again at ${server.url}`, down_ms: 30_000 },
    ]);
    // The reconnect metric counts each connection that came back.
    expect(reconnects).toBe(connections.length);
  } finally {
    await Promise.all(connections.map((redis) => closeConnection(redis)));
  }
});

it('does not take a connection closed during an outage for Redis coming back', async () => {
  const lines: string[] = [];
  const watch = new RedisWatch(
    server.url,
    createLogger('test', (line) => void lines.push(line)),
  );
  const redis = watch.watch(connectWorker(server.url));
  await ready(redis, server.url);
  await server.crash();
  try {
    await eventually('the outage noticed', async () => watch.unreachable || undefined);
    await closeConnection(redis);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Redis unreachable');
  } finally {
    await server.start();
  }
});
