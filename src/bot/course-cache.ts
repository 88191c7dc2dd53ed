/**
 * The course configuration as the bot knows it: loaded from the private course repository at a
 * given commit, cached per commit (a commit never changes), and kept as files on disk so that
 * everything `loadCourse` checks is checked here too. A push to the course repository names the
 * next commit to load; an invalid one leaves the last valid configuration in force.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CourseError, type CourseProblem } from '../course/course-error.js';
import { loadCourse } from '../course/load-course.js';
import type { Course } from '../course/types.js';
import { extractArchive } from '../archive/folder-archive.js';

/** A course repository larger than this is refused rather than unpacked. */
const MAX_COURSE_BYTES = 256 * 1024 * 1024;

export type CourseLoad = { ok: true; course: Course } | { ok: false; problems: CourseProblem[] };

/** Fetches the repository at a commit as a (gzipped) tarball with one top-level folder. */
export type TarballFetcher = (org: string, repo: string, commit: string) => Promise<Buffer>;

export class CourseCache {
  private readonly loads = new Map<string, { dir: string; load: Promise<CourseLoad> }>();
  private readonly lastValid = new Map<string, Course>();

  /** @param maxEntries commits kept per cache, oldest dropped first (default 8) */
  constructor(
    private readonly fetch: TarballFetcher,
    private readonly maxEntries = 8,
  ) {}

  /** The course at this commit; every problem of an invalid course file, with file:line:col. */
  async load(org: string, repo: string, commit: string): Promise<CourseLoad> {
    const key = `${org}/${repo}@${commit}`;
    let entry = this.loads.get(key);
    if (!entry) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'gradebot-course-'));
      entry = { dir, load: this.fetchAndLoad(org, repo, commit, dir) };
      this.loads.set(key, entry);
      await this.evict();
    }
    const load = await entry.load;
    if (load.ok) this.lastValid.set(`${org}/${repo}`, load.course);
    return load;
  }

  /** The newest valid configuration loaded for this repository, if any: what stays in force. */
  current(org: string, repo: string): Course | null {
    return this.lastValid.get(`${org}/${repo}`) ?? null;
  }

  async close(): Promise<void> {
    const entries = [...this.loads.values()];
    this.loads.clear();
    await Promise.all(entries.map((e) => rm(e.dir, { recursive: true, force: true })));
  }

  private async fetchAndLoad(org: string, repo: string, commit: string, dir: string): Promise<CourseLoad> {
    try {
      await extractArchive(await this.fetch(org, repo, commit), dir, {
        maxBytes: MAX_COURSE_BYTES,
        stripComponents: 1,
      });
      return { ok: true, course: await loadCourse(dir) };
    } catch (error) {
      if (error instanceof CourseError) return { ok: false, problems: error.problems };
      // A failed fetch is not remembered: the next push or webhook tries again.
      this.loads.delete(`${org}/${repo}@${commit}`);
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Drops the oldest commits beyond the bound, never the one whose configuration is in force. */
  private async evict(): Promise<void> {
    const inForce = new Set([...this.lastValid.values()].map((course) => course.root));
    for (const [key, entry] of this.loads) {
      if (this.loads.size <= this.maxEntries) break;
      if (inForce.has(entry.dir)) continue;
      this.loads.delete(key);
      await rm(entry.dir, { recursive: true, force: true });
    }
  }
}
