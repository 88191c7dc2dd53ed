import { describe, expect, it } from 'vitest';
import { submittedAtOption } from '../../src/cli/submitted-at.js';
import { createRecordingTerminal, type Terminal } from '../../src/cli/terminal.js';

function collecting(): Terminal & { errors: string[] } {
  const terminal = createRecordingTerminal();
  return {
    ...terminal,
    get errors() {
      return terminal.stderr.split('\n').filter(Boolean);
    },
  };
}

describe('--submitted-at', () => {
  it("reads a time without an offset in the course's time zone, as due dates are read", () => {
    const terminal = collecting();
    const at = submittedAtOption('2026-12-01 23:30', 'America/Toronto', terminal);
    expect(at?.toISOString()).toBe('2026-12-02T04:30:00.000Z');
    expect(submittedAtOption('2026-07-01T23:30', 'America/Toronto', terminal)?.toISOString()).toBe(
      '2026-07-02T03:30:00.000Z',
    );
    expect(submittedAtOption('2026-12-01 23:30', 'Asia/Tokyo', terminal)?.toISOString()).toBe(
      '2026-12-01T14:30:00.000Z',
    );
    expect(terminal.errors).toEqual([]);
  });

  it('takes a time with its own offset as that instant, whatever the course says', () => {
    const terminal = collecting();
    for (const text of ['2026-12-02T05:00:00Z', '2026-12-02T05:00:00.000Z', '2026-12-02T00:00:00-05:00']) {
      expect(submittedAtOption(text, 'Asia/Tokyo', terminal)?.toISOString()).toBe('2026-12-02T05:00:00.000Z');
    }
    expect(terminal.errors).toEqual([]);
  });

  it('is now when not given', () => {
    const before = Date.now();
    const at = submittedAtOption(undefined, 'America/Toronto', collecting());
    expect(at?.getTime()).toBeGreaterThanOrEqual(before);
    expect(at?.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('refuses what is not a date, and a time the clocks skip, saying which forms it takes', () => {
    const terminal = collecting();
    expect(submittedAtOption('yesterday', 'America/Toronto', terminal)).toBeNull();
    expect(submittedAtOption('2026-03-08 02:30', 'America/Toronto', terminal)).toBeNull();
    expect(submittedAtOption('Tue Dec 01 2026', 'America/Toronto', terminal)).toBeNull();
    expect(terminal.errors).toHaveLength(3);
    expect(terminal.errors[0]).toBe(
      "gradebot: --submitted-at: expected a date like 2026-12-01 23:59 (in the course's time zone, " +
        'America/Toronto) or 2026-12-01T23:59:00-05:00, got "yesterday"',
    );
    expect(terminal.errors[1]).toBe(
      'gradebot: --submitted-at: 2026-03-08 02:30 does not exist in America/Toronto ' +
        '(the clocks skip it for daylight saving time)',
    );
  });
});
