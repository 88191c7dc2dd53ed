/**
 * `startBot` with the staff sign-in on, its public URL its own loopback address, against a fake
 * GitHub whose OAuth endpoints sign in whoever the code names (`code-<login>`); and a sign-in over
 * plain HTTP that follows the real flow (`/staff/login`, the state cookie, `/staff/callback`).
 */
import { randomBytes } from 'node:crypto';
import { startBot, type BotServer } from '../../src/bot/bot-server.js';
import { readBotSettings } from '../../src/config/bot-settings.js';
import type { Logger } from '../../src/log/logger.js';
import { appPrivateKey } from './app-key.js';
import { freePort } from './free-port.js';
import type { FakeGitHub } from './fake-github.js';
import { REDIS_URL } from './queue.js';

/** GitHub's side of the sign-in: the code is traded for a token naming the login, and `/user` says who. */
export function expectStaffSignIn(github: FakeGitHub): void {
  github.expect({
    method: 'POST',
    path: '/login/oauth/access_token',
    times: 'any',
    respond: ({ body }) => ({ json: { access_token: `ghu_${String((body as { code: string }).code)}` } }),
  });
  github.expect({
    method: 'GET',
    path: '/user',
    times: 'any',
    respond: ({ headers }) => ({
      json: { login: String(headers.authorization).replace('Bearer ghu_code-', '') },
    }),
  });
}

/** The bot on a free loopback port, with the staff sign-in pointing at itself. */
export async function startStaffBot(github: FakeGitHub, prefix: string, log: Logger): Promise<BotServer> {
  const read = readBotSettings({
    APP_ID: '1',
    PRIVATE_KEY: appPrivateKey(),
    GHE_HOST: new URL(github.url).host,
    GHE_PROTOCOL: 'http',
    WEBHOOK_SECRET: randomBytes(20).toString('hex'),
    GRADEBOT_RUNNER_SECRET: randomBytes(20).toString('hex'),
    GITHUB_CLIENT_ID: 'Iv1.test',
    GITHUB_CLIENT_SECRET: randomBytes(20).toString('hex'),
    GRADEBOT_PUBLIC_URL: 'http://127.0.0.1:0',
    PORT: '0',
    HOST: '127.0.0.1',
    GRADEBOT_REDELIVERY_INTERVAL: '0',
  });
  if (!read.ok) throw new Error(read.problems.join('; '));
  // The public URL is the bot's own, known once it listens: a free port is taken first.
  const port = await freePort();
  const settings = {
    ...read.settings,
    port,
    staffSignIn: read.settings.staffSignIn && {
      ...read.settings.staffSignIn,
      publicUrl: `http://127.0.0.1:${port}`,
    },
  };
  return startBot({ settings, redisUrl: REDIS_URL, prefix, log, throttle: false });
}

/** Signs `login` in at the bot as a browser would, minus GitHub's page; returns the `Cookie` header. */
export async function signIn(botUrl: string, login: string): Promise<string> {
  const start = await fetch(`${botUrl}/staff/login`, { redirect: 'manual' });
  const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
  const stateCookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const callback = await fetch(
    `${botUrl}/staff/callback?code=code-${login}&state=${encodeURIComponent(state)}`,
    { headers: { cookie: stateCookie }, redirect: 'manual' },
  );
  const session = callback.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0] ?? '')
    .find((cookie) => cookie.startsWith('gradebot_staff=') && cookie.length > 'gradebot_staff='.length);
  if (!session) throw new Error(`sign-in of ${login} failed: ${callback.status}`);
  return session;
}
