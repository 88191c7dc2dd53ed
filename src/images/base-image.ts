/**
 * Makes sure an external base image (debian:bookworm-slim) exists before anything builds on it:
 * present, else pulled, else, where no registry is reachable, made from Debian's mirror with
 * debootstrap and imported. The offline image is a fallback; the Dockerfiles are the same either way.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debianMirror } from '../config/cli-settings.js';
import { InfrastructureFault } from '../faults.js';
import type { BuildOutput } from './build-output.js';
import { missingImages } from './docker-images.js';
import { elapsed } from './elapsed.js';
import { runCommand, runPipeline, type CommandResult } from './run-command.js';

/**
 * The base could not be had on this machine (no registry, no debootstrap, not root, the mirror
 * failed): the machine's to fix, not the image definitions'.
 */
export class BaseImageError extends InfrastructureFault {
  override name = 'BaseImageError';
  constructor(
    message: string,
    readonly tail: string[] = [],
  ) {
    super(message);
  }
}

export interface BaseImageOptions {
  /** How long `docker pull` may take before the offline path is tried (default 60 s). */
  pullTimeoutMs?: number;
  /** Debian mirror for debootstrap (default: $GRADEBOT_DEBIAN_MIRROR, else debootstrap's own default). */
  mirror?: string;
}

/** `debian:bookworm-slim` → `bookworm`; null for images debootstrap cannot make. */
export function debianSuite(reference: string): string | null {
  const match = /^(?:docker\.io\/)?(?:library\/)?debian:([a-z]+)(?:-slim)?$/.exec(reference);
  return match?.[1] ?? null;
}

export async function ensureBaseImage(
  reference: string,
  terminal: BuildOutput,
  options: BaseImageOptions = {},
): Promise<void> {
  if ((await missingImages([reference])).length === 0) return;

  terminal.progress(`pulling ${reference}`);
  const pull = await runCommand('docker', ['pull', reference], {
    timeoutMs: options.pullTimeoutMs ?? 60_000,
  });
  if (pull.code === 0) return;

  const suite = debianSuite(reference);
  if (suite === null) {
    throw new BaseImageError(`cannot pull ${reference}, which the grading images build on`, pull.tail);
  }
  await debootstrapImage(reference, suite, terminal, options.mirror ?? debianMirror());
}

async function debootstrapImage(
  reference: string,
  suite: string,
  terminal: BuildOutput,
  mirror: string | undefined,
): Promise<void> {
  const program = await findDebootstrap();
  if (program === null) {
    throw new BaseImageError(
      `cannot pull ${reference} and debootstrap is not installed to build it offline: apt-get install debootstrap`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new BaseImageError(`cannot pull ${reference}, and building it offline with debootstrap needs root`);
  }
  const rootfs = await mkdtemp(join(tmpdir(), 'gradebot-rootfs-'));
  const started = Date.now();
  let doing = `no registry reachable: building ${reference} with debootstrap`;
  const show = () => terminal.progress(`${doing} (${elapsed(started)})`);
  const tick = setInterval(show, 1000);
  try {
    show();
    const args = ['--variant=minbase', suite, rootfs, ...(mirror ? [mirror] : [])];
    const bootstrap = await runCommand(program, args);
    failUnless(bootstrap, `debootstrap of ${suite} failed`);

    // Like the official slim image: no package lists or downloaded .debs baked into every layer above.
    await emptyDirectory(join(rootfs, 'var/lib/apt/lists'));
    await emptyDirectory(join(rootfs, 'var/cache/apt/archives'));

    doing = `importing ${reference} into Docker`;
    show();
    const imported = await runPipeline(
      ['tar', ['--numeric-owner', '-C', rootfs, '-c', '.']],
      ['docker', ['import', '--change', 'CMD ["bash"]', '-', reference]],
    );
    failUnless(imported, `docker import of ${reference} failed`);
  } finally {
    clearInterval(tick);
    await rm(rootfs, { recursive: true, force: true });
  }
}

async function findDebootstrap(): Promise<string | null> {
  // /usr/sbin is not on PATH for every shell, and debootstrap lives there.
  for (const candidate of ['debootstrap', '/usr/sbin/debootstrap']) {
    const probe = await runCommand(candidate, ['--version'], { timeoutMs: 10_000 });
    if (probe.error?.code !== 'ENOENT') return candidate;
  }
  return null;
}

function failUnless(result: CommandResult, message: string): void {
  if (result.code === 0) return;
  const reason = result.error ? `: ${result.error.message}` : result.timedOut ? ' (timed out)' : '';
  throw new BaseImageError(`${message}${reason}`, result.tail);
}

async function emptyDirectory(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  // `partial/` and `lock` are apt's own bookkeeping; apt recreates the rest.
  await Promise.all(
    names
      .filter((name) => name !== 'partial' && name !== 'lock')
      .map((name) => rm(join(dir, name), { recursive: true, force: true })),
  );
}
