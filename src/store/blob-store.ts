/**
 * Uploaded folders (archives from `gradebot submit`) in Redis, addressed by their sha256, so a job
 * payload carries only the digest and the same folder uploaded twice is stored once.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SubmissionFault } from '../faults.js';
import { keys } from './keys.js';

export interface BlobStoreOptions {
  /** Key prefix (default `gradebot:blob:`). */
  prefix?: string;
  /** How long a blob is kept after its last upload (default 7 days). */
  ttlSeconds?: number;
}

/** A digest that is not 64 lowercase hex characters: a bad payload, never retried. */
export class InvalidDigestError extends SubmissionFault {
  override name = 'InvalidDigestError';
  override readonly counts = false;
}

/** What Redis holds under a digest does not hash to it: stored as the job's `error` result, never retried. */
export class CorruptBlobError extends SubmissionFault {
  override name = 'CorruptBlobError';
  override readonly counts = false;
}

const DIGEST = /^[0-9a-f]{64}$/;
const DEFAULT_TTL_SECONDS = 7 * 24 * 60 * 60;

export class BlobStore {
  private readonly prefix: string;
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: Redis,
    options: BlobStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? keys('gradebot').blobPrefix;
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  }

  /** Stores the data unless it is there already, and returns its sha256 hex digest. */
  async put(data: Buffer): Promise<string> {
    const digest = sha256(data);
    const key = this.prefix + digest;
    // A new job may point at a blob uploaded days ago, so an existing one gets a full TTL again (never
    // a shorter one); in one transaction, so it cannot expire between the two.
    const replies = await this.redis
      .multi()
      .set(key, data, 'EX', this.ttlSeconds, 'NX')
      .expire(key, this.ttlSeconds, 'GT')
      .exec();
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (!replies || failed) throw failed ?? new Error(`could not store the blob ${digest}`);
    return digest;
  }

  /** The data stored under the digest, or null once it has expired (or was never stored). */
  async get(digest: string): Promise<Buffer | null> {
    if (!DIGEST.test(digest)) throw new InvalidDigestError(`not a sha256 hex digest: ${digest.slice(0, 80)}`);
    const data = await this.redis.getBuffer(this.prefix + digest);
    if (data === null) return null;
    if (sha256(data) !== digest) throw new CorruptBlobError(`the blob ${digest} does not match its digest`);
    return data;
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
