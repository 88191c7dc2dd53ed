/** Sandbox providers for tests against the real engine, each with its own runner id. */
import { DockerSandboxProvider } from '../../src/runner/sandbox/docker/docker-provider.js';

export function testProvider(name: string): DockerSandboxProvider {
  return new DockerSandboxProvider({ runnerId: `test-${name}-${process.pid}`, deployment: `test-${name}` });
}

/** Removes and counts the containers this provider's runner id still has on the engine. */
export async function leftovers(provider: DockerSandboxProvider): Promise<number> {
  return provider.sweep(provider.runnerId);
}
