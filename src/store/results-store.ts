/**
 * Every graded submission's results JSON, kept per (organisation, assignment, student) and keyed by
 * job id, so a job that runs twice under at-least-once delivery is still stored once. Beside each
 * result, the job payload that produced it (what a regrade enqueues again), which runner graded it
 * and how long that took (for staff; never part of the result students see), and per assignment the
 * nicknames students chose. Every save is announced on a Redis channel, so live pages update.
 *
 * Students are kept in lower case (`studentKey`); versions before that kept the case of the
 * repository name, so reads also gather what was stored under any case of the same name.
 */
import type { Redis } from 'ioredis';
import { studentKey } from '../course/repo-pattern.js';
import { parseJobPayload, type JobPayload } from '../jobs/job-payload.js';
import type { GradingResult } from '../results/results.js';
import type { GradingRecord, StoredResult } from '../results/stored-result.js';
import { keys, type Keys } from './keys.js';

/** What is published on `ResultsStore.channel(prefix)` after every save. */
export interface ResultsChanged {
  org: string;
  assignment: string;
  student: string;
}

export class ResultsStore {
  private readonly keys: Keys;

  /** @param prefix key prefix (default `gradebot`) */
  constructor(
    private readonly redis: Redis,
    prefix = 'gradebot',
  ) {
    this.keys = keys(prefix);
  }

  /** The channel on which saves are announced as `ResultsChanged` JSON. */
  static channel(prefix: string): string {
    return keys(prefix).resultsChanged();
  }

  /** Stores (or replaces) the result of one job. Returns false when that job had a result already. */
  async save(
    org: string,
    jobId: string,
    result: GradingResult,
    payload?: JobPayload,
    grading?: GradingRecord,
  ): Promise<boolean> {
    const student = studentKey(result.student);
    const [key, orderKey, payloadsKey, gradingKey] = this.resultKeys(org, result.assignment, student);
    const transaction = this.redis
      .multi()
      .hset(key, jobId, JSON.stringify(result))
      .zadd(orderKey, Date.parse(result.submitted_at), jobId)
      .sadd(this.keys.students(org, result.assignment), student);
    if (payload) transaction.hset(payloadsKey, jobId, JSON.stringify(payload));
    if (grading) transaction.hset(gradingKey, jobId, JSON.stringify(grading));
    const [[, isNew]] = (await transaction.exec()) as [[Error | null, number]];
    const changed: ResultsChanged = { org, assignment: result.assignment, student };
    await this.redis.publish(this.keys.resultsChanged(), JSON.stringify(changed));
    return isNew === 1;
  }

  /** One student's results, oldest submission first, under whatever case they were stored. */
  async list(org: string, assignment: string, student: string): Promise<StoredResult[]> {
    const names = (await this.storedNames(org, assignment)).get(studentKey(student)) ?? [];
    return this.listUnder(org, assignment, names);
  }

  /** The names results were stored under, by student: older versions kept capitals. */
  private async storedNames(org: string, assignment: string): Promise<Map<string, string[]>> {
    const names = new Map<string, string[]>();
    for (const name of await this.redis.smembers(this.keys.students(org, assignment))) {
      names.set(studentKey(name), [...(names.get(studentKey(name)) ?? []), name]);
    }
    return names;
  }

  private async listUnder(org: string, assignment: string, names: string[]): Promise<StoredResult[]> {
    const lists = await Promise.all(names.map((name) => this.listExactly(org, assignment, name)));
    return lists
      .flat()
      .sort((a, b) => a.order - b.order)
      .map(({ order: _, ...entry }) => entry);
  }

  private async listExactly(
    org: string,
    assignment: string,
    student: string,
  ): Promise<(StoredResult & { order: number })[]> {
    const [key, orderKey, payloadsKey, gradingKey] = this.resultKeys(org, assignment, student);
    const order = await this.redis.zrange(orderKey, 0, -1, 'WITHSCORES');
    const ids = order.filter((_, i) => i % 2 === 0);
    if (ids.length === 0) return [];
    const [values, payloads, gradings] = await Promise.all([
      this.redis.hmget(key, ...ids),
      this.redis.hmget(payloadsKey, ...ids),
      this.redis.hmget(gradingKey, ...ids),
    ]);
    return ids.flatMap((jobId, i) => {
      const value = values[i];
      if (!value) return [];
      const parsed = payloads[i] ? parseJobPayload(JSON.parse(payloads[i])) : null;
      const grading = gradings[i];
      const stored = {
        jobId,
        org,
        result: JSON.parse(value) as GradingResult,
        order: Number(order[2 * i + 1]),
        ...(grading ? { grading: JSON.parse(grading) as GradingRecord } : {}),
      };
      return [parsed?.ok ? { ...stored, payload: parsed.payload } : stored];
    });
  }

  /** Every student's results for the assignment, by student. */
  async listAll(org: string, assignment: string): Promise<Map<string, StoredResult[]>> {
    const names = await this.storedNames(org, assignment);
    const students = [...names.keys()].sort();
    const lists = await Promise.all(
      students.map((student) => this.listUnder(org, assignment, names.get(student) ?? [])),
    );
    return new Map(students.map((student, i) => [student, lists[i] ?? []]));
  }

  async get(org: string, assignment: string, student: string, jobId: string): Promise<GradingResult | null> {
    const value = await this.redis.hget(this.keys.results(org, assignment, studentKey(student)), jobId);
    if (value) return JSON.parse(value) as GradingResult;
    // Stored before students were kept in lower case, perhaps.
    const entry = (await this.list(org, assignment, student)).find((stored) => stored.jobId === jobId);
    return entry?.result ?? null;
  }

  /** Students with at least one stored result for the assignment, in lower case. */
  async students(org: string, assignment: string): Promise<string[]> {
    return [...(await this.storedNames(org, assignment)).keys()].sort();
  }

  /** Records the nickname a student chose for the assignment's scoreboard (null: none). */
  async setNickname(
    org: string,
    assignment: string,
    student: string,
    nickname: string | null,
  ): Promise<void> {
    const key = this.keys.nicknames(org, assignment);
    const folded = studentKey(student);
    // Under a name with capitals from an older version, it would come back once this one is gone.
    const older = (await this.redis.hkeys(key)).filter(
      (name) => name !== folded && studentKey(name) === folded,
    );
    const transaction = this.redis.multi();
    if (older.length > 0) transaction.hdel(key, ...older);
    if (nickname === null) transaction.hdel(key, folded);
    else transaction.hset(key, folded, nickname);
    await transaction.exec();
  }

  /** The nicknames students chose for the assignment, by student (one stored in lower case first). */
  async nicknames(org: string, assignment: string): Promise<Map<string, string>> {
    const stored = Object.entries(await this.redis.hgetall(this.keys.nicknames(org, assignment)));
    const folded = new Map<string, string>();
    for (const [student, nickname] of stored) {
      if (student === studentKey(student) || !folded.has(studentKey(student)))
        folded.set(studentKey(student), nickname);
    }
    return folded;
  }

  /** The keys of one student's results: by job id, their order, the payloads and gradings beside them. */
  private resultKeys(org: string, assignment: string, student: string): [string, string, string, string] {
    return [
      this.keys.results(org, assignment, student),
      this.keys.resultsOrder(org, assignment, student),
      this.keys.resultsPayloads(org, assignment, student),
      this.keys.resultsGrading(org, assignment, student),
    ];
  }
}
