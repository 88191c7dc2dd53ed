import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/text/format-bytes.js';

describe('formatBytes', () => {
  it('uses the binary units of the course file', () => {
    expect([0, 512, 65_536, 1_572_864, 32 * 2 ** 20, 3 * 2 ** 30].map(formatBytes)).toEqual([
      '0 B',
      '512 B',
      '64 KiB',
      '1.5 MiB',
      '32 MiB',
      '3 GiB',
    ]);
  });
});
