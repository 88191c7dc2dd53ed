/**
 * What staff commands in pull-request comments granted, and the audit log of every command. Grants
 * are kept per organisation and assignment, one extension and one override per student (a newer
 * grant replaces the older; the audit log keeps them all), in the published form, so the course
 * registry and the runner merge them with `withGrants`. The audit log is keyed by the comment's id:
 * the first record of a comment stays, so a redelivered webhook changes nothing and, with the
 * reply's id remembered on the record, posts no second reply.
 */
import type { Redis } from 'ioredis';
import { withGrants, type Grants } from '../course/granted.js';
import type { Assignment } from '../course/types.js';
import {
  extensionFromPublished,
  type PublishedExtension,
  type PublishedOverride,
} from './course-registry.js';
import { keys } from './keys.js';

export type CommandOutcome = 'applied' | 'refused' | 'invalid';

export interface CommandRecord {
  /** The id of the comment that holds the command. */
  comment: number;
  org: string;
  repo: string;
  pull: number;
  installation: number;
  assignment: string;
  student: string;
  /** The command line as written (bounded, control characters escaped). */
  command: string;
  by: string;
  /** When the comment was made (ISO). */
  at: string;
  outcome: CommandOutcome;
  detail: string;
  /** The bot's answer in the thread. */
  reply: string;
  /** The id of the reply once written. */
  replyId?: number;
}

export type PublishedGrants = Grants<PublishedExtension, PublishedOverride>;

/** How many records the audit log of one assignment returns at most. */
const MAX_AUDIT = 10_000;

export class StaffCommands {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Records the command unless its comment was recorded before; true when this call recorded it. */
  async record(entry: CommandRecord): Promise<boolean> {
    const key = keys(this.prefix).commandLog(entry.org, entry.assignment);
    return (await this.redis.hsetnx(key, String(entry.comment), JSON.stringify(entry))) === 1;
  }

  async get(org: string, assignment: string, comment: number): Promise<CommandRecord | null> {
    const value = await this.redis.hget(keys(this.prefix).commandLog(org, assignment), String(comment));
    return value === null ? null : (JSON.parse(value) as CommandRecord);
  }

  async setReplyId(org: string, assignment: string, comment: number, replyId: number): Promise<void> {
    const entry = await this.get(org, assignment, comment);
    if (entry === null) return;
    const key = keys(this.prefix).commandLog(org, assignment);
    await this.redis.hset(key, String(comment), JSON.stringify({ ...entry, replyId }));
  }

  /** The assignment's audit log, oldest first; of one student when `student` is given. */
  async audit(org: string, assignment: string, student?: string): Promise<CommandRecord[]> {
    const all = await this.redis.hvals(keys(this.prefix).commandLog(org, assignment));
    return all
      .slice(0, MAX_AUDIT)
      .map((value) => JSON.parse(value) as CommandRecord)
      .filter((entry) => student === undefined || entry.student === student.toLowerCase())
      .sort((a, b) => a.at.localeCompare(b.at) || a.comment - b.comment);
  }

  async grantExtension(org: string, assignment: string, extension: PublishedExtension): Promise<void> {
    const field = `extension:${extension.student}`;
    await this.redis.hset(keys(this.prefix).grants(org, assignment), field, JSON.stringify(extension));
  }

  async grantOverride(org: string, override: PublishedOverride): Promise<void> {
    const field = `override:${override.student}`;
    await this.redis.hset(
      keys(this.prefix).grants(org, override.assignment),
      field,
      JSON.stringify(override),
    );
  }

  /** The assignment with the extensions granted on it merged in (`withGrants`), as grading sees it. */
  async withGrantedExtensions<A extends Pick<Assignment, 'id' | 'extensions'>>(
    org: string,
    assignment: A,
  ): Promise<A> {
    const granted = await this.grants(org, assignment.id);
    const { extensions } = withGrants(
      { extensions: assignment.extensions, overrides: [] },
      { extensions: granted.extensions.map(extensionFromPublished), overrides: [] },
    );
    return { ...assignment, extensions };
  }

  async grants(org: string, assignment: string): Promise<PublishedGrants> {
    const all = await this.redis.hgetall(keys(this.prefix).grants(org, assignment));
    const extensions: PublishedExtension[] = [];
    const overrides: PublishedOverride[] = [];
    for (const [field, value] of Object.entries(all)) {
      if (field.startsWith('extension:')) extensions.push(JSON.parse(value) as PublishedExtension);
      else if (field.startsWith('override:')) overrides.push(JSON.parse(value) as PublishedOverride);
    }
    return { extensions, overrides };
  }
}
