/**
 * How many jobs of one student may run at once across all runners. At a deadline one student's
 * many assignments must not occupy every runner while others wait.
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

// Drops claims older than the stale bound (a runner that died holding one), then claims if under cap.
// Ages are read on Redis's clock, the one clock every runner shares: a runner whose own clock is
// ahead would otherwise take other runners' live claims for stale.
const CLAIM = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 1 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

export class FairShare {
  /**
   * @param perStudent jobs of one student running at once (default 1)
   * @param staleMs a claim older than this belongs to a dead runner (default 20 min)
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly perStudent = 1,
    private readonly staleMs = 20 * 60_000,
  ) {}

  async claim(student: string, jobId: string): Promise<boolean> {
    const args = [jobId, this.staleMs, this.perStudent];
    return (await this.redis.eval(CLAIM, 1, this.key(student), ...args)) === 1;
  }

  async release(student: string, jobId: string): Promise<void> {
    await this.redis.zrem(this.key(student), jobId);
  }

  private key(student: string): string {
    return keys(this.prefix).running(student);
  }
}
