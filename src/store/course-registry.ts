/**
 * What the rest of gradebot may know about the course in force for an organisation, without GitHub:
 * its commit, the content-addressed archive runners fetch, the installation that reports on it, and
 * each assignment's public settings. The bot publishes it whenever a valid course comes into force;
 * the scoreboard, `gradebot export` and `gradebot regrade` read it. The bot also keeps a pointer to
 * the last valid commit, so a restarted bot that finds the course repository's head invalid keeps
 * grading with it.
 */
import type { Redis } from 'ioredis';
import type { Deadlines } from '../course/deadline.js';
import type { Assignment, Course, Extension } from '../course/types.js';
import { withGrants } from '../course/granted.js';
import { keys } from './keys.js';
import type { StaffCommands } from './staff-commands.js';

export interface PublishedAssignment {
  id: string;
  title: string;
  repos: string;
  kind: Assignment['kind'];
  due: string | null;
  late: { until: string; penaltyPerDay: number } | null;
  limit: { submissions: number; perMs: number } | null;
  scoreboard: boolean;
  /** Per-student deadlines; absent from courses published before extensions existed. */
  extensions?: PublishedExtension[];
}

export interface PublishedExtension {
  student: string;
  due: string | null;
  lateUntil: string | null;
  reason: string;
  source: 'course' | 'command';
  by?: string;
  at?: string;
}

export interface PublishedOverride {
  student: string;
  assignment: string;
  score: number;
  reason: string;
  by: string;
  at: string;
  source: 'course' | 'command';
}

export interface PublishedCourse {
  org: string;
  course: string;
  timezone: string;
  commit: string;
  /** Digest of the course folder's archive in the blob store. */
  archive: string;
  installation: number;
  publishedAt: string;
  assignments: PublishedAssignment[];
  /** Score overrides; absent from courses published before overrides existed. */
  overrides?: PublishedOverride[];
}

export function publishedAssignment(assignment: Assignment): PublishedAssignment {
  return {
    id: assignment.id,
    title: assignment.title,
    repos: assignment.repos,
    kind: assignment.kind,
    due: assignment.due?.toISOString() ?? null,
    late: assignment.late
      ? { until: assignment.late.until.toISOString(), penaltyPerDay: assignment.late.penaltyPerDay }
      : null,
    limit: assignment.limit,
    scoreboard: assignment.scoreboard,
    extensions: assignment.extensions.map(publishedExtension),
  };
}

export function publishedExtension(extension: Extension): PublishedExtension {
  const { at, ...rest } = extension;
  return {
    ...rest,
    due: extension.due?.toISOString() ?? null,
    lateUntil: extension.lateUntil?.toISOString() ?? null,
    ...(at === undefined ? {} : { at: at.toISOString() }),
  };
}

/** A published assignment's deadlines as `deadlineFor` takes them. */
export function publishedDeadlines(assignment: PublishedAssignment): Deadlines {
  const date = (iso: string | null) => (iso === null ? null : new Date(iso));
  return {
    due: date(assignment.due),
    late: assignment.late && {
      until: new Date(assignment.late.until),
      penaltyPerDay: assignment.late.penaltyPerDay,
    },
    extensions: (assignment.extensions ?? []).map(extensionFromPublished),
  };
}

export function extensionFromPublished({ at, ...extension }: PublishedExtension): Extension {
  const date = (iso: string | null) => (iso === null ? null : new Date(iso));
  return {
    ...extension,
    due: date(extension.due),
    lateUntil: date(extension.lateUntil),
    ...(at === undefined ? {} : { at: new Date(at) }),
  };
}

export function publishedCourse(
  course: Course,
  where: { org: string; commit: string; archive: string; installation: number },
): PublishedCourse {
  return {
    ...where,
    course: course.course,
    timezone: course.timezone,
    publishedAt: new Date().toISOString(),
    assignments: course.assignments.map(publishedAssignment),
    overrides: course.overrides.map((override) => ({ ...override, at: override.at.toISOString() })),
  };
}

export class CourseRegistry {
  /** @param grants what staff commands granted, merged into every course read (none when null) */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly grants: StaffCommands | null = null,
  ) {}

  async publish(course: PublishedCourse): Promise<void> {
    await this.redis.hset(this.key(), course.org, JSON.stringify(course));
  }

  /** The course in force with the extensions and overrides staff commands granted. */
  async get(org: string): Promise<PublishedCourse | null> {
    const value = await this.redis.hget(this.key(), org);
    if (!value) return null;
    const course = JSON.parse(value) as PublishedCourse;
    if (this.grants === null) return course;
    let overrides = course.overrides ?? [];
    const assignments: PublishedAssignment[] = [];
    for (const assignment of course.assignments) {
      const merged = withGrants(
        { extensions: assignment.extensions ?? [], overrides },
        await this.grants.grants(org, assignment.id),
      );
      overrides = merged.overrides;
      assignments.push({ ...assignment, extensions: merged.extensions });
    }
    return { ...course, assignments, overrides };
  }

  /** The commit of the course last in force for the organisation, as the bot remembers it. */
  async pointer(org: string): Promise<string | null> {
    return this.redis.get(keys(this.prefix).courseInForce(org));
  }

  /** Remembers `commit` as the course in force; set as soon as it loads, before it is published. */
  async setPointer(org: string, commit: string): Promise<void> {
    await this.redis.set(keys(this.prefix).courseInForce(org), commit);
  }

  private key(): string {
    return keys(this.prefix).courses();
  }
}
