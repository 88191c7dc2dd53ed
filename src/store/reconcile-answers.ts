/**
 * The bot's answer to `gradebot reconcile`: the command asks through the report queue with an id,
 * the bot pushes what the catch-up did onto a list named by that id, and the command waits on it
 * with a blocking pop (so it waits for the answer, not for a guessed delay). Unclaimed answers
 * expire.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { keys } from './keys.js';

/** An answer nobody waits for any more is dropped after this long. */
const ANSWER_TTL_SECONDS = 15 * 60;

const answerSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    repositories: z.number().int().nonnegative(),
    checked: z.number().int().nonnegative(),
    queued: z.number().int().nonnegative(),
    truncated: z.boolean(),
  }),
  z.object({ ok: z.literal(false), reason: z.string().max(2_000) }),
]);

export type ReconcileAnswer = z.infer<typeof answerSchema>;

export class ReconcileAnswers {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async send(id: string, answer: ReconcileAnswer): Promise<void> {
    const key = this.key(id);
    await this.redis.multi().rpush(key, JSON.stringify(answer)).expire(key, ANSWER_TTL_SECONDS).exec();
  }

  /** The answer to request `id`, or null when none came within `timeoutMs`. */
  async wait(id: string, timeoutMs: number): Promise<ReconcileAnswer | null> {
    // A blocking pop holds its connection: use one of its own.
    const blocking = this.redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
    try {
      const popped = await blocking.blpop(this.key(id), Math.max(0.01, timeoutMs / 1000));
      if (!popped) return null;
      const parsed = answerSchema.safeParse(parseJson(popped[1]));
      return parsed.success ? parsed.data : { ok: false, reason: 'the bot answered something unreadable' };
    } finally {
      blocking.disconnect();
    }
  }

  private key(id: string): string {
    return keys(this.prefix).reconcileAnswer(id);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
