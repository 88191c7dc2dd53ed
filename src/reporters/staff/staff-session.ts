/**
 * What every staff path shares: the signed-in session (a signed cookie holding the GitHub login),
 * the headers every answer carries, and the answers for "sign in first" and "sign-in is off".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StaffSignIn } from '../../config/bot-settings.js';
import { cookieOf, readSigned } from './signed-cookie.js';

export const SESSION_COOKIE = 'gradebot_staff';

export const STAFF_HEADERS = {
  'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** The login of the signed-in visitor; null without a valid, unexpired session. */
export function sessionLogin(signIn: StaffSignIn, req: IncomingMessage, now: Date): string | null {
  const login = readSigned(signIn.sessionSecret, cookieOf(req.headers.cookie, SESSION_COOKIE), now)?.login;
  return typeof login === 'string' ? login : null;
}

/** Sends the visitor to sign in, and back to `path` afterwards. */
export function redirectToSignIn(res: ServerResponse, path: string): void {
  res.writeHead(302, { ...STAFF_HEADERS, location: `/staff/login?back=${encodeURIComponent(path)}` }).end();
}

/** Without sign-in settings the staff paths are off, never public. */
export function answerSignInOff(res: ServerResponse): void {
  res.writeHead(503, { ...STAFF_HEADERS, 'content-type': 'text/plain' });
  res.end('staff pages are off: set GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET and GRADEBOT_PUBLIC_URL\n');
}
