/**
 * `gradebot images build [name]` and `gradebot images build --course DIR [name]`: builds grading
 * images parents first with the docker CLI, after making sure the external base exists (pulled, or
 * made offline where no registry is reachable).
 */
import { join } from 'node:path';
import { inheritedEnv } from '../config/child-env.js';
import { SubmissionFault } from '../faults.js';
import type { BuildOutput } from './build-output.js';
import { BaseImageError, ensureBaseImage, type BaseImageOptions } from './base-image.js';
import { planBuild, planCourseBuild } from './build-plan.js';
import { CatalogError, loadCatalog, type RunnerImage } from './catalog.js';
import { loadCourseImages } from './course-images.js';
import { assertDockerReachable, DockerUnavailableError } from './docker-images.js';
import { elapsed } from './elapsed.js';
import { runCommand } from './run-command.js';

export { imagesPresent, missingImages } from './docker-images.js';

export interface BuildImagesOptions {
  /** The image catalog folder (default: runner-images/ of this checkout). */
  dir?: string;
  base?: BaseImageOptions;
}

/** `docker build` failed on an image definition (its Dockerfile or what it fetches). */
export class BuildError extends SubmissionFault {
  override name = 'BuildError';
  override readonly counts = false;
  constructor(
    message: string,
    readonly tail: string[],
  ) {
    super(message);
  }
}

/** What to build, and every image whose tags count as provided rather than external. */
interface Plan {
  images: RunnerImage[];
  known: RunnerImage[];
}

/**
 * Builds the named images (folder names or tags; all when none), plus any parent image of theirs
 * that the engine lacks. Returns the exit status; failures are reported on the terminal.
 */
export function buildImages(
  names: string[] | undefined,
  terminal: BuildOutput,
  options: BuildImagesOptions = {},
): Promise<number> {
  return runPlan(terminal, options, async () => {
    const catalog = await loadCatalog(options.dir);
    return { images: await planBuild(catalog, names), known: catalog };
  });
}

/**
 * Builds the images of a course folder's images/ (the named ones, or all), plus the runner images
 * they build on that the engine lacks.
 */
export function buildCourseImages(
  courseDir: string,
  names: string[] | undefined,
  terminal: BuildOutput,
  options: BuildImagesOptions = {},
): Promise<number> {
  return runPlan(terminal, options, async () => {
    const runnerCatalog = await loadCatalog(options.dir);
    const courseImages = await loadCourseImages(courseDir, runnerCatalog);
    return {
      images: await planCourseBuild(runnerCatalog, courseImages, names),
      known: [...runnerCatalog, ...courseImages],
    };
  });
}

async function runPlan(
  terminal: BuildOutput,
  options: BuildImagesOptions,
  choose: () => Promise<Plan>,
): Promise<number> {
  try {
    await assertDockerReachable();
    const { images, known } = await choose();
    const provided = new Set(known.flatMap((image) => image.tags));
    const externalBases = [
      ...new Set(
        images.flatMap((image) => [image.from, ...image.bases]).filter((base) => !provided.has(base)),
      ),
    ];
    for (const base of externalBases) await ensureBaseImage(base, terminal, options.base);
    for (const [index, image] of images.entries()) {
      await buildOne(image, `[${index + 1}/${images.length}]`, terminal);
    }
    return 0;
  } catch (error) {
    if (error instanceof BuildError || error instanceof BaseImageError) {
      if (error.tail.length > 0) {
        terminal.err(`last lines of output:\n${error.tail.map((line) => `  ${line}`).join('\n')}`);
      }
    } else if (!(error instanceof CatalogError || error instanceof DockerUnavailableError)) {
      throw error;
    }
    terminal.err(`gradebot: ${error.message}`);
    return 1;
  } finally {
    terminal.done();
  }
}

async function buildOne(image: RunnerImage, counter: string, terminal: BuildOutput): Promise<void> {
  const started = Date.now();
  let step = '';
  const show = () =>
    terminal.progress(
      `${counter} building ${image.tags[0]}${step ? ` · ${step}` : ''} (${elapsed(started)})`,
    );
  const tick = setInterval(show, 1000);
  show();
  try {
    const tagArgs = image.tags.flatMap((tag) => ['-t', tag]);
    const result = await runCommand(
      'docker',
      [
        'build',
        '--force-rm',
        '--network',
        'host',
        ...tagArgs,
        // The Dockerfile may live outside its context (a course image built from an assignment folder).
        '--file',
        join(image.dir, 'Dockerfile'),
        image.context,
      ],
      {
        // The classic builder, because BuildKit is a separate plugin that Debian's docker.io may lack,
        // and `--network host` lets apt-get inside the build reach a mirror that only the host can.
        // --force-rm: the classic builder otherwise leaves the container of a failed step behind.
        env: { ...inheritedEnv(), DOCKER_BUILDKIT: '0' },
        onLine: (line) => {
          const match = /^Step (\d+\/\d+)/.exec(line);
          if (match?.[1]) step = `step ${match[1]}`;
        },
      },
    );
    if (result.code !== 0) {
      const why = result.error ? result.error.message : `docker build exited with status ${result.code}`;
      throw new BuildError(
        `building image ${image.name} (${image.tags.join(', ')}) failed: ${why}`,
        withoutLegacyNotice(result.tail),
      );
    }
    terminal.progress(`${counter} built ${image.tags.join(', ')} in ${elapsed(started)}`);
  } finally {
    clearInterval(tick);
  }
}

/** Drops docker's "legacy builder is deprecated" banner, which would crowd out the real error. */
function withoutLegacyNotice(lines: string[]): string[] {
  const start = lines.findIndex((line) => line.startsWith('DEPRECATED: The legacy builder'));
  if (start === -1) return lines;
  let end = start + 1;
  while (end < lines.length && /^\s/.test(lines[end] ?? '')) end++;
  return [...lines.slice(0, start), ...lines.slice(end)];
}
