/**
 * The newest live submission per scope: one repository's assignment (`supersedeScope` in
 * `jobs/job-id.ts`). A student who pushes 20 times in a minute gets the latest commit graded; older
 * ones still waiting are superseded, not run.
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

// Compare-and-set on submission time, so pushes recorded out of order never let an older one win.
const RECORD_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local at = tonumber(string.match(current, '^(%d+) '))
  if at and at > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[2], 'EX', ARGV[3])
return 1`;

/** A week: long after any job of that scope has run, the record may go. */
const KEEP_SECONDS = 7 * 24 * 3600;

export class SupersedeLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Records this job as the newest of its scope, unless a newer one is recorded already. */
  async record(scope: string, jobId: string, submittedAt: Date): Promise<boolean> {
    const done = await this.redis.eval(
      RECORD_IF_NEWER,
      1,
      this.key(scope),
      submittedAt.getTime(),
      jobId,
      KEEP_SECONDS,
    );
    return done === 1;
  }

  /** The id of the newer job that supersedes this one, or null when this one is the newest. */
  async supersededBy(scope: string, jobId: string, submittedAt: Date): Promise<string | null> {
    const current = await this.redis.get(this.key(scope));
    if (!current) return null;
    const [at, latest] = current.split(' ');
    if (latest === jobId || Number(at) <= submittedAt.getTime()) return null;
    return latest ?? null;
  }

  /** The job recorded as the newest of its scope, if any. */
  async latest(scope: string): Promise<string | null> {
    const current = await this.redis.get(this.key(scope));
    return current?.split(' ')[1] ?? null;
  }

  private key(scope: string): string {
    return keys(this.prefix).latest(scope);
  }
}
