/**
 * The grading images of `runner-images/` (and of a course's `images/`): one folder per image with a
 * Dockerfile and an image.json that names its tags and the image it builds FROM, so images can be
 * built parents first.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { resolveBuildContext } from './build-context.js';
import { CatalogError } from './catalog-error.js';

/** `runner-images/` of this checkout; src/images and dist/images sit at the same depth. */
export const DEFAULT_IMAGES_DIR = fileURLToPath(new URL('../../runner-images/', import.meta.url));

export interface RunnerImage {
  /** Folder name, which `gradebot images build <name>` accepts. */
  name: string;
  /** Absolute path of the folder, which holds the Dockerfile. */
  dir: string;
  /** Absolute path of the build context: `dir` unless image.json names another folder. */
  context: string;
  description: string;
  /** Every tag the build applies, normalised (`repo:tag`). */
  tags: string[];
  /** The image it builds FROM, normalised. */
  from: string;
  /**
   * Every image its Dockerfile's FROM lines name, normalised (a build stage copied from, such as an
   * imported autograder's gradebot-tools, and the base): each must exist before the build.
   */
  bases: string[];
  /** The catalog image that provides `from`, or null when it comes from outside (debian:…). */
  parent: string | null;
}

export { CatalogError };

// A Docker reference with an explicit tag: tags are the contract with course files, so never implied.
const TAGGED_REFERENCE =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*:[\w][\w.-]{0,127}$/;

/** Whether `reference` names an image with an explicit tag, like gradebot/c:12 or ubuntu:22.04. */
export function isTaggedReference(reference: string): boolean {
  return TAGGED_REFERENCE.test(reference);
}

const imageFileSchema = z.strictObject({
  description: z.string().default(''),
  from: z.string().min(1),
  tags: z
    .array(z.string().regex(TAGGED_REFERENCE, 'expected a tagged image reference like gradebot/c:12'))
    .min(1),
  // The build context, relative to the image folder (default: the image folder itself).
  context: z.string().min(1).optional(),
});

export interface CatalogOptions {
  /** The folder every build context must stay inside (default: the catalog folder itself). */
  contextRoot?: string;
}

/** `gradebot/base` and `docker.io/gradebot/base:latest` name the same image; compare them as one. */
export function normalizeReference(reference: string): string {
  let ref = reference.trim().replace(/^docker\.io\/(library\/)?/, '');
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !ref.includes('@')) ref += ':latest';
  return ref;
}

/** Reads every image folder and returns the images parents first (ties in folder-name order). */
export async function loadCatalog(
  dir: string = DEFAULT_IMAGES_DIR,
  options: CatalogOptions = {},
): Promise<RunnerImage[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new CatalogError(`cannot read the image folder ${dir}: ${(error as Error).message}`);
  }
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const images: RunnerImage[] = [];
  for (const name of folders.sort()) {
    const image = await readImage(join(dir, name), name, options.contextRoot ?? dir);
    if (image) images.push(image);
  }
  linkParents(images);
  return sortParentsFirst(images);
}

async function readImage(folder: string, name: string, contextRoot: string): Promise<RunnerImage | null> {
  const dockerfile = await readOptional(join(folder, 'Dockerfile'));
  const manifest = await readOptional(join(folder, 'image.json'));
  if (dockerfile === null && manifest === null) return null;
  if (dockerfile === null) throw new CatalogError(`${folder}: image.json without a Dockerfile`);
  if (manifest === null) {
    throw new CatalogError(
      `${folder}: Dockerfile without an image.json naming its tags and what it builds FROM`,
    );
  }
  const file = join(folder, 'image.json');
  let json: unknown;
  try {
    json = JSON.parse(manifest);
  } catch (error) {
    throw new CatalogError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = imageFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new CatalogError(`${file}: ${where}${issue?.message ?? 'invalid'}`);
  }
  const from = normalizeReference(parsed.data.from);
  const { stages, images: bases } = dockerfileBases(dockerfile);
  // Build order comes from image.json; a Dockerfile that says otherwise would build on a stale parent.
  if (!stages.some((stage) => stage.includes('$')) && !stages.includes(from)) {
    throw new CatalogError(
      `${file}: "from" is ${parsed.data.from} but the Dockerfile builds FROM ${stages.join(', ') || 'nothing'}`,
    );
  }
  return {
    name,
    dir: folder,
    context: await resolveBuildContext(file, folder, parsed.data.context, contextRoot),
    description: parsed.data.description,
    tags: parsed.data.tags.map(normalizeReference),
    from,
    bases,
    parent: null,
  };
}

/**
 * What the FROM lines name: `stages` as written (normalised), and `images`, those that are images to
 * have rather than an earlier stage's name (`FROM build`) or a build argument (`FROM $BASE`).
 */
function dockerfileBases(dockerfile: string): { stages: string[]; images: string[] } {
  const stages: string[] = [];
  const images: string[] = [];
  const aliases = new Set<string>();
  for (const match of dockerfile.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/gim)) {
    const [, reference, alias] = match;
    if (!reference) continue;
    const normalised = normalizeReference(reference);
    stages.push(normalised);
    if (!reference.includes('$') && !aliases.has(reference.toLowerCase()) && !images.includes(normalised)) {
      images.push(normalised);
    }
    if (alias) aliases.add(alias.toLowerCase());
  }
  return { stages, images };
}

function linkParents(images: RunnerImage[]): void {
  const owner = new Map<string, string>();
  for (const image of images) {
    for (const tag of image.tags) {
      const other = owner.get(tag);
      if (other) throw new CatalogError(`images ${other} and ${image.name} both claim the tag ${tag}`);
      owner.set(tag, image.name);
    }
  }
  for (const image of images) image.parent = owner.get(image.from) ?? null;
}

function sortParentsFirst(images: RunnerImage[]): RunnerImage[] {
  const byName = new Map(images.map((image) => [image.name, image]));
  const sorted: RunnerImage[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (image: RunnerImage, path: string[]) => {
    if (state.get(image.name) === 'done') return;
    if (state.get(image.name) === 'visiting') {
      throw new CatalogError(`images build on each other in a cycle: ${[...path, image.name].join(' → ')}`);
    }
    state.set(image.name, 'visiting');
    const parent = image.parent === null ? undefined : byName.get(image.parent);
    if (parent) visit(parent, [...path, image.name]);
    state.set(image.name, 'done');
    sorted.push(image);
  };
  for (const image of images) visit(image, []);
  return sorted;
}

/** The image a user means by a folder name (`python`) or any of its tags (`gradebot/python:3`). */
export function findImage(catalog: RunnerImage[], nameOrTag: string): RunnerImage | undefined {
  const tag = normalizeReference(nameOrTag);
  return catalog.find((image) => image.name === nameOrTag || image.tags.includes(tag));
}

/** The catalog images `image` builds on, nearest last, so they can be built in the order given. */
export function ancestorsOf(catalog: RunnerImage[], image: RunnerImage): RunnerImage[] {
  const chain: RunnerImage[] = [];
  let parent = image.parent;
  while (parent !== null) {
    const found = catalog.find((candidate) => candidate.name === parent);
    if (!found) break;
    chain.unshift(found);
    parent = found.parent;
  }
  return chain;
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
