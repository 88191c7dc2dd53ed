/**
 * The scoreboard over real HTTP, from `gradebot serve` in its own process, with real Redis: pages,
 * JSON, assets, what is refused, what is never shown, and the event stream that tells open pages of
 * a new result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/queue.js';
import { assignment, course, result, test } from './fixtures.js';
import { startScoreboardWorld, type ScoreboardWorld } from './scoreboard-world.js';

let world: ScoreboardWorld;

// Before the due date on any day the tests run: `gradebot serve` keeps the real clock, so hw1 is due
// a year after it. (scoreboard-data.test.ts covers before and after with an explicit clock.)
const DAY = 24 * 3600 * 1000;
const due = Date.now() + 365 * DAY;
const aheadOfTheClock = {
  due: new Date(due).toISOString(),
  late: { until: new Date(due + 2 * DAY).toISOString(), penaltyPerDay: 0.1 },
};

beforeAll(async () => {
  world = await startScoreboardWorld();
  await world.publish(
    course('cs101', [
      assignment(aheadOfTheClock),
      assignment({ id: 'hw2', title: 'Homework 2', scoreboard: false }),
      assignment({ id: 'hw3', title: 'Homework 3: <b>bold</b>', due: null }),
    ]),
  );
  const tests = [test('prints hello', 4, 4), test('edge cases', 5, 5, 'hidden')];
  await world.save('cs101', result('alice', tests, '2026-11-20T10:00:00.000Z'));
  await world.save(
    'cs101',
    result(
      'bob',
      [test('prints hello', 0, 4), test('edge cases', 0, 5, 'hidden')],
      '2026-11-20T11:00:00.000Z',
    ),
  );
  await world.results.setNickname('cs101', 'hw1', 'alice', '<script>alert(1)</script>');
  await world.save('cs101', { ...result('alice', tests, '2026-11-21T10:00:00.000Z'), assignment: 'hw2' });
});

afterAll(async () => {
  await world?.close();
});

const get = (path: string, init?: RequestInit) =>
  fetch(`${world.url}${path}`, { redirect: 'manual', ...init });

/** An open event stream: what it received so far, and how to hang up. */
async function listen(path: string) {
  const controller = new AbortController();
  const response = await get(path, { signal: controller.signal });
  const reader = response.body!.getReader();
  const stream = { response, received: '', close: async (): Promise<void> => undefined };
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      stream.received += Buffer.from(value).toString();
    }
  })().catch(() => undefined);
  stream.close = async () => {
    controller.abort();
    await reading;
  };
  await eventually('the stream to open', async () => stream.received.includes('retry:'));
  return stream;
}

describe('gradebot serve: the scoreboard', () => {
  it('serves the board as HTML under a strict Content-Security-Policy, names escaped, no logins', async () => {
    const response = await get('/scoreboard/cs101/hw1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(world.nameOf('cs101', 'bob'));
    // The only scripts are files of this server; no inline script, no inline handler.
    expect(html.match(/<script[^>]*>/g)).toEqual(["<script src='../_assets/scoreboard.js' defer>"]);
    expect(html).not.toMatch(/\son\w+=/);
    expect(html).not.toMatch(/alice|bob|edge cases|secret output/);
  });

  it('serves the same board as JSON', async () => {
    const response = await get('/scoreboard/cs101/hw1.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await response.text();
    expect(text).not.toMatch(/alice|bob|edge cases|secret output/);
    const model = JSON.parse(text) as { tests: unknown; rows: Record<string, unknown>[] };
    expect(model.tests).toEqual([{ name: 'prints hello', max_score: 4 }]);
    expect(model.rows.map(({ rank, name, nickname, score }) => ({ rank, name, nickname, score }))).toEqual([
      { rank: 1, name: '<script>alert(1)</script>', nickname: true, score: 4 },
      { rank: 2, name: world.nameOf('cs101', 'bob'), nickname: false, score: 0 },
    ]);
  });

  it('lists the boards of a course, escaped, and links to them', async () => {
    const response = await get('/scoreboard/cs101');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<a href='cs101/hw1'>Homework 1: Hello</a>");
    expect(html).toContain("<a href='cs101/hw3'>Homework 3: &lt;b&gt;bold&lt;/b&gt;</a>");
    expect(html).not.toContain('Homework 2');
  });

  it.each([
    ['an unknown organisation', '/scoreboard/cs999/hw1'],
    ['an unknown organisation index', '/scoreboard/cs999'],
    ['an assignment whose scoreboard is off', '/scoreboard/cs101/hw2'],
    ['an unknown assignment', '/scoreboard/cs101/hw9'],
    ['a path below a board', '/scoreboard/cs101/hw1/more'],
    ['a path too deep', '/scoreboard/cs101/hw1/events/more'],
    ['bad percent-encoding', '/scoreboard/%zz/hw1'],
    ['no organisation', '/scoreboard'],
    ['an unknown asset', '/scoreboard/_assets/secret.txt'],
    ['an asset path escape', '/scoreboard/_assets/..%2f..%2fpackage.json'],
  ])('answers 404 with a page for %s', async (_, path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await response.text()).toContain('No scoreboard here');
  });

  it('answers 404 in JSON for JSON that does not exist, or is turned off', async () => {
    for (const path of ['/scoreboard/cs101/hw2.json', '/scoreboard/cs999/hw1.json']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: 'no such scoreboard' });
    }
  });

  it('redirects a trailing slash, keeping ?projector, and refuses POST', async () => {
    const slash = await get('/scoreboard/cs101/hw1/?projector');
    expect(slash.status).toBe(308);
    expect(new URL(slash.headers.get('location')!, `${world.url}/scoreboard/cs101/hw1/`).pathname).toBe(
      '/scoreboard/cs101/hw1',
    );
    expect(slash.headers.get('location')).toBe('../hw1?projector');
    const projector = await (await get('/scoreboard/cs101/hw1?projector')).text();
    expect(projector).toContain("<body class='projector'");
    expect((await get('/scoreboard/cs101/hw1', { method: 'POST' })).status).toBe(405);
  });

  it('serves its stylesheet, script and icon, with validators', async () => {
    for (const [name, type] of [
      ['scoreboard.css', 'text/css; charset=utf-8'],
      ['scoreboard.js', 'text/javascript; charset=utf-8'],
      ['trophy.svg', 'image/svg+xml'],
    ]) {
      const response = await get(`/scoreboard/_assets/${name}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      const etag = response.headers.get('etag')!;
      expect((await get(`/scoreboard/_assets/${name}`, { headers: { 'if-none-match': etag } })).status).toBe(
        304,
      );
    }
    const script = await (await get('/scoreboard/_assets/scoreboard.js')).text();
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });

  it('tells an open event stream of a new result, and the JSON has it', async () => {
    const stream = await listen('/scoreboard/cs101/hw1/events');
    try {
      expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      await world.save('cs101', result('carol', [test('prints hello', 4, 4)], '2026-11-19T10:00:00.000Z'));
      await eventually(
        'a results event',
        async () => stream.received.includes('event: results\ndata: {}\n\n'),
        10_000,
      );
      const model = (await (await get('/scoreboard/cs101/hw1.json')).json()) as { rows: { name: string }[] };
      // Carol submitted earliest with full marks: first.
      expect(model.rows[0]!.name).toBe(world.nameOf('cs101', 'carol'));
      expect(stream.received).not.toMatch(/carol/);
    } finally {
      await stream.close();
    }
  });

  it('tells a stream of a burst of saves a few times, not once per save, and the last one counts', async () => {
    const stream = await listen('/scoreboard/cs101/hw1/events');
    try {
      for (let i = 0; i < 20; i++) {
        await world.save(
          'cs101',
          result(`burst${i}`, [test('prints hello', 1, 4)], '2026-11-22T10:00:00.000Z'),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const events = stream.received.split('event: results').length - 1;
      expect(events).toBeGreaterThanOrEqual(1);
      expect(events).toBeLessThanOrEqual(4);
      const model = (await (await get('/scoreboard/cs101/hw1.json')).json()) as { rows: unknown[] };
      expect(model.rows).toHaveLength(23);
    } finally {
      await stream.close();
    }
  });

  it('sends nothing to a stream of another board', async () => {
    const stream = await listen('/scoreboard/cs101/hw3/events');
    try {
      await world.save('cs101', result('dave', [test('prints hello', 1, 4)], '2026-11-19T10:00:00.000Z'));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(stream.received).not.toContain('event: results');
    } finally {
      await stream.close();
    }
  });

  it('stops on SIGTERM while a page is still listening', async () => {
    const stream = await listen('/scoreboard/cs101/hw1/events');
    world.serve.child.kill('SIGTERM');
    expect(await world.serve.exited).toBe(0);
    await stream.close();
  });
});
