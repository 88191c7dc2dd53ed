import { describe, expect, it } from 'vitest';
import { parseDuration, parsePenalty, parseSize } from '../../src/course/units.js';

describe('parseSize', () => {
  it('reads decimal, binary and Docker-style units, in any case', () => {
    const sizes = [
      '512MiB',
      '512mib',
      '1.5GB',
      '2kb',
      '1KiB',
      '256m',
      '1g',
      '3k',
      '100B',
      '4096',
      ' 64 MiB ',
    ];
    expect(sizes.map(parseSize)).toEqual([
      536870912, 536870912, 1500000000, 2000, 1024, 268435456, 1073741824, 3072, 100, 4096, 67108864,
    ]);
  });

  it('takes a number as bytes', () => {
    expect(parseSize(1048576)).toEqual(1048576);
  });

  it.each(['lots', '', '-1MiB', '0', '0MiB', '12 parsecs', '1.5', 'MiB', '1e6'])('rejects %j', (text) => {
    expect(() => parseSize(text)).toThrow(`expected a size like 512MiB, got ${JSON.stringify(text)}`);
  });

  it.each([0, -5, 1.5, Number.NaN])('rejects the number %d', (value) => {
    expect(() => parseSize(value)).toThrow(`expected a size like 512MiB, got ${value}`);
  });
});

describe('parseDuration', () => {
  it('reads single and compound durations', () => {
    const durations = ['10m', '1h30m', '1h 30m', '2.5s', '500ms', '1d', '90', '2H', '1m30s250ms'];
    expect(durations.map(parseDuration)).toEqual([
      600000, 5400000, 5400000, 2500, 500, 86400000, 90000, 7200000, 90250,
    ]);
  });

  it('takes a number as seconds', () => {
    expect([parseDuration(30), parseDuration(0.5)]).toEqual([30000, 500]);
  });

  it.each(['soon', '', '-1s', '0s', '10 minutes', 'm10', '1w', '1h-30m'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(
      `expected a duration like 10m or 1h30m, got ${JSON.stringify(text)}`,
    );
  });

  it('rejects zero and negative numbers', () => {
    expect(() => parseDuration(0)).toThrow('expected a duration like 10m or 1h30m, got 0');
    expect(() => parseDuration(-3)).toThrow('expected a duration like 10m or 1h30m, got -3');
  });
});

describe('parsePenalty', () => {
  it('reads a percentage per day, with or without /day', () => {
    expect(['10%/day', '10%', '2.5 % / day', '0%', '100%/DAY'].map(parsePenalty)).toEqual([
      0.1, 0.1, 0.025, 0, 1,
    ]);
  });

  it.each(['10', '10%/week', '150%', '-5%', 'a lot'])('rejects %j', (text) => {
    expect(() => parsePenalty(text)).toThrow(`expected a penalty like 10%/day, got ${JSON.stringify(text)}`);
  });

  it('rejects a bare number, which could mean 0.1 or 10 %', () => {
    expect(() => parsePenalty(0.1)).toThrow('expected a penalty like 10%/day, got 0.1');
  });
});
