/**
 * Scoreboards from Redis: the course in force, every student's results and nicknames, turned into
 * the public model. A lecture hall of open pages refetches the board after every save, so each board
 * is computed once and shared until a save for it is announced (`invalidate`), the course changes,
 * the due date passes, or `ttlMs` runs out; requests that arrive while it is computed wait for the
 * same computation. Its renderings (the page, the JSON) are kept with it, so a board is rendered once
 * per change, not once per request: a large board takes the bot's event loop for a while.
 */
import type { PublishedCourse } from '../../store/course-registry.js';
import type { Stores } from '../../store/open-stores.js';
import { pseudonym } from './pseudonym.js';
import { boardPastDue, scoreboardData, type ScoreboardModel } from './scoreboard-data.js';

/** The stores a board is read from. */
export type BoardStores = Pick<Stores, 'courses' | 'results'>;

export interface BoardCacheOptions {
  stores: BoardStores;
  /** The pseudonym key (hex), see `pseudonymKey`. */
  pseudonymKey: string;
  /** Default: the clock. */
  now?: () => Date;
  /** How long a board is reused at most (default 30 s). */
  ttlMs?: number;
}

interface Cached {
  version: string;
  expires: number;
  model: Promise<ScoreboardModel>;
  /** Renderings of this model, by variant ("json", "html projector"…). */
  renderings: Map<string, string>;
}

export interface Board {
  course: PublishedCourse;
  model: ScoreboardModel;
  /** `render()`'s text for this model and variant, made once and reused until the board changes. */
  rendered(variant: string, render: (model: ScoreboardModel) => string): string;
}

export class BoardCache {
  private readonly courses: Stores['courses'];
  private readonly results: Stores['results'];
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly options: BoardCacheOptions) {
    this.courses = options.stores.courses;
    this.results = options.stores.results;
  }

  /** The course in force for the organisation, or null. */
  course(org: string): Promise<PublishedCourse | null> {
    return this.courses.get(org);
  }

  /** The board, or null when the organisation, the assignment or its scoreboard does not exist. */
  async board(org: string, id: string): Promise<Board | null> {
    const course = await this.courses.get(org);
    const assignment = course?.assignments.find((candidate) => candidate.id === id && candidate.scoreboard);
    if (!course || !assignment) return null;
    const now = this.options.now?.() ?? new Date();
    const pastDue = boardPastDue(assignment, now);
    const version = `${course.commit} ${course.publishedAt} ${pastDue}`;
    const key = boardKey(org, id);
    const cached = this.cache.get(key);
    if (cached && cached.version === version && cached.expires > now.getTime()) {
      return boardOf(course, await cached.model, cached.renderings);
    }
    const model = (async () => {
      const [results, nicknames] = await Promise.all([
        this.results.listAll(org, id),
        this.results.nicknames(org, id),
      ]);
      const pseudonymOf = (student: string) => pseudonym(this.options.pseudonymKey, org, student);
      return scoreboardData({ course, assignment, results, nicknames, pseudonymOf, now });
    })();
    const renderings = new Map<string, string>();
    const expires = now.getTime() + (this.options.ttlMs ?? 30_000);
    this.cache.set(key, { version, expires, model, renderings });
    model.catch(() => {
      if (this.cache.get(key)?.model === model) this.cache.delete(key);
    });
    return boardOf(course, await model, renderings);
  }

  /** Forgets the board, after a result for it was saved. */
  invalidate(org: string, id: string): void {
    this.cache.delete(boardKey(org, id));
  }

  invalidateAll(): void {
    this.cache.clear();
  }
}

function boardOf(course: PublishedCourse, model: ScoreboardModel, renderings: Map<string, string>): Board {
  return {
    course,
    model,
    rendered(variant, render) {
      const done = renderings.get(variant);
      if (done !== undefined) return done;
      const text = render(model);
      renderings.set(variant, text);
      return text;
    },
  };
}

export function boardKey(org: string, assignment: string): string {
  return `${org}/${assignment}`;
}
