/**
 * What the local Docker engine holds, asked through the `docker` CLI: the sandbox adapter is the only
 * module allowed to use dockerode, and the CLI also honours DOCKER_HOST and contexts for free.
 */
import { InfrastructureFault } from '../faults.js';
import { runCommand } from './run-command.js';

export class DockerUnavailableError extends InfrastructureFault {
  override name = 'DockerUnavailableError';
}

/** Fails with a one-line reason when the engine does not answer. */
export async function assertDockerReachable(): Promise<void> {
  const result = await runCommand('docker', ['version', '--format', '{{.Server.Version}}'], {
    timeoutMs: 20_000,
  });
  if (result.error?.code === 'ENOENT') {
    throw new DockerUnavailableError('the docker command is not installed (apt-get install docker.io)');
  }
  if (result.code !== 0) {
    const reason = result.timedOut
      ? 'no answer within 20 s'
      : (result.tail.at(-1) ?? `exit status ${result.code}`);
    throw new DockerUnavailableError(`cannot reach the Docker engine: ${reason}`);
  }
}

/**
 * Which of `tags` the engine does not have, in the order given. Only the absence of an image counts
 * as missing; any other failure (engine down) is thrown so callers do not mistake it for "build it".
 */
export async function missingImages(tags: string[]): Promise<string[]> {
  const checks = await Promise.all(
    tags.map(async (tag) => {
      const result = await runCommand('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], {
        timeoutMs: 20_000,
      });
      if (result.code === 0) return null;
      if (result.tail.some((line) => /no such (image|object)/i.test(line))) return tag;
      throw new DockerUnavailableError(
        `cannot inspect image ${tag}: ${result.tail.at(-1) ?? result.error?.message ?? 'no answer'}`,
      );
    }),
  );
  return checks.filter((tag): tag is string => tag !== null);
}

/**
 * Same as `missingImages`; the name is kept for callers written against it. Despite the name it
 * returns the tags that are NOT present.
 */
export const imagesPresent = missingImages;
