/**
 * The submissions that count against an assignment's submission limit, per (organisation,
 * assignment, student): live jobs being graded or graded, by job id, with when they were submitted.
 * A job reserves its place when it starts grading and gives it back when it ends without a grade
 * (an infrastructure failure, an error result), so only graded submissions stay counted.
 *
 * The decision is the pure rule of `scoring/submission-limit.ts`. To keep it atomic across runners,
 * a reservation reads the ledger and its version, decides, and writes only if the version is still
 * the one it read (a compare-and-set in Lua); otherwise it reads again. Two runners grading the same
 * student at once can therefore never both take the last place.
 */
import type { Redis } from 'ioredis';
import { DEFAULTS } from '../config/defaults.js';
import type { SubmissionLimit } from '../course/types.js';
import { checkSubmissionLimit, type LimitDecision } from '../scoring/submission-limit.js';
import { keys, type Keys } from './keys.js';

// ARGV: the version read ('' when none), the job id ('' to only confirm a refusal), its submission
// time in ms, the oldest time worth keeping, seconds to keep the keys.
const COMMIT_IF_UNCHANGED = `
local version = redis.call('GET', KEYS[2]) or ''
if version ~= ARGV[1] then return 0 end
if ARGV[2] == '' then return 1 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[4])
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return 1`;

// A release changes the version only when it removed something, and never creates a key.
const RELEASE = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then redis.call('INCR', KEYS[2]) end
return 1`;

/**
 * How long reservations are kept beyond the window: a submission graded this much later than a newer
 * one (a long outage) still sees it.
 */
const KEEP_BEYOND_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** Attempts at a compare-and-set before giving up (the job is then retried as an infrastructure failure). */
const MAX_ROUNDS = 50;

/** Whose submissions are counted together. */
export interface LimitScope {
  org: string;
  assignment: string;
  student: string;
}

export interface Reserved {
  jobId: string;
  submittedAt: Date;
}

export class LimitLedger {
  private readonly keys: Keys;

  /** @param prefix key prefix (default `gradebot`) */
  constructor(
    private readonly redis: Redis,
    prefix: string = DEFAULTS.prefix,
  ) {
    this.keys = keys(prefix);
  }

  /**
   * Counts this job against the limit if it fits. The same job reserving again (redelivered after
   * its runner died, or retried) is allowed and still counted once.
   */
  async reserve(
    scope: LimitScope,
    jobId: string,
    submittedAt: Date,
    limit: SubmissionLimit,
  ): Promise<LimitDecision> {
    const [key, versionKey] = this.keysOf(scope);
    const keepSeconds = Math.ceil((limit.perMs + KEEP_BEYOND_WINDOW_MS) / 1000);
    const oldest = submittedAt.getTime() - limit.perMs - KEEP_BEYOND_WINDOW_MS;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const { version, reserved } = await this.read(scope);
      if (reserved.some((entry) => entry.jobId === jobId)) return { allowed: true };
      const others = reserved.map((entry) => entry.submittedAt);
      const decision = checkSubmissionLimit(submittedAt, others, limit);
      const args = [version, decision.allowed ? jobId : '', submittedAt.getTime(), oldest, keepSeconds];
      if ((await this.redis.eval(COMMIT_IF_UNCHANGED, 2, key, versionKey, ...args)) === 1) {
        return decision;
      }
    }
    throw new Error(`the submission ledger of ${key} kept changing; try again`);
  }

  /** Gives the job's place back; nothing happens when it holds none. */
  async release(scope: LimitScope, jobId: string): Promise<void> {
    await this.redis.eval(RELEASE, 2, ...this.keysOf(scope), jobId);
  }

  /** The counted jobs, oldest submission first. */
  async reserved(scope: LimitScope): Promise<Reserved[]> {
    return (await this.read(scope)).reserved;
  }

  private async read(scope: LimitScope): Promise<{ version: string; reserved: Reserved[] }> {
    const [key, versionKey] = this.keysOf(scope);
    const replies = await this.redis.multi().get(versionKey).zrange(key, 0, -1, 'WITHSCORES').exec();
    if (!replies) throw new Error(`could not read the submission ledger of ${key}`);
    const [[versionError, version], [rangeError, flat]] = replies as [
      [Error | null, string | null],
      [Error | null, string[]],
    ];
    if (versionError ?? rangeError) throw versionError ?? rangeError;
    const reserved: Reserved[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      reserved.push({ jobId: flat[i]!, submittedAt: new Date(Number(flat[i + 1])) });
    }
    return { version: version ?? '', reserved };
  }

  /** The ledger's key and its version's. */
  private keysOf({ org, assignment, student }: LimitScope): [string, string] {
    return [this.keys.limit(org, assignment, student), this.keys.limitVersion(org, assignment, student)];
  }
}
