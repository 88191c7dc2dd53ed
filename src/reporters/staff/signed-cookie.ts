/**
 * Signed cookies for the staff pages: a value is its JSON payload, base64url-encoded, with an
 * expiry and an HMAC-SHA256 over both; anything altered, expired or signed with another key reads
 * as nothing. Used for the signed-in session and for the OAuth `state` kept across the redirect.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CookieOptions {
  /** Seconds until the browser drops it. */
  maxAgeSeconds: number;
  /** Sent over https only (set when the public URL is https). */
  secure: boolean;
}

/** `payload` signed with `key`, good until `expires`. */
export function signValue(key: string, payload: object, expires: Date): string {
  const body = Buffer.from(JSON.stringify({ p: payload, e: expires.getTime() })).toString('base64url');
  return `${body}.${mac(key, body)}`;
}

/** The payload of a value signed with `key` and not expired at `now`; null otherwise. */
export function readSigned(
  key: string,
  value: string | undefined,
  now: Date,
): Record<string, unknown> | null {
  if (!value) return null;
  const [body = '', signature = '', ...rest] = value.split('.');
  if (rest.length > 0) return null;
  const expected = Buffer.from(mac(key, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString()) as { p?: unknown; e?: unknown };
    if (typeof parsed.e !== 'number' || parsed.e <= now.getTime()) return null;
    return typeof parsed.p === 'object' && parsed.p !== null ? (parsed.p as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The named cookie of a request's `Cookie` header. */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/staff`. */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  const secure = options.secure ? '; Secure' : '';
  return `${name}=${value}; Path=/staff; Max-Age=${options.maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

function mac(key: string, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}
