/**
 * The staff pages' edges over real HTTP, with real Redis and the fake GitHub's sign-in: off without
 * sign-in settings, a callback that did not start here, a malformed address, and the page sign-in
 * lands on when it was not started from a page.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffSignIn } from '../../../src/config/bot-settings.js';
import { createLogger } from '../../../src/log/logger.js';
import { staffPages } from '../../../src/reporters/staff/staff-routes.js';
import { openStores } from '../../../src/store/open-stores.js';
import { startFakeGitHub, type FakeGitHub } from '../../helpers/fake-github.js';
import { connect, dropPrefix, testPrefix } from '../../helpers/queue.js';
import { expectStaffSignIn, signIn } from '../../helpers/staff-bot.js';

const quiet = createLogger('bot', () => undefined);
const redis = connect();
const prefix = testPrefix();
let github: FakeGitHub;
const servers: http.Server[] = [];

/** The staff pages alone on a loopback port; `signIn` null turns them off. */
async function serve(signInSettings: StaffSignIn | null): Promise<string> {
  const pages = staffPages({
    stores: openStores(redis, prefix),
    signIn: signInSettings,
    apiUrl: github.url,
    isStaff: async (_org, login) => login === 'prof',
    log: quiet,
  });
  const server = http.createServer((req, res) => {
    void pages.handle(req, res).then((handled) => handled || res.writeHead(404).end());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function settings(url: string): StaffSignIn {
  return {
    clientId: 'Iv1.test',
    clientSecret: 'client-secret',
    sessionSecret: 'session-secret-of-the-test',
    publicUrl: url,
    webUrl: github.url,
  };
}

beforeAll(async () => {
  github = await startFakeGitHub();
  expectStaffSignIn(github);
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await github.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('staff pages', () => {
  it('answer 503 on every staff path without sign-in settings, and say which to set', async () => {
    const url = await serve(null);
    for (const path of ['/staff', '/staff/login', '/staff/callback?code=x&state=y', '/staff/cs101/hw1']) {
      const response = await fetch(`${url}${path}`, { redirect: 'manual' });
      expect([path, response.status]).toEqual([path, 503]);
      expect(await response.text()).toContain(
        'set GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET and GRADEBOT_PUBLIC_URL',
      );
    }
  });

  it('refuse a callback that did not start here: no state cookie, or another state', async () => {
    const url = await serve(settings('http://placeholder'));
    const login = await fetch(`${url}/staff/login`, { redirect: 'manual' });
    const stateCookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

    const withoutCookie = await fetch(`${url}/staff/callback?code=code-prof&state=anything`, {
      redirect: 'manual',
    });
    const otherState = await fetch(`${url}/staff/callback?code=code-prof&state=forged`, {
      headers: { cookie: stateCookie },
      redirect: 'manual',
    });

    for (const response of [withoutCookie, otherState]) {
      expect(response.status).toBe(400);
      expect(response.headers.getSetCookie().some((c) => c.startsWith('gradebot_staff='))).toBe(false);
      expect(await response.text()).toContain('The sign-in expired or did not start here');
    }
  });

  it('answer a malformed %-escape with 400, and land a sign-in on a page that names who is signed in', async () => {
    const url = await serve(settings('http://placeholder'));
    const cookie = await signIn(url, 'prof');

    const malformed = await fetch(`${url}/staff/cs101/%E0%A4%A`, { headers: { cookie } });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('malformed %-escape');

    for (const path of ['/staff', '/staff/']) {
      const landing = await fetch(`${url}${path}`, { headers: { cookie } });
      expect(landing.status).toBe(200);
      const html = await landing.text();
      expect(html).toContain('Signed in as prof');
      expect(html).toContain('/staff/&lt;org&gt;/&lt;assignment&gt;');
    }
  });
});
