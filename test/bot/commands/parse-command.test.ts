import { describe, expect, it } from 'vitest';
import { parseComment } from '../../../src/bot/commands/parse-command.js';

const TZ = 'America/Toronto';
const parse = (body: string) => parseComment(body, TZ);

describe('parseComment', () => {
  it('finds no command in a comment without a line starting with /', () => {
    expect(parse('looks good\nthanks')).toEqual({ kind: 'none' });
  });

  it('reads /regrade and /grade from the first command line', () => {
    expect(parse('hi\n/regrade\n/grade')).toMatchObject({ kind: 'command', command: { kind: 'regrade' } });
    expect(parse('/GRADE')).toMatchObject({ kind: 'command', command: { kind: 'grade' } });
  });

  it('reads /extend with hours, days and weeks and an optional reason', () => {
    expect(parse('/extend 2d medical note')).toMatchObject({
      command: { kind: 'extend', by: { ms: 2 * 86_400_000 }, reason: 'medical note' },
    });
    expect(parse('/extend 5h')).toMatchObject({ command: { by: { ms: 5 * 3_600_000 }, reason: '' } });
    expect(parse('/extend 1w')).toMatchObject({ command: { by: { ms: 7 * 86_400_000 } } });
  });

  it('reads /extend until in the course time zone', () => {
    const parsed = parse('/extend until 2026-12-20 23:59 family');
    expect(parsed).toMatchObject({ kind: 'command', command: { kind: 'extend', reason: 'family' } });
    if (parsed.kind !== 'command' || parsed.command.kind !== 'extend') throw new Error('expected extend');
    expect(parsed.command.by).toEqual({ until: new Date('2026-12-21T04:59:00Z') });
  });

  it('reads /override with a score and requires a reason', () => {
    expect(parse('/override 18 regraded by hand')).toMatchObject({
      command: { kind: 'override', score: 18, reason: 'regraded by hand' },
    });
    expect(parse('/override 18')).toMatchObject({
      kind: 'invalid',
      why: 'expected a reason after the score',
    });
    expect(parse('/override -1 no')).toMatchObject({ kind: 'invalid' });
  });

  it('calls unknown and malformed commands invalid', () => {
    expect(parse('/approve')).toMatchObject({ kind: 'invalid', why: 'unknown command /approve' });
    // A name that is not a plain word is not repeated back (it could mention a team).
    expect(parse('/@cs101/everyone hi')).toMatchObject({ kind: 'invalid', why: 'unknown command' });
    expect(parse('/extend soon')).toMatchObject({ kind: 'invalid' });
    expect(parse('/extend 0d')).toMatchObject({ kind: 'invalid' });
    expect(parse('/extend until 2026-13-40')).toMatchObject({ kind: 'invalid' });
    expect(parse('/regrade now')).toMatchObject({ kind: 'invalid' });
  });

  it('bounds reasons and escapes control characters', () => {
    expect(parse(`/override 3 ${'x'.repeat(501)}`)).toMatchObject({ kind: 'invalid' });
    expect(parse('/override 3 a\u001b]52;b')).toMatchObject({
      command: { reason: 'a\\u001b]52;b' },
    });
  });
});
