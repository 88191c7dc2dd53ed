/**
 * Every graded submission's results JSON, kept per (organisation, assignment, student) and keyed by
 * job id, so a job that runs twice under at-least-once delivery is still stored once.
 */
import type { Redis } from 'ioredis';
import type { GradingResult } from '../results/results.js';

export interface StoredResult {
  jobId: string;
  org: string;
  result: GradingResult;
}

export class ResultsStore {
  /** @param prefix key prefix (default `gradebot`) */
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'gradebot',
  ) {}

  /** Stores (or replaces) the result of one job. Returns false when that job had a result already. */
  async save(org: string, jobId: string, result: GradingResult): Promise<boolean> {
    const key = this.key(org, result.assignment, result.student);
    const [[, isNew]] = (await this.redis
      .multi()
      .hset(key, jobId, JSON.stringify(result))
      .zadd(`${key}:order`, Date.parse(result.submitted_at), jobId)
      .sadd(this.studentsKey(org, result.assignment), result.student)
      .exec()) as [[Error | null, number]];
    return isNew === 1;
  }

  /** One student's results, oldest submission first. */
  async list(org: string, assignment: string, student: string): Promise<StoredResult[]> {
    const key = this.key(org, assignment, student);
    const ids = await this.redis.zrange(`${key}:order`, 0, -1);
    if (ids.length === 0) return [];
    const values = await this.redis.hmget(key, ...ids);
    return ids.flatMap((jobId, i) => {
      const value = values[i];
      return value ? [{ jobId, org, result: JSON.parse(value) as GradingResult }] : [];
    });
  }

  async get(org: string, assignment: string, student: string, jobId: string): Promise<GradingResult | null> {
    const value = await this.redis.hget(this.key(org, assignment, student), jobId);
    return value ? (JSON.parse(value) as GradingResult) : null;
  }

  /** Students with at least one stored result for the assignment. */
  async students(org: string, assignment: string): Promise<string[]> {
    return (await this.redis.smembers(this.studentsKey(org, assignment))).sort();
  }

  private key(org: string, assignment: string, student: string): string {
    return `${this.prefix}:results:${org}:${assignment}:${student}`;
  }

  private studentsKey(org: string, assignment: string): string {
    return `${this.prefix}:students:${org}:${assignment}`;
  }
}
