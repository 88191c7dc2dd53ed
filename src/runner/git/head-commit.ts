/**
 * The commit a local folder is at, for `gradebot grade`: read with git, so it lives beside the
 * other code that runs git.
 */
import { simpleGit } from 'simple-git';

/** The commit when the folder is the top of a git work tree; local folders often are not. */
export async function headCommit(dir: string): Promise<string | null> {
  try {
    const git = simpleGit(dir);
    if ((await git.revparse(['--show-toplevel'])) !== dir) return null;
    return await git.revparse(['HEAD']);
  } catch {
    return null;
  }
}
