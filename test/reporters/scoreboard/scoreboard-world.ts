/**
 * `gradebot serve` in its own process on loopback, with a course published to real Redis under a
 * fresh prefix, for the scoreboard's server and browser tests. Results are saved the way runners
 * save them, so the bot hears of them on the Redis channel.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { pseudonym, pseudonymKey } from '../../../src/reporters/scoreboard/pseudonym.js';
import type { GradingResult } from '../../../src/results/results.js';
import { CourseRegistry, type PublishedCourse } from '../../../src/store/course-registry.js';
import { ResultsStore } from '../../../src/store/results-store.js';
import { connect, dropPrefix, testPrefix } from '../../helpers/queue.js';
import { startServe, type GradebotProcess } from '../../helpers/runner-process.js';
import { appPrivateKey } from '../../helpers/app-key.js';

export interface ScoreboardWorld {
  url: string;
  serve: GradebotProcess;
  redis: Redis;
  results: ResultsStore;
  publish(course: PublishedCourse): Promise<void>;
  /** Saves a result as a runner does (announced on the channel). */
  save(org: string, result: GradingResult): Promise<void>;
  /** The pseudonym the bot gives a student. */
  nameOf(org: string, student: string): string;
  close(): Promise<void>;
}

export async function startScoreboardWorld(): Promise<ScoreboardWorld> {
  const privateKey = appPrivateKey();
  const secret = randomBytes(20).toString('hex');
  const redis = connect();
  const prefix = testPrefix();
  const serve = await startServe(prefix, {
    APP_ID: '1',
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: randomBytes(20).toString('hex'),
    GRADEBOT_RUNNER_SECRET: randomBytes(20).toString('hex'),
    GRADEBOT_SCOREBOARD_SECRET: secret,
    // No GitHub here: what the bot asks of it at start (catch-up, redelivery) is refused at once,
    // never sent to the internet.
    GHE_HOST: '127.0.0.1:1',
    GHE_PROTOCOL: 'http',
  });
  const results = new ResultsStore(redis, prefix);
  const registry = new CourseRegistry(redis, prefix);
  let jobs = 0;
  return {
    url: serve.url,
    serve,
    redis,
    results,
    publish: (course) => registry.publish(course),
    async save(org, result) {
      jobs += 1;
      await results.save(org, `live-${jobs}`, result);
    },
    nameOf: (org, student) => pseudonym(pseudonymKey(secret), org, student).name,
    async close() {
      serve.child.kill('SIGTERM');
      await serve.exited;
      await dropPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
