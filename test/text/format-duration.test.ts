import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/text/format-duration.js';

describe('formatDuration', () => {
  it('reads as people write durations', () => {
    expect([250, 1000, 1500, 2000, 10_000, 90_000, 600_000, 7_200_000].map(formatDuration)).toEqual([
      '250 ms',
      '1 s',
      '1.5 s',
      '2 s',
      '10 s',
      '90 s',
      '10 min',
      '2 h',
    ]);
  });
});
