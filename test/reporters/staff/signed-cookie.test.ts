/**
 * The staff pages' signed cookies: a value reads back only with its key, unaltered and before it
 * expires; the OAuth state check refuses a state that was not the one kept.
 */
import { describe, expect, it } from 'vitest';
import { cookieOf, readSigned, setCookie, signValue } from '../../../src/reporters/staff/signed-cookie.js';

const KEY = 'k'.repeat(32);
const NOW = new Date('2026-12-04T12:00:00Z');
const LATER = new Date('2026-12-04T20:00:00Z');

describe('signed cookies', () => {
  it('reads back what was signed, until it expires', () => {
    const value = signValue(KEY, { login: 'ta-anna' }, LATER);
    expect(readSigned(KEY, value, NOW)).toEqual({ login: 'ta-anna' });
    expect(readSigned(KEY, value, LATER)).toBeNull();
  });

  it('refuses another key, an altered payload or signature, and junk', () => {
    const value = signValue(KEY, { login: 'student' }, LATER);
    const [body = '', mac = ''] = value.split('.');
    const forged = Buffer.from(JSON.stringify({ p: { login: 'prof' }, e: LATER.getTime() })).toString(
      'base64url',
    );
    expect(readSigned('other'.repeat(8), value, NOW)).toBeNull();
    expect(readSigned(KEY, `${forged}.${mac}`, NOW)).toBeNull();
    expect(readSigned(KEY, `${body}.${mac.slice(0, -2)}AA`, NOW)).toBeNull();
    expect(readSigned(KEY, `${body}.${mac}.x`, NOW)).toBeNull();
    expect(readSigned(KEY, 'nonsense', NOW)).toBeNull();
    expect(readSigned(KEY, undefined, NOW)).toBeNull();
  });

  it('keeps the OAuth state: only the state it was given matches', () => {
    const kept = readSigned(KEY, signValue(KEY, { state: 'abc' }, LATER), NOW);
    expect(kept?.state).toBe('abc');
    expect(kept?.state === 'abd').toBe(false);
  });

  it('finds a cookie in the header and writes HttpOnly, SameSite=Lax, Secure on https', () => {
    expect(cookieOf('a=1; gradebot_staff=x.y; b=2', 'gradebot_staff')).toBe('x.y');
    expect(cookieOf(undefined, 'gradebot_staff')).toBeUndefined();
    const cookie = setCookie('gradebot_staff', 'v', { maxAgeSeconds: 60, secure: true });
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Secure');
    expect(setCookie('s', 'v', { maxAgeSeconds: 60, secure: false })).not.toContain('Secure');
  });
});
