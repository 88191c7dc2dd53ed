/**
 * The frame of a test that grades through `gradebot runner` processes: each test gets a fresh key
 * prefix with its queues and results store, and afterwards its runners are killed, its containers
 * swept and its keys dropped, whatever happened.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach } from 'vitest';
import type { GradingQueues } from '../../src/queue/grading-queues.js';
import { ResultsStore } from '../../src/store/results-store.js';
import { connect, openQueues, testPrefix } from './queue.js';
import { startRunner, tearDownQueueTest, type RunnerProcess } from './runner-process.js';

export interface RunnerTest {
  readonly redis: Redis;
  readonly prefix: string;
  readonly queues: GradingQueues;
  readonly results: ResultsStore;
  /** Starts a runner on this test's prefix, stopped after the test. */
  startRunner(args?: string[]): RunnerProcess;
}

/** Call at the top of a test file or `describe`; the fields are valid inside each test. */
export function useRunnerTest(): RunnerTest {
  let current: Omit<RunnerTest, 'startRunner'> | null = null;
  const runners: RunnerProcess[] = [];
  const now = () => {
    if (!current) throw new Error('useRunnerTest: only inside a test');
    return current;
  };
  beforeEach(() => {
    const redis = connect();
    const prefix = testPrefix();
    current = {
      redis,
      prefix,
      queues: openQueues(redis, prefix),
      results: new ResultsStore(redis, prefix),
    };
  });
  afterEach(async () => {
    const { queues, redis, prefix } = now();
    current = null;
    await tearDownQueueTest({ runners: runners.splice(0), queues, redis, prefix });
  });
  return {
    get redis() {
      return now().redis;
    },
    get prefix() {
      return now().prefix;
    },
    get queues() {
      return now().queues;
    },
    get results() {
      return now().results;
    },
    startRunner(args = []) {
      const runner = startRunner(now().prefix, args);
      runners.push(runner);
      return runner;
    },
  };
}
