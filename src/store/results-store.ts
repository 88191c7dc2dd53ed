/**
 * Every graded submission's results JSON, kept per (organisation, assignment, student) and keyed by
 * job id, so a job that runs twice under at-least-once delivery is still stored once. Beside each
 * result, the job payload that produced it (what a regrade enqueues again), and per assignment the
 * nicknames students chose. Every save is announced on a Redis channel, so live pages update.
 */
import type { Redis } from 'ioredis';
import { parseJobPayload, type JobPayload } from '../jobs/job-payload.js';
import type { GradingResult } from '../results/results.js';

export interface StoredResult {
  jobId: string;
  org: string;
  result: GradingResult;
  /** The job that produced the result; absent for results stored without one. */
  payload?: JobPayload;
}

/** What is published on `ResultsStore.channel(prefix)` after every save. */
export interface ResultsChanged {
  org: string;
  assignment: string;
  student: string;
}

export class ResultsStore {
  /** @param prefix key prefix (default `gradebot`) */
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'gradebot',
  ) {}

  /** The channel on which saves are announced as `ResultsChanged` JSON. */
  static channel(prefix: string): string {
    return `${prefix}:results-changed`;
  }

  /** Stores (or replaces) the result of one job. Returns false when that job had a result already. */
  async save(org: string, jobId: string, result: GradingResult, payload?: JobPayload): Promise<boolean> {
    const key = this.key(org, result.assignment, result.student);
    const transaction = this.redis
      .multi()
      .hset(key, jobId, JSON.stringify(result))
      .zadd(`${key}:order`, Date.parse(result.submitted_at), jobId)
      .sadd(this.studentsKey(org, result.assignment), result.student);
    if (payload) transaction.hset(`${key}:payloads`, jobId, JSON.stringify(payload));
    const [[, isNew]] = (await transaction.exec()) as [[Error | null, number]];
    const changed: ResultsChanged = { org, assignment: result.assignment, student: result.student };
    await this.redis.publish(ResultsStore.channel(this.prefix), JSON.stringify(changed));
    return isNew === 1;
  }

  /** One student's results, oldest submission first. */
  async list(org: string, assignment: string, student: string): Promise<StoredResult[]> {
    const key = this.key(org, assignment, student);
    const ids = await this.redis.zrange(`${key}:order`, 0, -1);
    if (ids.length === 0) return [];
    const [values, payloads] = await Promise.all([
      this.redis.hmget(key, ...ids),
      this.redis.hmget(`${key}:payloads`, ...ids),
    ]);
    return ids.flatMap((jobId, i) => {
      const value = values[i];
      if (!value) return [];
      const parsed = payloads[i] ? parseJobPayload(JSON.parse(payloads[i])) : null;
      const stored: StoredResult = { jobId, org, result: JSON.parse(value) as GradingResult };
      return [parsed?.ok ? { ...stored, payload: parsed.payload } : stored];
    });
  }

  /** Every student's results for the assignment, by student. */
  async listAll(org: string, assignment: string): Promise<Map<string, StoredResult[]>> {
    const students = await this.students(org, assignment);
    const lists = await Promise.all(students.map((student) => this.list(org, assignment, student)));
    return new Map(students.map((student, i) => [student, lists[i] ?? []]));
  }

  async get(org: string, assignment: string, student: string, jobId: string): Promise<GradingResult | null> {
    const value = await this.redis.hget(this.key(org, assignment, student), jobId);
    return value ? (JSON.parse(value) as GradingResult) : null;
  }

  /** Students with at least one stored result for the assignment. */
  async students(org: string, assignment: string): Promise<string[]> {
    return (await this.redis.smembers(this.studentsKey(org, assignment))).sort();
  }

  /** Records the nickname a student chose for the assignment's scoreboard (null: none). */
  async setNickname(
    org: string,
    assignment: string,
    student: string,
    nickname: string | null,
  ): Promise<void> {
    const key = `${this.prefix}:nicknames:${org}:${assignment}`;
    if (nickname === null) await this.redis.hdel(key, student);
    else await this.redis.hset(key, student, nickname);
  }

  /** The nicknames students chose for the assignment, by student. */
  async nicknames(org: string, assignment: string): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(`${this.prefix}:nicknames:${org}:${assignment}`)));
  }

  private key(org: string, assignment: string, student: string): string {
    return `${this.prefix}:results:${org}:${assignment}:${student}`;
  }

  private studentsKey(org: string, assignment: string): string {
    return `${this.prefix}:students:${org}:${assignment}`;
  }
}
