/**
 * A root grader's image whose /home is larger than the writable copy it would get: the course's to
 * fix, so creating the sandbox fails with UnusableImageError (never retried, never counted), whose
 * student sentence names the folder and the bound. Real Docker: the image is committed from a
 * container of the base image.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IMAGE_FOLDER_MAX_BYTES } from '../../src/runner/sandbox/docker/container-config.js';
import { UnusableImageError } from '../../src/runner/sandbox/sandbox-errors.js';
import { testLimits, testProvider } from '../helpers/docker.js';

const docker = new Docker();
const IMAGE = `gradebot-test/large-home:${process.pid}`;
const provider = testProvider('unusable-image');

beforeAll(async () => {
  const container = await docker.createContainer({
    Image: 'gradebot/base:latest',
    Cmd: ['sh', '-c', `head -c ${IMAGE_FOLDER_MAX_BYTES + 1024 * 1024} /dev/zero > /home/large`],
  });
  try {
    await container.start();
    await container.wait();
    const [repo, tag] = IMAGE.split(':');
    await container.commit({ repo, tag });
  } finally {
    await container.remove({ force: true });
  }
});
afterAll(async () => {
  await provider.destroyAll();
  await docker.getImage(IMAGE).remove({ force: true });
});

it("refuses a root grader's image whose /home is too large, as the course's fault", async () => {
  const creating = provider.create({
    image: IMAGE,
    limits: testLimits(),
    jobId: 'unusable-image',
    writableSource: true,
    asRoot: true,
  });
  const error = await creating.then(
    () => null,
    (reason: unknown) => reason,
  );

  expect(error).toBeInstanceOf(UnusableImageError);
  const fault = error as UnusableImageError;
  expect(fault.counts).toBe(false);
  expect(fault.explain()).toBe(
    "The submission could not be graded: the grading image's /home is larger than 32 MiB, too large for the writable copy a grader run as root gets: make it smaller, or use user: sandbox. Course staff can fix this; it does not count against you.",
  );
  // Nothing of the attempt is left behind.
  expect(
    await docker.listContainers({ all: true, filters: { label: ['dev.gradebot.job=unusable-image'] } }),
  ).toEqual([]);
});
