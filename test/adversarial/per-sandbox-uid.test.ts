/**
 * Per-uid kernel limits are not shared between jobs (issue 15, finding 10): every live sandbox on
 * an engine runs as a uid of its own, so one student exhausting inotify instances (a per-uid limit
 * of the whole host) leaves another's sandbox able to create them. Against the real engine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/runner/sandbox/sandbox.js';
import { DockerSandboxProvider } from '../../src/runner/sandbox/docker/docker-provider.js';
import { SANDBOX_UID_BASE, SANDBOX_UID_COUNT } from '../../src/runner/sandbox/docker/sandbox-uids.js';
import { leftovers, testLimits } from '../helpers/docker.js';

/** Two runners on one engine that both try the same uid first, the worst case for allocation. */
function runner(name: string): DockerSandboxProvider {
  return new DockerSandboxProvider({
    runnerId: `test-uid-${name}-${process.pid}`,
    deployment: 'test-uid',
    firstUidSlot: () => 4242,
  });
}
const first = runner('first');
const second = runner('second');

const spec = { image: 'gradebot/python:3', limits: testLimits(), jobId: 'uid', writableSource: false };

afterEach(async () => {
  expect((await leftovers(first)) + (await leftovers(second))).toBe(0);
});

async function run(sandbox: Sandbox, command: string): Promise<string> {
  const result = await sandbox.exec({ command, cwd: '/tmp', timeoutMs: 60_000, outputLimitBytes: 4096 });
  expect(result.stderr.head.toString()).toBe('');
  return result.stdout.head.toString().trim();
}

/** Opens inotify instances until the kernel refuses, then holds them (in the background). */
const HOG = `
import ctypes, os, time
libc = ctypes.CDLL(None, use_errno=True)
held = 0
while libc.inotify_init() >= 0: held += 1
with open('/tmp/held.part', 'w') as f: f.write(f'{held} errno {ctypes.get_errno()}')
os.rename('/tmp/held.part', '/tmp/held')
time.sleep(3600)
`;
/** Says whether one more inotify instance can be created. */
const PROBE = `
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
print('created' if libc.inotify_init() >= 0 else f'refused errno {ctypes.get_errno()}')
`;

describe('a uid per sandbox', () => {
  it('gives two concurrent sandboxes of two runners different uids from the sandbox range', async () => {
    const [a, b] = await Promise.all([first.create(spec), second.create(spec)]);
    try {
      const uids = [await run(a, 'id -u; id -g'), await run(b, 'id -u; id -g')];
      const [uidA, uidB] = uids.map((ids) => Number(ids.split('\n')[0]));
      expect(uidA).not.toBe(uidB);
      for (const [i, uid] of [uidA!, uidB!].entries()) {
        expect(uid).toBeGreaterThanOrEqual(SANDBOX_UID_BASE);
        expect(uid).toBeLessThan(SANDBOX_UID_BASE + SANDBOX_UID_COUNT);
        expect(uids[i]).toBe(`${uid}\n${uid}`);
      }
      // The writable areas belong to each sandbox's own user.
      expect(await run(a, 'stat -c %u /autograder/submission /autograder/results')).toBe(`${uidA}\n${uidA}`);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });

  it('frees a uid when its sandbox is removed, so the range is never used up', async () => {
    const uidOf = async (sandbox: Sandbox) => Number(await run(sandbox, 'id -u'));
    const a = await first.create(spec);
    const uid = await uidOf(a);
    await a.destroy();
    const b = await second.create(spec);
    try {
      expect(await uidOf(b)).toBe(uid);
    } finally {
      await b.destroy();
    }
  });

  it('one sandbox exhausting inotify instances does not stop another from creating them', async () => {
    const [hog, other] = await Promise.all([first.create(spec), second.create(spec)]);
    try {
      const held = await run(
        hog,
        `python3 -c "$HOG" >/dev/null 2>&1 & while [ ! -e /tmp/held ]; do sleep 0.1; done; cat /tmp/held`.replace(
          '$HOG',
          HOG.replace(/"/g, '\\"'),
        ),
      );
      expect(held).toMatch(/ errno 24$/); // EMFILE: the per-uid limit, reached
      expect(await run(hog, `python3 -c "${PROBE}"`)).toBe('refused errno 24');
      expect(await run(other, `python3 -c "${PROBE}"`)).toBe('created');
    } finally {
      await Promise.all([hog.destroy(), other.destroy()]);
    }
  });
});
