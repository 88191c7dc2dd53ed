/**
 * The fake sandbox (test/helpers/fake-sandbox.ts) keeps the contract of `Sandbox` as the Docker one
 * does (test/runner/sandbox-*.test.ts check that against the engine): what each call returns, which
 * error it throws, and what it records; and it fails a test that runs a command nobody scripted.
 */
import { describe, expect, it } from 'vitest';
import { capturedText } from '../../src/exec/output-capture.js';
import { UnsafeResultsError } from '../../src/runner/sandbox/results-reader.js';
import type { ExecOptions, Sandbox, SandboxSpec } from '../../src/runner/sandbox/sandbox.js';
import {
  SandboxInfrastructureError,
  SandboxStoppedError,
  SubmissionTooLargeError,
} from '../../src/runner/sandbox/sandbox-errors.js';
import { testLimits } from '../helpers/docker.js';
import { fakeProvider, type SandboxScript } from '../helpers/fake-sandbox.js';

const SPEC: SandboxSpec = {
  image: 'gradebot/base:latest',
  limits: testLimits(),
  jobId: 'fake',
  writableSource: false,
};

const run = (sandbox: Sandbox, command: string, changes: Partial<ExecOptions> = {}) =>
  sandbox.exec({
    command,
    cwd: '/autograder/submission',
    timeoutMs: 5_000,
    outputLimitBytes: 1024,
    ...changes,
  });

async function oneSandbox(script: SandboxScript) {
  const provider = fakeProvider(script);
  return { provider, sandbox: await provider.create(SPEC) };
}

describe('a fake sandbox', () => {
  it('records what was created and every call in order, and removes itself once or twice', async () => {
    const { provider, sandbox } = await oneSandbox({ exec: [{ match: 'make' }, { match: /^\.\/test / }] });
    await sandbox.copyIn('submission', '/tmp/somewhere');
    await run(sandbox, 'make');
    await sandbox.saveSubmission();
    await sandbox.resetBetweenTests();
    await run(sandbox, './test one');
    await sandbox.copyOutResults(['results.json'], 1024);
    await sandbox.destroy();
    await sandbox.destroy();
    expect(provider.created).toEqual([SPEC]);
    const [fake] = provider.sandboxes;
    expect(fake!.steps()).toEqual([
      'copyIn submission',
      'exec: make',
      'saveSubmission',
      'resetBetweenTests',
      'exec: ./test one',
      'copyOutResults results.json',
    ]);
    expect(fake!.destroyed).toBe(true);
    provider.verify();
  });

  it('copies a spec’s source in while creating, and removes the sandbox when that fails', async () => {
    const tooLarge = new SubmissionTooLargeError('the source is larger than the sandbox');
    const provider = fakeProvider({ copyIn: { source: tooLarge } });
    const spec = { ...SPEC, source: { key: 'k', tar: Buffer.from('tar') } };
    await expect(provider.create(spec)).rejects.toBe(tooLarge);
    expect(provider.created).toEqual([spec]);
    expect(provider.sandboxes[0]!.steps()).toEqual(['copyIn source']);
    expect(provider.sandboxes[0]!.destroyed).toBe(true);
  });

  it('builds results with the real capture: bounded head and tail, the exit status, the timeout', async () => {
    const { sandbox } = await oneSandbox({
      exec: [
        { match: 'flood', result: { stdout: `${'a'.repeat(3000)}THE END`, stderr: 'oops\n', exitCode: 2 } },
        { match: 'sleep 99', result: { timedOut: true, exitCode: 0 } },
      ],
    });
    const flood = await run(sandbox, 'flood');
    expect(flood.exitCode).toBe(2);
    expect(flood.stdout.totalBytes).toBe(3007);
    expect(flood.stdout.head.length + flood.stdout.tail.length).toBe(1024);
    expect(capturedText(flood.stdout)).toMatch(/^a{512}\n\[… 1,983 bytes elided …\]\na{505}THE END$/);
    expect(capturedText(flood.stderr)).toBe('oops\n');
    // A command killed for its timeout has no exit status, and took its whole time.
    expect(await run(sandbox, 'sleep 99')).toMatchObject({
      exitCode: null,
      timedOut: true,
      durationMs: 5_000,
    });
  });

  it('answers with the first rule that matches; a string must be the whole command', async () => {
    const { provider, sandbox } = await oneSandbox({
      exec: [
        { match: 'echo', result: { stdout: 'whole' } },
        { match: /echo/, result: { stdout: 'pattern' } },
      ],
    });
    expect(capturedText((await run(sandbox, 'echo')).stdout)).toBe('whole');
    expect(capturedText((await run(sandbox, 'echo hi')).stdout)).toBe('pattern');
    provider.verify();
  });

  it('fails on a command no rule matches, and on a rule no command used', async () => {
    const { provider, sandbox } = await oneSandbox({ exec: [{ match: 'never' }] });
    await expect(run(sandbox, 'rm -rf /')).rejects.toThrow(
      'fake sandbox: no rule matches the command `rm -rf /`',
    );
    expect(() => provider.verify()).toThrow(
      'fake sandbox: no rule matches the command `rm -rf /`; unused rule never',
    );
  });

  it('throws what a rule says; once stopped, every later call is refused as stopped', async () => {
    const { sandbox } = await oneSandbox({
      exec: [{ match: 'fork bomb', throws: new SandboxStoppedError('the sandbox was stopped') }],
    });
    await expect(run(sandbox, 'fork bomb')).rejects.toBeInstanceOf(SandboxStoppedError);
    await expect(run(sandbox, 'echo alive')).rejects.toBeInstanceOf(SandboxStoppedError);
    await expect(sandbox.resetBetweenTests()).rejects.toBeInstanceOf(SandboxStoppedError);
    await expect(sandbox.copyOutResults(['results.json'], 1024)).rejects.toBeInstanceOf(SandboxStoppedError);
  });

  it('refuses every call once removed, as an infrastructure error', async () => {
    const { sandbox } = await oneSandbox({});
    await sandbox.destroy();
    await expect(sandbox.copyIn('submission', '/tmp/x')).rejects.toBeInstanceOf(SandboxInfrastructureError);
    await expect(run(sandbox, 'true')).rejects.toBeInstanceOf(SandboxInfrastructureError);
  });

  it('refuses a reset before the submission was saved', async () => {
    const { sandbox } = await oneSandbox({});
    await expect(sandbox.resetBetweenTests()).rejects.toThrow('resetBetweenTests before saveSubmission');
  });

  it('throws the scripted copy-in error for its area only', async () => {
    const tooLarge = new SubmissionTooLargeError('the submission is larger than the sandbox');
    const { sandbox } = await oneSandbox({ copyIn: { submission: tooLarge } });
    await expect(sandbox.copyIn('submission', '/tmp/x')).rejects.toBe(tooLarge);
  });
});

describe('copying results out of a fake sandbox', () => {
  const results = {
    'results.json': '{"score": 1}',
    'other.txt': 'never read',
    'big.bin': Buffer.alloc(2048),
  };

  it('returns the named files that exist, and nothing else', async () => {
    const { sandbox } = await oneSandbox({ results });
    const files = await sandbox.copyOutResults(['results.json', 'missing.json'], 1024);
    expect(Object.fromEntries([...files].map(([name, body]) => [name, body.toString()]))).toEqual({
      'results.json': '{"score": 1}',
    });
  });

  it('refuses more than the bytes allowed, as the real reader does', async () => {
    const { sandbox } = await oneSandbox({ results });
    const reading = sandbox.copyOutResults(['big.bin'], 1024);
    await expect(reading).rejects.toBeInstanceOf(UnsafeResultsError);
    await expect(reading).rejects.toThrow('big.bin takes 2 KiB, more than the 1 KiB that are read back');
  });

  it('refuses a symbolic link the student planted', async () => {
    const { sandbox } = await oneSandbox({ results: { 'results.json': { symlink: '/etc/shadow' } } });
    const reading = sandbox.copyOutResults(['results.json'], 1024);
    await expect(reading).rejects.toBeInstanceOf(UnsafeResultsError);
    await expect(reading).rejects.toThrow('a symbolic link results.json -> /etc/shadow');
  });
});
