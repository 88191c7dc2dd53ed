/**
 * What `gradebot images build` builds, parents first. Only images that were asked for are rebuilt;
 * the images they build on are added only when the engine lacks them.
 */
import { ancestorsOf, CatalogError, findImage, type RunnerImage } from './catalog.js';
import { missingImages } from './docker-images.js';

/** The images to build, parents first: every image, or the requested ones and their missing parents. */
export async function planBuild(catalog: RunnerImage[], names: string[] | undefined): Promise<RunnerImage[]> {
  if (!names || names.length === 0) return catalog;
  const wanted = new Set<string>();
  for (const name of names) {
    const image = findImage(catalog, name);
    if (!image) {
      const known = catalog.map((candidate) => candidate.name).join(', ') || 'none';
      throw new CatalogError(`no grading image named ${name} (known: ${known})`);
    }
    wanted.add(image.name);
    for (const ancestor of ancestorsOf(catalog, image)) {
      if (!wanted.has(ancestor.name) && (await missingImages(ancestor.tags)).length > 0) {
        wanted.add(ancestor.name);
      }
    }
  }
  return catalog.filter((image) => wanted.has(image.name));
}

/**
 * A course's images (every one, or the named ones and their missing course parents), preceded by
 * the runner images they build FROM (any FROM line) when the engine lacks those.
 */
export async function planCourseBuild(
  runnerCatalog: RunnerImage[],
  courseImages: RunnerImage[],
  names: string[] | undefined,
): Promise<RunnerImage[]> {
  const course = await planBuild(courseImages, names);
  const needed = new Set<string>();
  for (const image of course) {
    for (const base of new Set([image.from, ...image.bases])) {
      // A parent inside the course is in the plan already, or present.
      if (courseImages.some((courseImage) => courseImage.tags.includes(base))) continue;
      const provider = findImage(runnerCatalog, base);
      if (provider && (await missingImages([base])).length > 0) needed.add(provider.name);
    }
  }
  const runner = needed.size === 0 ? [] : await planBuild(runnerCatalog, [...needed]);
  return [...runner, ...course];
}
