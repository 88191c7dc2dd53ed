/**
 * A course's own grading images: `<course>/images/<name>/` holds a Dockerfile and an image.json as in
 * runner-images/, whose optional "context" may name another folder of the course (an assignment
 * folder) but nothing outside it. They usually build FROM a runner image such as gradebot/python:3.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CatalogError, loadCatalog, type RunnerImage } from './catalog.js';

/** The folder of a course that holds its images. */
export const COURSE_IMAGES_FOLDER = 'images';

/** The course's images, parents first; their tags may not be any runner image's. */
export async function loadCourseImages(
  courseDir: string,
  runnerCatalog: RunnerImage[],
): Promise<RunnerImage[]> {
  const root = path.resolve(courseDir);
  const dir = path.join(root, COURSE_IMAGES_FOLDER);
  if (!(await isDirectory(dir))) {
    throw new CatalogError(
      `${courseDir} has no ${COURSE_IMAGES_FOLDER}/ folder: course images live in ` +
        `${COURSE_IMAGES_FOLDER}/<name>/, each with a Dockerfile and an image.json`,
    );
  }
  const images = await loadCatalog(dir, { contextRoot: root });
  if (images.length === 0) {
    throw new CatalogError(
      `${dir} holds no image: each image is a folder with a Dockerfile and an image.json`,
    );
  }
  for (const image of images) {
    for (const tag of image.tags) {
      const owner = runnerCatalog.find((runnerImage) => runnerImage.tags.includes(tag));
      if (owner) {
        throw new CatalogError(
          `course image ${image.name} claims the tag ${tag}, which belongs to the runner image ${owner.name}`,
        );
      }
    }
  }
  return images;
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
