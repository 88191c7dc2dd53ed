/**
 * Which course configuration is in force for an organisation: the newest valid commit of its
 * private course repository, read through the API (never from a student repository). The commit in
 * force is remembered in Redis, so a restarted bot that finds the repository's head invalid keeps
 * grading with the last valid one; the course folder travels to runners as a content-addressed
 * archive, stored once per commit.
 */
import type { Course } from '../course/types.js';
import type { Logger } from '../log/logger.js';
import { publishedCourse, type CourseRegistry } from '../store/course-registry.js';
import type { Stores } from '../store/open-stores.js';
import { archiveFolder } from '../archive/folder-archive.js';
import { SubmissionFault } from '../faults.js';
import { CourseCache, type CourseLoad } from './course-cache.js';
import { downloadTarball, headCommit } from './github-contents.js';
import type { GitHubClients } from './github-clients.js';

const MAX_COURSE_ARCHIVE_BYTES = 256 * 1024 * 1024;
/** Archives are stored again this often, which keeps them from expiring in the blob store. */
const REFRESH_ARCHIVE_MS = 60 * 60 * 1000;

export interface CourseInForce {
  course: Course;
  commit: string;
}

export class CourseConfigs {
  private readonly cache: CourseCache;
  private readonly installationOf = new Map<string, number>();
  private readonly inForce = new Map<string, CourseInForce>();
  private readonly archives = new Map<string, { digest: Promise<string>; at: number }>();
  private readonly registry: CourseRegistry;

  constructor(
    private readonly options: {
      clients: GitHubClients;
      stores: Pick<Stores, 'courses' | 'blobs'>;
      courseRepository: string;
      log: Logger;
      /** The course folder's archive may hold this many bytes (default 256 MiB). */
      maxArchiveBytes?: number;
    },
  ) {
    this.registry = options.stores.courses;
    this.cache = new CourseCache(async (org, repo, commit) => {
      const installation = this.installationOf.get(org);
      if (installation === undefined) throw new Error(`no installation known for ${org}`);
      return downloadTarball(await options.clients.installation(installation), org, repo, commit);
    });
  }

  get repository(): string {
    return this.options.courseRepository;
  }

  /** The configuration in force, loading it on first use (after a restart, say); null if none is valid. */
  async current(org: string, installation: number): Promise<CourseInForce | null> {
    this.installationOf.set(org, installation);
    const known = this.inForce.get(org);
    if (known) return known;
    const head = await headCommit(
      await this.options.clients.installation(installation),
      org,
      this.repository,
    );
    if (head !== null && (await this.load(org, installation, head)).ok) return this.inForce.get(org) ?? null;
    const remembered = await this.registry.pointer(org);
    if (remembered && remembered !== head) await this.load(org, installation, remembered);
    return this.inForce.get(org) ?? null;
  }

  /**
   * Loads the course repository at `commit` (default: its head); a valid configuration replaces the
   * one in force, an invalid one leaves it in force. Returns the commit and every problem.
   */
  async load(
    org: string,
    installation: number,
    commit?: string,
  ): Promise<{ commit: string | null } & CourseLoad> {
    this.installationOf.set(org, installation);
    const sha =
      commit ??
      (await headCommit(await this.options.clients.installation(installation), org, this.repository));
    if (sha === null) {
      return {
        commit: null,
        ok: false,
        problems: [
          { file: '', line: 0, column: 0, path: '', message: `${org}/${this.repository} has no commits` },
        ],
      };
    }
    const load = await this.packed(await this.cache.load(org, this.repository, sha));
    if (load.ok) {
      // Archived before it is in force: a folder the runners cannot receive never replaces one they can.
      const archive = await this.archiveDigest(load.course);
      this.inForce.set(org, { course: load.course, commit: sha });
      await this.registry.setPointer(org, sha);
      await this.registry.publish(publishedCourse(load.course, { org, commit: sha, archive, installation }));
      this.options.log.info('course configuration in force', { org, commit: sha });
    } else {
      this.options.log.warn('invalid course configuration; the last valid one stays in force', {
        org,
        commit: sha,
        problems: load.problems.length,
      });
    }
    return { commit: sha, ...load };
  }

  /**
   * A valid configuration whose folder cannot be archived for the runners (too large, too many
   * files, an unsafe entry) is a problem of the course like any other: its check run says so.
   */
  private async packed(load: CourseLoad): Promise<CourseLoad> {
    if (!load.ok) return load;
    try {
      await this.archiveDigest(load.course);
      return load;
    } catch (error) {
      if (!(error instanceof SubmissionFault)) throw error;
      const message = `the course folder cannot be sent to the runners: ${error.message}`;
      return { ok: false, problems: [{ file: '', line: 0, column: 0, path: '', message }] };
    }
  }

  /**
   * Forgets an organisation (the App was uninstalled); a later event loads it afresh. What was
   * published stays, so its scoreboards and gradebook outlive the installation.
   */
  forget(org: string): void {
    this.inForce.delete(org);
    this.installationOf.delete(org);
  }

  /** The digest of the course folder's archive in the blob store, as job payloads name it. */
  async archiveDigest(course: Course): Promise<string> {
    const now = Date.now();
    let entry = this.archives.get(course.root);
    if (!entry || now - entry.at > REFRESH_ARCHIVE_MS) {
      const maxBytes = this.options.maxArchiveBytes ?? MAX_COURSE_ARCHIVE_BYTES;
      const digest = archiveFolder(course.root, { maxBytes }).then((archive) =>
        this.options.stores.blobs.put(archive),
      );
      digest.catch(() => this.archives.delete(course.root));
      entry = { digest, at: now };
      this.archives.set(course.root, entry);
    }
    return entry.digest;
  }

  async close(): Promise<void> {
    await this.cache.close();
  }
}
