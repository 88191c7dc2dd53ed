/**
 * A sandbox created `asRoot`, as a Gradescope grader gets by default: root inside the container with
 * exactly the capabilities that adding users and switching to them need, users it adds confined to
 * the sandbox's own uid block, those users unable to get root back, and the runner still able to
 * kill everything and read what root left in the results folder. Real Docker throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IMAGE_FOLDER_MAX_BYTES,
  ROOT_CAPABILITIES,
} from '../../src/runner/sandbox/docker/container-config.js';
import { capturedText } from '../../src/exec/output-capture.js';
import type { Sandbox } from '../../src/runner/sandbox/sandbox.js';
import { SANDBOX_UID_BLOCK, uidContainerName } from '../../src/runner/sandbox/docker/sandbox-uids.js';
import { testLimits, testProvider } from '../helpers/docker.js';

const MiB = 1024 * 1024;
const limits = testLimits({ memoryBytes: 128 * MiB, pids: 64, diskBytes: 16 * MiB });
const provider = testProvider('root');
let sandbox: Sandbox;

const run = async (command: string, timeoutMs = 20_000) => {
  const result = await sandbox.exec({ command, cwd: '/autograder', timeoutMs, outputLimitBytes: 64 * 1024 });
  return { ...result, out: capturedText(result.stdout).trim(), err: capturedText(result.stderr).trim() };
};

/** The capability names a CapEff/CapBnd mask holds (bit numbers from linux/capability.h). */
const CAPABILITY_BITS: Record<number, string> = {
  0: 'CHOWN',
  1: 'DAC_OVERRIDE',
  2: 'DAC_READ_SEARCH',
  3: 'FOWNER',
  4: 'FSETID',
  5: 'KILL',
  6: 'SETGID',
  7: 'SETUID',
  8: 'SETPCAP',
  10: 'NET_BIND_SERVICE',
  12: 'NET_ADMIN',
  13: 'NET_RAW',
  19: 'SYS_PTRACE',
  21: 'SYS_ADMIN',
  27: 'MKNOD',
  29: 'AUDIT_WRITE',
};
const decode = (hex: string) => {
  const mask = BigInt(`0x${hex}`);
  return Array.from({ length: 64 }, (_, bit) => bit)
    .filter((bit) => (mask >> BigInt(bit)) & 1n)
    .map((bit) => CAPABILITY_BITS[bit] ?? `bit ${bit}`)
    .sort();
};
const capabilities = (status: string, field: string) =>
  decode(new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1] ?? 'ffff');

beforeAll(async () => {
  sandbox = await provider.create({
    image: 'gradebot/python:3',
    limits,
    jobId: 'root-grader',
    writableSource: true,
    asRoot: true,
  });
});

afterAll(async () => {
  await sandbox.destroy();
});

describe('a sandbox created as root', () => {
  it('runs the grader as root with only the capabilities user switching needs', async () => {
    const result = await run('id -u; cat /proc/self/status');
    expect(result.out.split('\n')[0]).toBe('0');
    const wanted = [...ROOT_CAPABILITIES].sort();
    expect(capabilities(result.out, 'CapEff')).toEqual(wanted);
    expect(capabilities(result.out, 'CapBnd')).toEqual(wanted);
    expect(result.out).toMatch(/^NoNewPrivs:\s*1$/m);
    const info = await provider.inspectContainer(sandbox.id);
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.HostConfig.NetworkMode).toBe('none');
    expect(info.HostConfig.PidsLimit).toBe(64);
  });

  it("bounds every writable place: the disk limit, plus room for the image's copy in /etc and the like", async () => {
    const result = await run(
      'df -B1 --output=size,target /autograder/submission /autograder/source /tmp /etc /home',
    );
    expect(
      result.out
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/)),
    ).toEqual([
      [String(16 * MiB), '/autograder/submission'],
      [String(16 * MiB), '/autograder/source'],
      [String(16 * MiB), '/tmp'],
      [String(16 * MiB + IMAGE_FOLDER_MAX_BYTES), '/etc'],
      [String(16 * MiB + IMAGE_FOLDER_MAX_BYTES), '/home'],
    ]);
    expect((await run('grep -c "^root:" /etc/passwd')).out).toBe('1');
  });

  it("gives the users it adds uids of the sandbox's own block, with no capabilities and no way back", async () => {
    await run('echo secret > /autograder/source/hidden && chmod 600 /autograder/source/hidden');
    const result = await run(
      [
        'adduser --disabled-password --gecos "" student >/dev/null',
        'useradd -m helper',
        'id -u student; id -u helper',
        'runuser -u student -- grep CapEff /proc/self/status',
        'runuser -u student -- cat /autograder/source/hidden 2>/dev/null || echo read-denied',
        'runuser -u student -- su -c id root </dev/null 2>/dev/null || echo su-denied',
        'runuser -u student -- python3 -c "import os; os.setuid(0)" 2>/dev/null || echo setuid-denied',
        'runuser -u student -- sh -c "echo x > /etc/passwd" 2>/dev/null || echo passwd-denied',
      ].join('; '),
    );
    const [student, helper, capEff, ...denials] = result.out.split('\n');
    const name = (await provider.inspectContainer(sandbox.id)).Name;
    const block = Number(/gradebot-uid-(\d+)$/.exec(name)?.[1]);
    expect(name).toBe(`/${uidContainerName(block)}`);
    for (const uid of [Number(student), Number(helper)]) {
      expect(uid).toBeGreaterThanOrEqual(block);
      expect(uid).toBeLessThan(block + SANDBOX_UID_BLOCK);
    }
    expect(capEff).toBe('CapEff:\t0000000000000000');
    expect(denials).toEqual(['read-denied', 'su-denied', 'setuid-denied', 'passwd-denied']);
  });

  it("lets the grader end its student's processes itself, as a grader's own timeout does", async () => {
    const result = await run(
      '(runuser -u student -- sleep 300 >/dev/null 2>&1 &); until pgrep -u student >/dev/null; do sleep 0.1; done; pkill -KILL -u student && echo ended',
    );
    expect(result.out).toBe('ended');
  });

  it('ends a fork bomb of a user the grader switched to when the time is up, and lives on', async () => {
    const bomb = await run(`runuser -u student -- sh -c '(f() { f | f & }; f); while :; do :; done'`, 2_000);
    expect(bomb.timedOut).toBe(true);
    expect((await run('ps -u student -o pid= | wc -l')).out).toBe('0');
    expect((await run('echo alive')).out).toBe('alive');
  });

  it('reads results that root wrote with mode 600, once every process but its own is killed', async () => {
    const sleeping = 'ps -eo args= | grep -c "^sleep 60[0-9]" || true';
    await run(
      [
        'echo \'{"score": 1}\' > /autograder/results/results.json',
        'chmod 600 /autograder/results/results.json',
        '(runuser -u student -- sleep 601 >/dev/null 2>&1 &)',
        '(sleep 602 >/dev/null 2>&1 &)',
      ].join('; '),
    );
    expect((await run(sleeping)).out).toBe('2');
    const files = await sandbox.copyOutResults(['results.json'], 1024);
    expect(files.get('results.json')?.toString()).toBe('{"score": 1}\n');
    expect((await run(sleeping)).out).toBe('0');
    expect((await run('echo alive')).out).toBe('alive');
  });
});
