import { PassThrough, Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { readResultsTar, UnsafeResultsError } from '../../src/runner/sandbox/results-reader.js';

type Entry = tar.Header extends infer H ? Partial<H> & { name: string; body?: string } : never;

async function archive(entries: Entry[]): Promise<Readable> {
  const pack = tar.pack();
  for (const { body, ...header } of entries) pack.entry(header, body ?? '');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Readable.from([Buffer.concat(chunks)]);
}

describe('readResultsTar', () => {
  it('returns plain files by clean relative path', async () => {
    const files = await readResultsTar(
      await archive([
        { name: './', type: 'directory' },
        { name: './results.json', body: '{"score": 1}' },
        { name: './logs/', type: 'directory' },
        { name: './logs/run.txt', body: 'ok' },
      ]),
      1024,
    );
    expect(Object.fromEntries([...files].map(([name, body]) => [name, body.toString()]))).toEqual({
      'results.json': '{"score": 1}',
      'logs/run.txt': 'ok',
    });
  });

  it.each<[string, Entry, RegExp]>([
    [
      'a symbolic link',
      { name: './results.json', type: 'symlink', linkname: '/etc/shadow' },
      /symbolic link/,
    ],
    ['a hard link', { name: './x', type: 'link', linkname: '/etc/shadow' }, /hard link/],
    ['a path with ..', { name: '../../etc/cron.d/x', body: 'x' }, /"\.\."/],
    ['an absolute path', { name: '/etc/passwd', body: 'x' }, /absolute path/],
    ['a device', { name: './dev', type: 'character-device' }, /character-device/],
    ['a FIFO', { name: './pipe', type: 'fifo' }, /fifo/],
  ])('refuses %s', async (_label, entry, message) => {
    const reading = readResultsTar(await archive([{ name: './ok.txt', body: 'fine' }, entry]), 1024);
    await expect(reading).rejects.toBeInstanceOf(UnsafeResultsError);
    await expect(reading).rejects.toThrow(message);
  });

  it('refuses more bytes than allowed', async () => {
    const reading = readResultsTar(await archive([{ name: './big', body: 'x'.repeat(5000) }]), 1000);
    await expect(reading).rejects.toThrow('./big takes 4.9 KiB, more than the 1000 B that are read back');
  });

  it('refuses a file by the size in its header, before any of its data arrives', async () => {
    // Only the header of a 100 GiB file (a sparse one, say) is ever sent, and the stream stays open.
    const pack = tar.pack();
    pack.entry({ name: 'results.json', size: 100 * 1024 ** 3 });
    const header = await new Promise<Buffer>((resolve) =>
      pack.once('data', (chunk) => resolve(chunk as Buffer)),
    );
    const stream = new PassThrough();
    stream.write(header);
    const reading = readResultsTar(stream, 10 * 1024 * 1024);
    await expect(reading).rejects.toThrow(
      new UnsafeResultsError('results.json takes 100 GiB, more than the 10 MiB that are read back'),
    );
    stream.destroy();
  });
});
