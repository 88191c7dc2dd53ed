/**
 * Keeps sandboxes created and started ahead of need, so a job's critical path skips container
 * creation and start. A sandbox is still used for exactly one job and destroyed after it; the pool
 * only moves the creation earlier. Warm sandboxes match the last jobs' image, limits and assignment
 * folder, which is copied in ahead too: at a deadline, the next student's job finds it there.
 */
import type { Sandbox, SandboxProvider, SandboxSpec } from './sandbox.js';

export interface PrestartPoolOptions {
  /** Most sandboxes kept waiting at once, over all images (default 1; a runner uses its concurrency). */
  size?: number;
  /** Told about warm-ups that failed (an image removed, the engine down); the job path is unaffected. */
  onError?: (error: unknown) => void;
  /** Told of every sandbox asked for: whether a warm one was ready (a metric). */
  onTake?: (hit: boolean) => void;
}

/** A warm sandbox never knows its job, so it is labelled with this instead. */
export const PRESTARTED_JOB = 'prestarted';

interface Warm {
  key: string;
  ready: Promise<Sandbox | null>;
}

export class PrestartPool implements SandboxProvider {
  private readonly size: number;
  private warm: Warm[] = [];
  private closed = false;

  constructor(
    private readonly provider: SandboxProvider,
    private readonly options: PrestartPoolOptions = {},
  ) {
    this.size = options.size ?? 1;
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    const key = keyOf(spec);
    const index = this.warm.findIndex((w) => w.key === key);
    let sandbox: Sandbox | null = null;
    if (index >= 0) {
      const [taken] = this.warm.splice(index, 1);
      sandbox = await taken!.ready;
    }
    this.prestart(spec);
    this.options.onTake?.(sandbox !== null);
    return sandbox ?? this.provider.create(spec);
  }

  /** Removes every waiting sandbox; later calls create directly. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const waiting = this.warm.splice(0);
    await Promise.all(waiting.map(async (w) => (await w.ready)?.destroy()));
  }

  /** Starts a sandbox like `spec` in the background, making room by dropping the oldest waiting one. */
  private prestart(spec: SandboxSpec): void {
    if (this.closed) return;
    while (this.warm.length >= this.size) {
      const oldest = this.warm.shift()!;
      void oldest.ready.then((s) => s?.destroy());
    }
    const ready = this.provider.create({ ...spec, jobId: PRESTARTED_JOB }).catch((error: unknown) => {
      this.options.onError?.(error);
      return null;
    });
    this.warm.push({ key: keyOf(spec), ready });
  }
}

function keyOf(spec: SandboxSpec): string {
  return JSON.stringify([
    spec.image,
    spec.limits,
    spec.writableSource,
    spec.asRoot ?? false,
    spec.source?.key ?? null,
  ]);
}
