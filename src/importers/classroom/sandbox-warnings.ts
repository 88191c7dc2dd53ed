/**
 * What a Classroom setup or run command calls that gradebot's sandbox cannot serve: root and the
 * network (Classroom ran on a GitHub-hosted machine with both; Gradle and Maven download what
 * they build with), and the repository's history (its
 * tests ran in a clone; gradebot's run in the pushed files without `.git`). Each fails every
 * submission, so the import names it for the instructor.
 */
import { spokenList } from './spoken-list.js';

/** Calls that need root or the network. Whole words only. */
const NEEDS_ROOT_OR_NETWORK =
  /(?<![\w./-])(?:sudo|apt-get|apt|curl|wget|pip3?\s+install|npm\s+(?:install|ci))(?![\w./-])/g;

/** Build tools that fetch themselves or the project's dependencies on first use, as a command. */
const DOWNLOADING_BUILD = /(?:^|[;&|(])\s*((?:\.\/)?(?:gradlew|mvnw|gradle|mvn))(?=\s|$)/g;

/** A git subcommand, `git log` or `git diff`: they read the `.git` folder the sandbox leaves out. */
const GIT_CALL = /(?<![\w./-])git\s+[a-z][a-z-]*/g;

/** One warning per command and kind of call, naming its field and every such call. */
export function sandboxWarnings(commands: [field: string, command: string | null | undefined][]): string[] {
  return commands.flatMap(([field, command]) => {
    const warnings: string[] = [];
    const needs = callsOf(command, NEEDS_ROOT_OR_NETWORK);
    if (needs.length > 0) {
      warnings.push(
        `${field} runs ${quoted(needs)}, which ${needs.length === 1 ? 'needs' : 'need'} root or the network; the ` +
          'sandbox has neither, so install what the test needs in the grading image (--image)',
      );
    }
    const builds = callsOf(command, DOWNLOADING_BUILD);
    if (builds.length > 0) {
      warnings.push(
        `${field} runs ${quoted(builds)}, which downloads the build tool or the project's dependencies ` +
          'unless they are already there; the sandbox has no network, so the grading image must hold ' +
          'them (run the build once while building the image)',
      );
    }
    const git = callsOf(command, GIT_CALL);
    if (git.length > 0) {
      warnings.push(
        `${field} runs ${quoted(git)}, which reads the repository's history: Classroom ran the tests in a ` +
          'clone, gradebot runs them in the pushed files without .git, so it cannot read it here; check ' +
          'history outside the tests',
      );
    }
    return warnings;
  });
}

function callsOf(command: string | null | undefined, calls: RegExp): string[] {
  return [...new Set([...(command ?? '').matchAll(calls)].map((match) => match[1] ?? match[0]))];
}

function quoted(calls: string[]): string {
  return spokenList(calls.map((call) => JSON.stringify(call)));
}
