/** A Redis server of the test's own, on a free loopback port, with AOF as production should run it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

export interface OwnRedis {
  url: string;
  /** Its data directory (the append-only files are under `appendonlydir`). */
  dir: string;
  /** Kills the server without letting it save anything more (SIGKILL), as a crash would. */
  crash(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Started unless `started` is false (to put files in `dir` first, as a restore does). */
export async function ownRedis({ started = true } = {}): Promise<OwnRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
      ],
      // Its own process group: an AOF rewrite runs in a forked child that outlives a killed parent.
      { stdio: 'ignore', detached: true },
    );
    for (let i = 0; ; i++) {
      const probe = new Redis(port, '127.0.0.1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => undefined); // refused until the server listens; the loop retries
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch (error) {
        if (i > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        probe.disconnect();
      }
    }
  };
  const kill = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    process.kill(-running.pid!, signal);
    await gone;
  };
  if (started) await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    dir,
    crash: () => kill('SIGKILL'),
    start,
    stop: async () => {
      // Its data goes with it; SIGTERM could wait on an AOF rewrite that CONFIG SET started.
      await kill('SIGKILL');
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
