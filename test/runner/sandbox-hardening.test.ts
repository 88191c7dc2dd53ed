/**
 * Every hardening setting of spec section 3, read back from the engine for a real container and,
 * where it matters, observed from inside it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/runner/sandbox/docker/container-config.js';
import { capturedText } from '../../src/exec/output-capture.js';
import type { Sandbox } from '../../src/runner/sandbox/sandbox.js';
import { ImageMissingError } from '../../src/runner/sandbox/sandbox-errors.js';
import { VERSION } from '../../src/version.js';
import { DockerSandboxProvider } from '../../src/runner/sandbox/docker/docker-provider.js';
import { SANDBOX_UID_BASE, SANDBOX_UID_COUNT } from '../../src/runner/sandbox/docker/sandbox-uids.js';
import { leftovers, testLimits, testProvider } from '../helpers/docker.js';

const MiB = 1024 * 1024;
const limits = testLimits({ cpus: 0.5, memoryBytes: 96 * MiB, pids: 50, diskBytes: 16 * MiB });
const provider = testProvider('hardening');
let sandbox: Sandbox;
let scratch: string;

const run = async (command: string, timeoutMs = 10_000) => {
  const result = await sandbox.exec({
    command,
    cwd: '/autograder/submission',
    timeoutMs,
    outputLimitBytes: 64 * 1024,
  });
  return { ...result, out: capturedText(result.stdout).trim(), err: capturedText(result.stderr).trim() };
};

beforeAll(async () => {
  process.env.GITHUB_TOKEN = 'ghs_must_not_leak';
  scratch = await mkdtemp(path.join(os.tmpdir(), 'gradebot-hardening-'));
  await writeFile(path.join(scratch, 'main.py'), 'print("hi")\n');
  sandbox = await provider.create({
    image: 'gradebot/python:3',
    limits,
    jobId: 'job-42',
    writableSource: false,
  });
  await sandbox.copyIn('submission', scratch);
  await sandbox.copyIn('source', scratch);
});

afterAll(async () => {
  delete process.env.GITHUB_TOKEN;
  await sandbox.destroy();
  await rm(scratch, { recursive: true, force: true });
});

describe('the created container', () => {
  it('is configured with every limit and label', async () => {
    const info = await provider.inspectContainer(sandbox.id);
    const host = info.HostConfig;
    expect(host.NetworkMode).toBe('none');
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd ?? []).toEqual([]);
    expect(host.Privileged).toBe(false);
    expect(host.SecurityOpt).toEqual(['no-new-privileges:true']);
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.Init).toBe(true);
    expect(host.Memory).toBe(96 * MiB);
    expect(host.MemorySwap).toBe(96 * MiB);
    expect(host.CpuQuota).toBe(50_000);
    expect(host.CpuPeriod).toBe(100_000);
    expect(host.PidsLimit).toBe(50);
    expect(host.Tmpfs).toMatchObject({
      '/autograder/submission': expect.stringContaining(`size=${16 * MiB}`),
      '/autograder/results': expect.stringContaining(`size=${16 * MiB}`),
      '/tmp': expect.stringContaining(`size=${16 * MiB}`),
    });
    expect(info.Config.User).not.toMatch(/^(|0|root)(:|$)/);
    expect(info.Config.Labels).toMatchObject({
      [LABELS.managed]: 'true',
      [LABELS.job]: 'job-42',
      [LABELS.runner]: provider.runnerId,
      [LABELS.version]: VERSION,
    });
    expect(info.Config.Env.join('\n')).not.toContain('ghs_must_not_leak');
  });
});

describe('inside the container', () => {
  it('runs student code as an unprivileged user with no capabilities and no new privileges', async () => {
    const result = await run('id -u; grep -E "^(CapEff|CapBnd|NoNewPrivs)" /proc/self/status');
    const [uid, ...rest] = result.out.split('\n');
    expect(Number(uid)).toBeGreaterThanOrEqual(SANDBOX_UID_BASE);
    expect(Number(uid)).toBeLessThan(SANDBOX_UID_BASE + SANDBOX_UID_COUNT);
    expect(rest).toEqual(['CapEff:\t0000000000000000', 'CapBnd:\t0000000000000000', 'NoNewPrivs:\t1']);
  });

  it('cannot write the root file system or the source folder, but can write its own folders', async () => {
    const result = await run(
      'for f in /etc/x /usr/x /autograder/source/x /autograder/x /autograder/submission/x /tmp/x /autograder/results/x; do (echo > $f) 2>/dev/null && echo "$f ok" || echo "$f denied"; done',
    );
    expect(result.out.split('\n')).toEqual([
      '/etc/x denied',
      '/usr/x denied',
      '/autograder/source/x denied',
      '/autograder/x denied',
      '/autograder/submission/x ok',
      '/tmp/x ok',
      '/autograder/results/x ok',
    ]);
  });

  it('sees no secret of the runner in its environment or files', async () => {
    const result = await run('env; ls -a /autograder/submission');
    expect(result.out).not.toContain('ghs_must_not_leak');
    expect(result.out).not.toMatch(/\.git\b/);
  });

  it('cannot start more processes than the pids limit', async () => {
    const result = await run(
      `python3 -c '
import os, time
n = 0
try:
    while n < 500:
        if os.fork() == 0:
            time.sleep(5); os._exit(0)
        n += 1
except OSError:
    pass
print(n)'; kill -KILL -1`,
    );
    expect(Number(result.out)).toBeGreaterThan(10);
    expect(Number(result.out)).toBeLessThan(50);
  });

  it('has the writable space capped at the disk limit', async () => {
    const result = await run('df -B1 --output=size /autograder/submission /tmp | tail -n +2');
    expect(result.out.split('\n').map((line) => Number(line.trim()))).toEqual([16 * MiB, 16 * MiB]);
  });
});

describe('the provider', () => {
  it('names a missing image as such', async () => {
    await expect(
      provider.create({ image: 'gradebot/no-such-image:1', limits, jobId: 'x', writableSource: false }),
    ).rejects.toBeInstanceOf(ImageMissingError);
  });

  it('removes the container on destroy, and destroy is safe twice', async () => {
    const extra = await provider.create({
      image: 'gradebot/python:3',
      limits,
      jobId: 'twice',
      writableSource: true,
    });
    await extra.destroy();
    await extra.destroy();
    await expect(provider.inspectContainer(extra.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('sweeps containers left behind by a runner of its deployment, and no other', async () => {
    const crashed = new DockerSandboxProvider({
      runnerId: `crashed-${process.pid}`,
      deployment: provider.deployment,
    });
    const elsewhere = new DockerSandboxProvider({
      runnerId: `elsewhere-${process.pid}`,
      deployment: 'another-course',
    });
    await crashed.create({ image: 'gradebot/python:3', limits, jobId: 'orphan', writableSource: false });
    await elsewhere.create({ image: 'gradebot/python:3', limits, jobId: 'not-ours', writableSource: false });
    // Every runner taken for dead: only this deployment's containers may go.
    expect(await provider.sweepWhere((runnerId) => runnerId !== provider.runnerId)).toBe(1);
    expect(await leftovers(crashed)).toBe(0);
    expect(await leftovers(elsewhere)).toBe(1);
  });
});
