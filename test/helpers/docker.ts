/** Sandbox providers for tests against the real engine, each with its own runner id. */
import type { Limits } from '../../src/course/types.js';
import { DockerSandboxProvider } from '../../src/runner/sandbox/docker/docker-provider.js';

const MiB = 1024 * 1024;

/** Small sandbox limits for tests that create sandboxes directly, with what the test needs changed. */
export function testLimits(changes: Partial<Limits> = {}): Limits {
  return {
    cpus: 1,
    memoryBytes: 64 * MiB,
    pids: 32,
    timeMs: 60_000,
    outputBytes: 64 * 1024,
    diskBytes: 8 * MiB,
    ...changes,
  };
}

export function testProvider(name: string): DockerSandboxProvider {
  return new DockerSandboxProvider({ runnerId: `test-${name}-${process.pid}`, deployment: `test-${name}` });
}

/** Removes and counts the containers this provider's runner id still has on the engine. */
export async function leftovers(provider: DockerSandboxProvider): Promise<number> {
  return provider.sweep(provider.runnerId);
}
