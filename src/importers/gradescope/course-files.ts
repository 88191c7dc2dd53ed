/**
 * The files an import writes besides the autograder's own: the course file and the course image
 * that reproduces Gradescope's build of the autograder (its setup.sh run as root on a Python 3
 * image). Pure and deterministic: the same zip and options give the same bytes.
 */
import { stringify } from 'yaml';
import { COURSE_IMAGES_FOLDER } from '../../images/course-images.js';
import { PATHS } from '../../runner/sandbox/sandbox.js';
import type { CourseFile } from '../write-course-folder.js';
import { RUN_AUTOGRADER, SETUP_SCRIPT } from './autograder-layout.js';

/**
 * What an imported autograder builds on unless --base says otherwise: Python 3, pip and the build
 * tools, as Gradescope's Ubuntu images have (runner-images/gradescope/).
 */
export const GRADESCOPE_BASE_IMAGE = 'gradebot/gradescope:bookworm';

/** The label naming the course image on it and on what its failed builds leave behind. */
export const COURSE_IMAGE_LABEL = 'org.gradebot.course-image';

/** Where gradebot/gradescope keeps what runs setup.sh; copied from it onto any other base. */
const SETUP_TOOLS = '/usr/local/lib/gradebot/gradescope';

export interface ImportedAssignment {
  /** The zip's file name, for comments. */
  zipName: string;
  course: string;
  id: string;
  /** The course image's tag. */
  image: string;
  /** The due date as given with --due; undefined for none. */
  due?: string;
  hasSetup: boolean;
  /** The image the course image builds FROM (--base), GRADESCOPE_BASE_IMAGE by default. */
  base: string;
  /** The assignment's total points (Gradescope keeps them in its settings); absent when not given. */
  points?: number;
}

export function courseFiles(imported: ImportedAssignment): CourseFile[] {
  const imageDir = `${COURSE_IMAGES_FOLDER}/${imported.id}`;
  return [
    { path: 'gradebot.yml', content: courseFile(imported) },
    { path: `${imageDir}/Dockerfile`, content: dockerfile(imported) },
    { path: `${imageDir}/image.json`, content: imageJson(imported) },
  ];
}

function courseFile({ zipName, course, id, image, points, due }: ImportedAssignment): string {
  const header = [
    `# Imported from ${printable(zipName)} by gradebot import gradescope.`,
    '# Build the grading image before grading: gradebot images build --course <this folder>',
    // limits.time is left at its default on purpose: it is Gradescope's default too.
    "# The job's time limit is gradebot's default, 10 minutes, as on Gradescope (limits.time).",
  ];
  const body = stringify(
    {
      course,
      assignments: {
        [id]: {
          grader: RUN_AUTOGRADER,
          image,
          ...(points !== undefined ? { points } : {}),
          ...(due === undefined ? {} : { due }),
        },
      },
    },
    { lineWidth: 0 },
  );
  return `${header.join('\n')}\n${body}`;
}

function dockerfile({ zipName, id, image, hasSetup, base }: ImportedAssignment): string {
  const setup = hasSetup
    ? [
        '# setup.sh runs as on Gradescope: as root, with bash, after apt-get update, here in the',
        '# source folder. The build fails, naming what went wrong, if setup.sh exits non-zero or any',
        '# apt-get or apt call in it fails; package lists are dropped afterwards to keep the image small.',
        'WORKDIR /autograder/source',
        'RUN apt-get update \\',
        ` && ${SETUP_TOOLS}/run-setup /autograder/source/${SETUP_SCRIPT} \\`,
        ' && apt-get clean \\',
        ' && rm -rf /var/lib/apt/lists/*',
      ]
    : [`# The autograder has no ${SETUP_SCRIPT}: nothing else to install.`];
  return [
    `# Grading image of the Gradescope autograder ${id}, imported from ${printable(zipName)}.`,
    "# Built the way Gradescope builds one, from the autograder's own setup.sh:",
    '#   gradebot images build --course <course folder>',
    `# The build context is the assignment folder ${id}/ ("context" in image.json).`,
    `FROM ${GRADESCOPE_BASE_IMAGE} AS gradebot-tools`,
    '',
    '# The image the autograder builds on: change this line to build on another (an Ubuntu image of',
    "# Gradescope's where a registry serves one), then rebuild. gradebot's sandbox needs sh, tar, kill",
    `# and sleep in it, and setup.sh whatever it assumes; ${GRADESCOPE_BASE_IMAGE} has Python 3, pip and the build tools.`,
    `FROM ${base}`,
    "# Marks the image, and the layers a failed build leaves in the cache, as this assignment's.",
    `LABEL ${COURSE_IMAGE_LABEL}=${image}`,
    `COPY --from=gradebot-tools ${SETUP_TOOLS}/ ${SETUP_TOOLS}/`,
    '',
    '# Only while building: apt-get in setup.sh must never stop to ask a question.',
    'ARG DEBIAN_FRONTEND=noninteractive',
    "# Gradescope's Ubuntu lets pip install into the system Python; Debian refuses (PEP 668) unless told.",
    'ENV PIP_BREAK_SYSTEM_PACKAGES=1',
    '',
    "# The autograder's files, where Gradescope unzips them.",
    'COPY . /autograder/source',
    '# Gradescope also puts a copy of run_autograder at the top of /autograder.',
    `RUN cp /autograder/source/${RUN_AUTOGRADER} /autograder/${RUN_AUTOGRADER}`,
    '',
    ...setup,
    '',
    '# gradebot grades as an unprivileged uid, not root: every file readable and every folder searchable by all,',
    '# and run_autograder executable, whatever modes the zip or setup.sh left.',
    'RUN chmod -R a+rX /autograder \\',
    ` && chmod a+rx /autograder/${RUN_AUTOGRADER} /autograder/source/${RUN_AUTOGRADER}`,
    '',
    '# gradebot mounts a fresh /autograder for every submission, so what setup.sh left there would be',
    '# lost; kept here, its source/ files are added to /autograder/source before run_autograder runs',
    "# (the assignment folder's own files win).",
    `RUN mkdir -p ${PATHS.preparedAutograder} && cp -a /autograder/. ${PATHS.preparedAutograder}`,
    'WORKDIR /autograder',
    '',
  ].join('\n');
}

function imageJson({ zipName, id, image, hasSetup, base }: ImportedAssignment): string {
  const recipe = hasSetup ? `plus its ${SETUP_SCRIPT}` : `and its files (it has no ${SETUP_SCRIPT})`;
  const json = {
    description: `Gradescope autograder ${id}, imported from ${printable(zipName)}: ${base} ${recipe}`,
    // What must be built first: gradebot-tools comes from it whatever the base.
    from: GRADESCOPE_BASE_IMAGE,
    tags: [image],
    context: `../../${id}`,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** A file name as it may appear in a comment: one line, no control characters. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '?');
}
