/** The page at `/scoreboard/<org>`: what a course has scoreboards for. Pure. */
import type { PublishedCourse } from '../../store/course-registry.js';

export interface ScoreboardIndex {
  org: string;
  course: string;
  assignments: { id: string; title: string; due: string | null }[];
}

/** The course's assignments that have a scoreboard, in course order. */
export function scoreboardIndex(course: PublishedCourse): ScoreboardIndex {
  return {
    org: course.org,
    course: course.course,
    assignments: course.assignments
      .filter((assignment) => assignment.scoreboard)
      .map(({ id, title, due }) => ({ id, title, due })),
  };
}
