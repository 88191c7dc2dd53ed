/**
 * A SandboxProvider that times what its sandboxes cost: creation (started, source copied in), each
 * command, and removal, told to `observe` in seconds (the runner's `gradebot_sandbox_seconds`).
 * Whatever the adapter underneath, Docker or a fake.
 */
import type { Area, CopyInOptions, ExecOptions, Sandbox, SandboxProvider, SandboxSpec } from './sandbox.js';

export type SandboxTimings = (operation: 'create' | 'exec' | 'destroy', seconds: number) => void;

export function timedProvider(
  provider: SandboxProvider,
  observe: SandboxTimings,
  now: () => number = Date.now,
): SandboxProvider {
  const timed = async <T>(operation: 'create' | 'exec' | 'destroy', run: () => Promise<T>): Promise<T> => {
    const started = now();
    try {
      return await run();
    } finally {
      observe(operation, (now() - started) / 1000);
    }
  };
  return {
    create: async (spec: SandboxSpec) => {
      const sandbox = await timed('create', () => provider.create(spec));
      return new TimedSandbox(sandbox, timed);
    },
  };
}

type Timed = <T>(operation: 'create' | 'exec' | 'destroy', run: () => Promise<T>) => Promise<T>;

class TimedSandbox implements Sandbox {
  constructor(
    private readonly inner: Sandbox,
    private readonly timed: Timed,
  ) {}

  get id(): string {
    return this.inner.id;
  }

  copyIn(area: Area, from: string | Buffer, options?: CopyInOptions) {
    return this.inner.copyIn(area, from, options);
  }

  copyInFile(name: string, content: Buffer) {
    return this.inner.copyInFile(name, content);
  }

  exec(options: ExecOptions) {
    return this.timed('exec', () => this.inner.exec(options));
  }

  saveSubmission() {
    return this.inner.saveSubmission();
  }

  resetBetweenTests() {
    return this.inner.resetBetweenTests();
  }

  copyOutResults(names: readonly string[], maxBytes: number) {
    return this.inner.copyOutResults(names, maxBytes);
  }

  destroy() {
    return this.timed('destroy', () => this.inner.destroy());
  }
}
