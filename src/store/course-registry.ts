/**
 * What the rest of gradebot may know about the course in force for an organisation, without GitHub:
 * its commit, the content-addressed archive runners fetch, the installation that reports on it, and
 * each assignment's public settings. The bot publishes it whenever a valid course comes into force;
 * the scoreboard, `gradebot export` and `gradebot regrade` read it.
 */
import type { Redis } from 'ioredis';
import type { Assignment, Course } from '../course/types.js';
import { keys } from './keys.js';

export interface PublishedAssignment {
  id: string;
  title: string;
  repos: string;
  kind: Assignment['kind'];
  due: string | null;
  late: { until: string; penaltyPerDay: number } | null;
  limit: { submissions: number; perMs: number } | null;
  scoreboard: boolean;
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
  };
}

export class CourseRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async publish(course: PublishedCourse): Promise<void> {
    await this.redis.hset(this.key(), course.org, JSON.stringify(course));
  }

  async get(org: string): Promise<PublishedCourse | null> {
    const value = await this.redis.hget(this.key(), org);
    return value ? (JSON.parse(value) as PublishedCourse) : null;
  }

  private key(): string {
    return keys(this.prefix).courses();
  }
}
