/**
 * The fault taxonomy (src/faults.ts): every error class of src/ extends one of the two bases, with the
 * flag that says what the runner does with it; see docs/runners.md, "Failures by class".
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderTooLargeError } from '../src/archive/tar-pack.js';
import { UnsafeArchiveError } from '../src/archive/folder-archive.js';
import { CourseError, UnknownAssignmentError } from '../src/course/course-error.js';
import { DueDateError } from '../src/course/due-date.js';
import { UnitError } from '../src/course/units.js';
import { InfrastructureFault, SubmissionFault } from '../src/faults.js';
import { BaseImageError } from '../src/images/base-image.js';
import { BuildError } from '../src/images/build-images.js';
import { CatalogError } from '../src/images/catalog-error.js';
import { DockerUnavailableError } from '../src/images/docker-images.js';
import { AutogradingFileError } from '../src/importers/classroom/autograding-file.js';
import { ImportError } from '../src/importers/gradescope/import-error.js';
import { UnsafeZipError } from '../src/importers/gradescope/read-zip.js';
import { BotUnavailableError, TokenRequestError } from '../src/runner/daemon/bot-token.js';
import { MissingBlobError } from '../src/runner/daemon/workspace.js';
import { UnsafeResultsError } from '../src/runner/sandbox/results-reader.js';
import {
  errorMessage,
  ImageMissingError,
  SandboxInfrastructureError,
  SandboxStoppedError,
  UnusableImageError,
  SubmissionTooLargeError,
} from '../src/runner/sandbox/sandbox-errors.js';
import {
  CommitNotFoundError,
  GitFetchError,
  GitHostUnavailableError,
  InvalidGitSourceError,
} from '../src/runner/git/fetch-commit.js';
import { PackTooLargeError } from '../src/runner/git/pack-limit.js';
import { TreeTooLargeError } from '../src/runner/git/tree-size.js';
import { CorruptBlobError, InvalidDigestError } from '../src/store/blob-store.js';

class UnreachableCommit extends SubmissionFault {
  override name = 'UnreachableCommit';
  override readonly counts = false;
}

class EngineDown extends InfrastructureFault {
  override name = 'EngineDown';
}

describe('the fault bases', () => {
  it('are errors that keep their name and message', () => {
    const fault = new UnreachableCommit('commit abc is not in the repository');
    expect(fault).toBeInstanceOf(Error);
    expect(fault.name).toBe('UnreachableCommit');
    expect(fault.message).toBe('commit abc is not in the repository');
    expect(new EngineDown('no engine').name).toBe('EngineDown');
  });

  it('tell the student that a submission could not be fetched, by default', () => {
    expect(new UnreachableCommit('commit abc is not in the repository').explain()).toBe(
      'The submission could not be fetched: commit abc is not in the repository.',
    );
  });

  it('spend an attempt on an infrastructure fault unless the class says otherwise', () => {
    expect(new EngineDown('no engine').spendsAttempt).toBe(true);
  });

  it('are apart: a fault is of one kind only', () => {
    expect(new UnreachableCommit('x')).not.toBeInstanceOf(InfrastructureFault);
    expect(new EngineDown('x')).not.toBeInstanceOf(SubmissionFault);
  });
});

const problem = { file: 'gradebot.yml', line: 3, column: 5, path: 'timezone', message: 'unknown zone' };

/** Every error class of src/, made as its throwers make it, by what the runner makes of it. */
const faults: Record<string, Error[]> = {
  retried: [
    new SandboxInfrastructureError('the engine went away'),
    new ImageMissingError('no image gradebot/python'),
    new GitFetchError('could not reach the server'),
    new TokenRequestError('the bot refused the request'),
    new DockerUnavailableError('the engine does not answer'),
    new BaseImageError('cannot pull debian:bookworm-slim', ['timeout']),
  ],
  'waited out': [
    new BotUnavailableError('the bot did not answer'),
    new GitHostUnavailableError('could not resolve host'),
  ],
  counted: [
    new SubmissionTooLargeError('the submission is too large'),
    new TreeTooLargeError('the commit holds more than 10 bytes'),
    new PackTooLargeError('the pack is larger than 10 bytes'),
    new UnsafeResultsError('the results folder holds a link'),
  ],
  'not counted': [
    new CommitNotFoundError('abc123', 'https://git.example/repo.git'),
    new InvalidGitSourceError('not a git URL'),
    new MissingBlobError('the course archive abc is no longer stored'),
    new InvalidDigestError('not a digest'),
    new CorruptBlobError('the blob does not hash to its digest'),
    new UnsafeArchiveError('an absolute path'),
    new CourseError([problem]),
    new UnknownAssignmentError('hw9', 'no assignment "hw9"'),
    new DueDateError('not a date'),
    new UnitError('expected a size'),
    new CatalogError('image.json is not JSON'),
    new BuildError('building image python failed', ['E: no such package']),
    new ImportError('no autograder.zip'),
    new UnsafeZipError('an entry outside the folder'),
    new AutogradingFileError(['tests[0]: no name', 'tests[1]: no run']),
    new FolderTooLargeError('bytes', 'the folder holds more than 10 bytes'),
    new SandboxStoppedError('the sandbox was stopped'),
    new UnusableImageError("the grading image's /etc is larger than 32 MiB"),
  ],
};

/** [class name, kind, fault] for each fault above. */
const cases = Object.entries(faults).flatMap(([kind, list]) =>
  list.map((fault) => [fault.constructor.name, kind, fault] as const),
);

/** What the runner reads from a fault: its base, then that base's flag. */
function kindOf(fault: Error): string {
  if (fault instanceof SubmissionFault && fault instanceof InfrastructureFault) return 'both';
  if (fault instanceof InfrastructureFault) return fault.spendsAttempt ? 'retried' : 'waited out';
  if (fault instanceof SubmissionFault) return fault.counts ? 'counted' : 'not counted';
  return 'neither';
}

describe('every error class of gradebot', () => {
  it.each(cases)('%s is %s, and named after its class', (name, kind, fault) => {
    expect(kindOf(fault)).toBe(kind);
    expect(fault.name).toBe(name);
  });

  it('is listed here, and none but the two bases extends Error itself', async () => {
    const declared = new Map<string, string>();
    for (const file of await sourceFiles(path.resolve('src'))) {
      for (const match of (await readFile(file, 'utf8')).matchAll(
        /class (\w+) extends (\w*(?:Error|Fault))\b/g,
      )) {
        declared.set(match[1]!, match[2]!);
      }
    }
    // The bases themselves are the only classes that extend Error directly.
    expect(declared.get('SubmissionFault')).toBe('Error');
    expect(declared.get('InfrastructureFault')).toBe('Error');
    declared.delete('SubmissionFault');
    declared.delete('InfrastructureFault');
    expect([...declared.keys()].sort()).toEqual(cases.map(([name]) => name).sort());
    expect([...declared.values()]).not.toContain('Error');
  });

  it('keeps each message and the fields its catchers read', () => {
    expect(new CommitNotFoundError('abc123', 'https://git.example/repo.git').message).toBe(
      'commit abc123 is not in https://git.example/repo.git',
    );
    expect(new CourseError([problem]).problems).toEqual([problem]);
    expect(new FolderTooLargeError('entries', 'too many').limit).toBe('entries');
    expect(new BuildError('failed', ['last line']).tail).toEqual(['last line']);
    expect(new AutogradingFileError(['a', 'b']).message).toBe('a\nb');
  });

  it('still names a fault that has no message by its class', () => {
    expect(errorMessage(new SandboxInfrastructureError(''))).toBe(
      'SandboxInfrastructureError without a message',
    );
  });

  it("explains a broken course in today's words, one problem a line", () => {
    const missing = { file: 'gradebot.yml', line: 0, column: 0, path: '', message: 'not found' };
    expect(new CourseError([problem, missing]).explain()).toBe(
      'The course configuration is invalid:\ngradebot.yml:3:5: timezone: unknown zone\ngradebot.yml: not found',
    );
  });

  it("explains a commit the server does not have in today's words", () => {
    expect(new CommitNotFoundError('abc123', 'https://git.example/repo.git').explain()).toBe(
      'The submission could not be fetched: commit abc123 is not in https://git.example/repo.git.',
    );
  });
});

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
