/**
 * The `sudo -H pip3 install pytest` line of Classroom's Python preset, and lines like it: they need
 * root and the network, which the sandbox never has, so they fail every submission. What they
 * install must come from the grading image instead; this knows what gradebot's own images carry.
 */

/** Python packages each gradebot image family provides, by tag prefix (see runner-images/README.md). */
const IMAGE_PACKAGES: [prefix: string, packages: string[]][] = [['gradebot/python:', ['pytest']]];

/** The image that has what Classroom's Python preset installs. */
export const PYTHON_IMAGE = 'gradebot/python:3';

/** `sudo`, its `-H`, then pip as a program or a module, then `install` and plain package names only. */
const PIP_LINE =
  /^\s*(?:sudo\s+(?:-H\s+)?)?(?:pip3?|python3?\s+-m\s+pip)\s+install\s+((?:[A-Za-z0-9][\w.[\]=<>~!,-]*\s*)+)$/;

/** The package names a lone pip-install line installs (versions dropped, lower case); null for any other command. */
export function pipInstalls(command: string): string[] | null {
  const found = PIP_LINE.exec(command);
  if (!found) return null;
  return found[1]!
    .trim()
    .split(/\s+/)
    .map((spec) => spec.replace(/[[<>=~!].*$/, '').toLowerCase());
}

/** Whether `image` is known to provide every one of `packages`. */
export function imageProvides(image: string, packages: string[]): boolean {
  const provided = IMAGE_PACKAGES.find(([prefix]) => image.startsWith(prefix))?.[1] ?? [];
  return packages.every((name) => provided.includes(name));
}

/**
 * What to do with a test's setup that is a pip-install line: drop it when the image has it all,
 * else keep it and say which image to use or build. Null when `setup` is no such line.
 */
export function pipSetupAdvice(setup: string, image: string): { drop: boolean; warning: string } | null {
  const packages = pipInstalls(setup);
  if (packages === null) return null;
  const names = packages.join(', ');
  const line = JSON.stringify(setup);
  if (imageProvides(image, packages)) {
    return {
      drop: true,
      warning: `dropped setup ${line}: ${image} already has ${names}, and the sandbox has neither root nor the network to install anything`,
    };
  }
  const advice = imageProvides(PYTHON_IMAGE, packages)
    ? `grade with ${PYTHON_IMAGE}, which has ${names} (--image ${PYTHON_IMAGE})`
    : `build an image FROM ${PYTHON_IMAGE} that installs ${names} (see docs/images.md) and pass it with --image`;
  return {
    drop: false,
    warning: `setup ${line} needs root and the network, which the sandbox has not, so it fails every submission: ${advice}`,
  };
}
