/**
 * The staff pages of `gradebot serve`: `/staff/<org>/<assignment>` (each student's latest
 * submission) and `/staff/<org>/<assignment>/<student>` (every submission in full), behind GitHub
 * sign-in (`/staff/login`, `/staff/callback`, `/staff/logout`). Who is staff is asked of GitHub on
 * every request. Without sign-in settings every staff path answers 503 with the reason; the pages
 * are never public.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StaffSignIn } from '../../config/bot-settings.js';
import { DEFAULTS } from '../../config/defaults.js';
import type { Logger } from '../../log/logger.js';
import type { Stores } from '../../store/open-stores.js';
import { authorizeUrl, signedInLogin } from './github-sign-in.js';
import { cookieOf, readSigned, setCookie, signValue } from './signed-cookie.js';
import {
  answerSignInOff,
  redirectToSignIn,
  SESSION_COOKIE as SESSION,
  sessionLogin,
  STAFF_HEADERS as HEADERS,
} from './staff-session.js';
import { staffSubmissions } from './staff-submissions.js';
import { renderMessage, renderStaffView } from './staff-views.js';

export interface StaffPagesOptions {
  stores: Pick<Stores, 'results' | 'courses' | 'staffCommands'>;
  signIn: StaffSignIn | null;
  apiUrl: string;
  /** Whether `login` is staff of `org` now (asked of GitHub on every call). */
  isStaff(org: string, login: string): Promise<boolean>;
  log: Logger;
  /** Default: the clock. */
  now?: () => Date;
}

export interface StaffPages {
  /** Handles the request if it is for a staff path; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

const STATE = 'gradebot_state';
const STATE_SECONDS = 600;

/** The path's parts after `/staff/`, each %-decoded; null when an escape is malformed. */
function decodedParts(pathname: string): string[] | null {
  try {
    return pathname.split('/').slice(2).map(decodeURIComponent);
  } catch {
    return null;
  }
}

export function staffPages(options: StaffPagesOptions): StaffPages {
  const now = options.now ?? (() => new Date());

  function page(
    res: ServerResponse,
    status: number,
    html: string,
    extra: Record<string, string | string[]> = {},
  ) {
    res.writeHead(status, { ...HEADERS, 'content-type': 'text/html; charset=utf-8', ...extra }).end(html);
  }
  function redirect(res: ServerResponse, location: string, cookies: string[] = []) {
    res.writeHead(302, { ...HEADERS, location, ...(cookies.length ? { 'set-cookie': cookies } : {}) }).end();
  }

  async function answer(signIn: StaffSignIn, req: IncomingMessage, res: ServerResponse, url: URL) {
    const secure = signIn.publicUrl.startsWith('https:');
    const key = signIn.sessionSecret;
    const parts = decodedParts(url.pathname);
    if (!parts)
      return page(res, 400, renderMessage('Bad address', 'The address holds a malformed %-escape.'));
    const [first = '', assignment, student, ...extra] = parts;
    if (first === 'login') {
      const state = randomBytes(24).toString('base64url');
      const back = url.searchParams.get('back') ?? '';
      const cookie = signValue(key, { state, back }, new Date(now().getTime() + STATE_SECONDS * 1000));
      return redirect(res, authorizeUrl(signIn, state), [
        setCookie(STATE, cookie, { maxAgeSeconds: STATE_SECONDS, secure }),
      ]);
    }
    if (first === 'callback') {
      const kept = readSigned(key, cookieOf(req.headers.cookie, STATE), now());
      const state = url.searchParams.get('state');
      const code = url.searchParams.get('code');
      if (!kept || !state || kept.state !== state || !code)
        return page(
          res,
          400,
          renderMessage('Sign-in failed', 'The sign-in expired or did not start here; try again.'),
        );
      const login = await signedInLogin(signIn, options.apiUrl, code);
      if (!login)
        return page(res, 400, renderMessage('Sign-in failed', 'GitHub refused the sign-in; try again.'));
      const seconds = DEFAULTS.staffSessionHours * 3600;
      const session = signValue(key, { login }, new Date(now().getTime() + seconds * 1000));
      const back = kept.back;
      return redirect(res, typeof back === 'string' && back.startsWith('/staff/') ? back : '/staff/', [
        setCookie(SESSION, session, { maxAgeSeconds: seconds, secure }),
        setCookie(STATE, '', { maxAgeSeconds: 0, secure }),
      ]);
    }
    if (first === 'logout') {
      return page(res, 200, renderMessage('Signed out', 'You are signed out of the gradebot staff pages.'), {
        'set-cookie': setCookie(SESSION, '', { maxAgeSeconds: 0, secure }),
      });
    }
    const login = sessionLogin(signIn, req, now());
    if (login === null) return redirectToSignIn(res, url.pathname);
    // Where sign-in lands when it was not started from a page.
    if (!first && parts.length <= 1)
      return page(
        res,
        200,
        renderMessage(
          `Signed in as ${login}`,
          "Open an assignment at /staff/<org>/<assignment> (the links in the bot's /grade replies and in gradebot show lead there), or the queues at /staff/queues.",
        ),
      );
    if (!first || !assignment || extra.length > 0)
      return page(
        res,
        404,
        renderMessage('Not found', 'Staff pages are /staff/<org>/<assignment>[/<student>].'),
      );
    if (!(await options.isStaff(first, login)))
      return page(
        res,
        403,
        renderMessage('Not staff', `You are signed in as ${login}, who is not staff of ${first}.`),
      );
    const view = await staffSubmissions(options.stores, {
      org: first,
      assignment,
      ...(student === undefined ? {} : { student }),
    });
    if (!view.ok) return page(res, 404, renderMessage('Not found', view.error));
    return page(res, 200, renderStaffView(view.view, login));
  }

  return {
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://bot');
      if (url.pathname !== '/staff' && !url.pathname.startsWith('/staff/')) return false;
      const signIn = options.signIn;
      if (!signIn) {
        answerSignInOff(res);
        return true;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...HEADERS, allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('use GET\n');
        return true;
      }
      try {
        await answer(signIn, req, res, url);
      } catch (error) {
        options.log.warn('staff page unavailable', { path: url.pathname, reason: String(error) });
        if (!res.headersSent)
          res
            .writeHead(503, { ...HEADERS, 'content-type': 'text/plain' })
            .end('unavailable; try again soon\n');
      }
      return true;
    },
  };
}
