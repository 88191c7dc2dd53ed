/**
 * The queue dashboard at `/staff/queues`: bull-board (src/queue/queue-board.ts) behind the staff
 * sign-in. It shows every organisation's jobs, so it is for staff of the whole deployment: an
 * anonymous visitor is sent to sign in, anyone else gets 403, and without sign-in settings it
 * answers 503 like every staff path. Its own CSP lets bull-board's scripts and styles load from
 * here and nowhere else; a change (retry, remove) must come from a page of this origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StaffSignIn } from '../../config/bot-settings.js';
import type { Logger } from '../../log/logger.js';
import type { QueueBoard } from '../../queue/queue-board.js';
import { answerSignInOff, redirectToSignIn, sessionLogin, STAFF_HEADERS } from './staff-session.js';
import { renderMessage } from './staff-views.js';

export const QUEUE_DASHBOARD_PATH = '/staff/queues';

/** bull-board's page runs its own bundled scripts and sets inline styles; nothing is loaded from elsewhere. */
const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The UI asks for the queues every few seconds: a staff answer is kept this long, so a watching
 * dashboard does not spend the installation's GitHub budget that grading reports need.
 */
const STAFF_ANSWER_SECONDS = 60;

export interface QueueDashboardOptions {
  signIn: StaffSignIn | null;
  board: QueueBoard;
  /** Whether `login` is staff of every organisation the deployment serves (asked of GitHub). */
  isDeploymentStaff(login: string): Promise<boolean>;
  log: Logger;
  /** Default: the clock. */
  now?: () => Date;
}

export interface QueueDashboard {
  /** Handles the request if it is for the dashboard; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export function queueDashboard(options: QueueDashboardOptions): QueueDashboard {
  const now = options.now ?? (() => new Date());
  const answers = new Map<string, { staff: boolean; until: number }>();

  async function isStaff(login: string): Promise<boolean> {
    const at = now().getTime();
    const kept = answers.get(login);
    if (kept && kept.until > at) return kept.staff;
    const staff = await options.isDeploymentStaff(login);
    for (const [key, answer] of answers) if (answer.until <= at) answers.delete(key);
    answers.set(login, { staff, until: at + STAFF_ANSWER_SECONDS * 1000 });
    return staff;
  }

  function refuse(res: ServerResponse, status: number, title: string, text: string) {
    res
      .writeHead(status, { ...STAFF_HEADERS, 'content-type': 'text/html; charset=utf-8' })
      .end(renderMessage(title, text));
  }

  return {
    async handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://bot').pathname;
      if (path !== QUEUE_DASHBOARD_PATH && !path.startsWith(`${QUEUE_DASHBOARD_PATH}/`)) return false;
      const signIn = options.signIn;
      if (!signIn) {
        answerSignInOff(res);
        return true;
      }
      const reading = req.method === 'GET' || req.method === 'HEAD';
      // SameSite=Lax keeps the session off cross-site PUTs, but a sibling subdomain is same-site.
      if (!reading && req.headers.origin !== new URL(signIn.publicUrl).origin) {
        options.log.warn('queue dashboard: cross-origin change refused', { origin: req.headers.origin });
        refuse(res, 403, 'Refused', 'Changes are accepted from the dashboard page only.');
        return true;
      }
      const login = sessionLogin(signIn, req, now());
      if (login === null) {
        if (reading) redirectToSignIn(res, path);
        else refuse(res, 401, 'Signed out', 'Sign in again at /staff/login.');
        return true;
      }
      if (!(await isStaff(login))) {
        refuse(
          res,
          403,
          'Not staff',
          `You are signed in as ${login}, who is not staff of every organisation here.`,
        );
        return true;
      }
      res.setHeader('content-security-policy', DASHBOARD_CSP);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('referrer-policy', 'no-referrer');
      if (!path.startsWith(`${QUEUE_DASHBOARD_PATH}/static/`)) res.setHeader('cache-control', 'no-store');
      await options.board.handle(req, res, login);
      return true;
    },
  };
}
