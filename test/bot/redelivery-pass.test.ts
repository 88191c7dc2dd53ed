/**
 * The redelivery loop against the fake GitHub's delivery log, authenticated as the App (a real JWT
 * from a real key), with a real Redis of its own, delivering to a small receiver that answers what
 * the test says: what is asked for again, page by page, once across bots, and never after 5 times.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { Probot, ProbotOctokit } from 'probot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redelivery } from '../../src/bot/redelivery.js';
import { createLogger } from '../../src/log/logger.js';
import { serveDeliveryLog, type DeliveryLog } from '../helpers/fake-deliveries.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { checkResponseAgainstOpenApi } from '../helpers/openapi-check.js';
import { eventually, testPrefix } from '../helpers/queue.js';
import { ownRedis, type OwnRedis } from '../helpers/redis-server.js';
import { openStores } from '../../src/store/open-stores.js';
import { appPrivateKey } from '../helpers/app-key.js';

const SECRET = 'a'.repeat(40);
const privateKey = appPrivateKey();

let server: OwnRedis;
let redis: Redis;
let receiver: { url: string; status: number; guids: string[]; close(): Promise<void> };
let github: FakeGitHub;
let deliveries: DeliveryLog;
let clock: Date;
let prefix: string;
let lines: Record<string, unknown>[];

beforeAll(async () => {
  server = await ownRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
  receiver = await startReceiver();
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  await receiver?.close();
});

beforeEach(async () => {
  github = await startFakeGitHub({ apiPrefix: '/api/v3' });
  clock = new Date('2030-03-10T12:00:00Z');
  deliveries = serveDeliveryLog(github, { apiUrl: `${github.url}/api/v3`, now: () => clock });
  deliveries.webhook = { url: receiver.url, secret: SECRET };
  receiver.guids.length = 0;
  prefix = testPrefix();
  lines = [];
});

afterEach(async () => {
  await deliveries.settled();
  await github.close();
  github.verify();
});

/** Octokit authenticated as the App, as the bot makes it (minus throttling, for speed). */
function appOctokit(): Promise<ProbotOctokit> {
  const probot = new Probot({
    appId: 1,
    privateKey,
    secret: SECRET,
    baseUrl: `${github.url}/api/v3`,
    Octokit: ProbotOctokit.defaults({ throttle: { enabled: false } }),
  });
  return probot.auth();
}

function redelivery(intervalSeconds = 300, holdSeconds?: number): Redelivery {
  const log = createLogger('bot', (line) => lines.push(JSON.parse(line) as Record<string, unknown>), 'debug');
  return new Redelivery({
    app: appOctokit,
    book: openStores(redis, prefix).redeliveries,
    log,
    intervalSeconds,
    now: () => clock,
    ...(holdSeconds ? { holdSeconds } : {}),
  });
}

async function push(n: number): Promise<string[]> {
  const guids: string[] = [];
  for (let i = 0; i < n; i++) {
    const sent = await deliveries.send('push', { ref: 'refs/heads/main', repository: { id: i + 1 } });
    guids.push(sent.guid);
  }
  return guids;
}

describe('a redelivery pass', () => {
  it('reads every page, asks once for each failed event, and a second pass asks for nothing', async () => {
    receiver.status = 503;
    const failed = await push(3);
    receiver.status = 200;
    await push(150);
    expect(deliveries.attempts.map((a) => a.status_code).slice(0, 4)).toEqual([503, 503, 503, 200]);

    const loop = redelivery();
    expect(await loop.pass()).toEqual({
      pages: 2,
      listed: 153,
      failed: 3,
      redelivered: 3,
      held: 0,
      givenUp: 0,
      errors: 0,
    });
    await deliveries.settled();
    const again = deliveries.attempts.filter((a) => a.redelivery);
    expect(again.map((a) => [a.guid, a.status_code]).sort()).toEqual(failed.map((g) => [g, 200]).sort());
    expect(receiver.guids.slice(-3).sort()).toEqual([...failed].sort());

    expect(await loop.pass()).toMatchObject({ failed: 0, redelivered: 0 });
    expect(deliveries.attempts.filter((a) => a.redelivery)).toHaveLength(3);
    expect(lines.filter((l) => l.msg === 'redelivery pass')).toHaveLength(2);
    await loop.close();
  });

  it('stops reading at GitHub 3-day window and asks for nothing older', async () => {
    receiver.status = 502;
    await push(120);
    clock = new Date('2030-03-13T18:00:00Z'); // 3.25 days later
    const recent = await push(2);
    receiver.status = 200;
    const counts = await redelivery().pass();
    expect(counts).toMatchObject({ pages: 1, listed: 100, failed: 2, redelivered: 2 });
    await deliveries.settled();
    expect(receiver.guids.sort()).toEqual([...recent].sort());
  });

  it('asks once when two bots pass at the same time', async () => {
    receiver.status = 500;
    await push(4);
    receiver.status = 200;
    const [a, b] = await Promise.all([redelivery().pass(), redelivery().pass()]);
    expect(a.redelivered + b.redelivered).toBe(4);
    expect(a.held + b.held).toBe(4);
    await deliveries.settled();
    expect(deliveries.attempts.filter((x) => x.redelivery)).toHaveLength(4);
  });

  it('gives up after 5 attempts, with one warning naming the delivery', async () => {
    receiver.status = 503;
    const [guid] = await push(1);
    const loop = redelivery(1, 1);
    for (let i = 0; i < 7; i++) {
      // Until a hold lapses, the event was asked for and its outcome is pending.
      await eventually(
        'the hold to lapse',
        async () => (await redis.exists(`${prefix}:redelivery:hold:${guid}`)) === 0,
      );
      await loop.pass();
      await deliveries.settled();
    }
    expect(deliveries.attempts.filter((a) => a.redelivery)).toHaveLength(5);
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ guid, event: 'push', statusCode: 503 });
    expect(String(warnings[0]!.msg)).toContain('gave up redelivering a webhook after 5 attempts');
    await loop.close();
  });
});

describe('the redelivery loop', () => {
  it('passes on start and then every interval, and never when the interval is 0', async () => {
    receiver.status = 503;
    await push(1);
    receiver.status = 200;
    const off = redelivery(0);
    off.start();
    await off.close();
    expect(github.received.filter((r) => r.path === '/app/hook/deliveries')).toEqual([]);

    const loop = redelivery(1);
    loop.start();
    await eventually('two passes', async () => lines.filter((l) => l.msg === 'redelivery pass').length >= 2);
    await loop.close();
    await loop.close();
    expect(lines.filter((l) => l.msg === 'redelivery pass')[0]).toMatchObject({
      failed: 1,
      redelivered: 1,
    });
    expect(lines.filter((l) => l.msg === 'redelivery pass')[1]).toMatchObject({
      failed: 0,
      redelivered: 0,
    });
  });
});

describe('the fake delivery log', () => {
  it("answers as GitHub's REST description says it does", async () => {
    receiver.status = 500;
    await push(3);
    receiver.status = 200;
    const octokit = await appOctokit();
    const listed = await octokit.request('GET /app/hook/deliveries', { per_page: 2 });
    expect(listed.data).toHaveLength(2);
    expect(listed.headers.link).toMatch(/cursor=v1_\d+>; rel="next"$/);
    expect(
      await checkResponseAgainstOpenApi('GET', '/app/hook/deliveries', listed.status, listed.data),
    ).toEqual([]);
    // The check itself refuses what GitHub would not send.
    expect(await checkResponseAgainstOpenApi('GET', '/app/hook/deliveries', 200, [{ id: 1 }])).toHaveLength(
      1,
    );
    const id = Number(listed.data[0]!.id);
    const asked = await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', {
      delivery_id: id,
    });
    const path = `/app/hook/deliveries/${id}/attempts`;
    expect(await checkResponseAgainstOpenApi('POST', path, asked.status, asked.data)).toEqual([]);
    expect(await checkResponseAgainstOpenApi('POST', path, 200, asked.data)).toEqual([
      `POST ${path} (apps/redeliver-webhook-delivery) never answers 200`,
    ]);
  });

  it('answers only the App (a JWT), and records a bot that cannot be reached as status 0', async () => {
    deliveries.webhook = { url: 'http://127.0.0.1:9/unreachable', secret: SECRET };
    const sent = await deliveries.send('push', { installation: { id: 7 }, repository: { id: 8 } });
    expect(sent).toMatchObject({
      status_code: 0,
      status: 'failed to connect',
      redelivery: false,
      installation_id: 7,
      repository_id: 8,
    });
    const asInstallation = await fetch(`${github.url}/api/v3/app/hook/deliveries`, {
      headers: { authorization: 'token ghs_installation' },
    });
    expect(asInstallation.status).toBe(401);
  });
});

async function startReceiver(): Promise<typeof receiver> {
  const state = { status: 200, guids: [] as string[] };
  const http_ = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (state.status < 300) state.guids.push(String(req.headers['x-github-delivery']));
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((resolve) => http_.listen(0, '127.0.0.1', resolve));
  const { port } = http_.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/api/github/webhooks`,
    close: () => new Promise<void>((resolve) => http_.close(() => resolve())),
  });
}
