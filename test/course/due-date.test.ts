import { describe, expect, it } from 'vitest';
import { parseDueDate } from '../../src/course/due-date.js';

const iso = (text: string, zone: string) => parseDueDate(text, zone).toISOString();

describe('parseDueDate', () => {
  it('reads the accepted forms in the course time zone', () => {
    const forms = ['2026-12-01 23:59', '2026-12-01T23:59', '2026-12-01 23:59:30', '2026-12-01'];
    expect(forms.map((text) => iso(text, 'America/Toronto'))).toEqual([
      '2026-12-02T04:59:00.000Z',
      '2026-12-02T04:59:00.000Z',
      '2026-12-02T04:59:30.000Z',
      '2026-12-02T04:59:59.000Z',
    ]);
  });

  it('lets an explicit offset or Z win over the course time zone', () => {
    const forms = [
      '2026-12-01T23:59Z',
      '2026-12-01 23:59+01:00',
      '2026-12-01T23:59:00-0800',
      '2026-12-01 23:59 Z',
    ];
    expect(forms.map((text) => iso(text, 'America/Toronto'))).toEqual([
      '2026-12-01T23:59:00.000Z',
      '2026-12-01T22:59:00.000Z',
      '2026-12-02T07:59:00.000Z',
      '2026-12-01T23:59:00.000Z',
    ]);
  });

  it('defaults to nothing but the zone it is given', () => {
    expect(iso('2026-06-01 12:00', 'UTC')).toEqual('2026-06-01T12:00:00.000Z');
    expect(iso('2026-06-01 12:00', 'Asia/Kolkata')).toEqual('2026-06-01T06:30:00.000Z');
  });

  it('follows daylight saving time in America/Toronto on 2026-03-08', () => {
    // 02:00 EST jumps to 03:00 EDT.
    expect(iso('2026-03-08 01:59', 'America/Toronto')).toEqual('2026-03-08T06:59:00.000Z');
    expect(iso('2026-03-08 03:00', 'America/Toronto')).toEqual('2026-03-08T07:00:00.000Z');
    expect(iso('2026-03-08', 'America/Toronto')).toEqual('2026-03-09T03:59:59.000Z');
  });

  it('rejects a time the spring-forward gap skips', () => {
    expect(() => parseDueDate('2026-03-08 02:30', 'America/Toronto')).toThrow(
      '2026-03-08 02:30 does not exist in America/Toronto (the clocks skip it for daylight saving time)',
    );
  });

  it('reads a time repeated on 2026-11-01 as the later one, the generous reading', () => {
    // 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(iso('2026-11-01 01:30', 'America/Toronto')).toEqual('2026-11-01T06:30:00.000Z');
    expect(iso('2026-11-01 00:59', 'America/Toronto')).toEqual('2026-11-01T04:59:00.000Z');
    expect(iso('2026-11-01 02:00', 'America/Toronto')).toEqual('2026-11-01T07:00:00.000Z');
  });

  it('picks the later instant in a zone east of UTC too', () => {
    // Europe/Berlin falls back from 03:00 CEST to 02:00 CET on 2026-10-25.
    expect(iso('2026-10-25 02:30', 'Europe/Berlin')).toEqual('2026-10-25T01:30:00.000Z');
  });

  it.each(['next friday', '2026-13-01', '2026-02-30', '2026-12-01 24:30', '12/01/2026', '2026-12-01T23', ''])(
    'rejects %j',
    (text) => {
      expect(() => parseDueDate(text, 'UTC')).toThrow(
        `expected a date like 2026-12-01 23:59, got ${JSON.stringify(text)}`,
      );
    },
  );

  it('rejects an unknown time zone', () => {
    expect(() => parseDueDate('2026-12-01', 'Mars/Olympus_Mons')).toThrow(
      'expected an IANA time zone like America/Toronto, got "Mars/Olympus_Mons"',
    );
  });
});
