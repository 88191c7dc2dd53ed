/**
 * The files of an imported course folder: the course file, and the assignment folder, which gradebot
 * requires to exist, holding a README that says what belongs there.
 */
import { COURSE_FILE } from '../../course/load-course.js';
import type { CourseFile } from '../write-course-folder.js';

export function courseFiles(courseText: string, assignment: string, sourceName: string): CourseFile[] {
  return [
    { path: COURSE_FILE, content: courseText },
    { path: `${assignment}/README.md`, content: assignmentReadme(assignment, sourceName) },
  ];
}

function assignmentReadme(assignment: string, sourceName: string): string {
  return `# ${assignment}

The assignment folder of \`${assignment}\`, imported from GitHub Classroom's \`${sourceName}\`.

gradebot copies this folder, read-only, to \`/autograder/source\` in the grading container. The
imported tests run in the student's files (\`/autograder/submission\`), as they did in Classroom, so
nothing has to be here. Put here what the tests need and students must not change (test scripts,
input files, reference programs), and refer to it as \`/autograder/source/<file>\` in the tests of
\`../${COURSE_FILE}\`. Expected outputs can move here too, with \`stdout_file\`: they never reach
the container.
`;
}
