/**
 * The scoreboard in a real browser (Debian's headless Chromium, driven by playwright-core) against
 * `gradebot serve` on loopback: a saved result appears without a reload, a nickname made of markup
 * stays text, the headers sort, polling takes over when the event stream is refused, and the page
 * runs under its Content-Security-Policy without a violation. Screenshots go to test/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/chromium.js';
import { REPO_ROOT } from '../../helpers/grading.js';
import { assignment, course, result, test } from './fixtures.js';
import { startScoreboardWorld, type ScoreboardWorld } from './scoreboard-world.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test', 'artifacts');
const NICKNAME = '<script>alert(1)</script>';

let world: ScoreboardWorld;
let browser: Browser;

const graded = (student: string, points: [number, number, number], at: string, time: number) =>
  result(
    student,
    [test('prints hello', points[0], 4), test('sums', points[1], 6), test('parses input', points[2], 5)],
    at,
    {
      leaderboard: [
        { name: 'time (s)', value: time, order: 'asc' },
        { name: 'lines', value: Math.round(time * 40) },
      ],
    },
  );

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  world = await startScoreboardWorld();
  await world.publish(
    course('cs101', [
      assignment({ kind: 'grader', title: 'Homework 1: Hello, world', due: '2026-11-20T04:59:00.000Z' }),
    ]),
  );
  await world.results.setNickname('cs101', 'hw1', 'alice', NICKNAME);
  await world.save('cs101', graded('alice', [4, 6, 5], '2026-11-18T10:00:00.000Z', 2.5));
  await world.save('cs101', graded('bob', [4, 3, 5], '2026-11-18T11:00:00.000Z', 0.75));
  await world.save('cs101', graded('carol', [4, 0, 0], '2026-11-17T09:00:00.000Z', 9.1));
  await world.save('cs101', {
    ...graded('erin', [4, 6, 0], '2026-11-21T09:00:00.000Z', 3),
    late: { days: 2, penalty: 0.2, past_until: false },
    score: 8,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** A page that records dialogs, script errors and CSP violations, all of which fail the test. */
async function open(
  options: Parameters<Browser['newPage']>[0] = {},
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage(options);
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return { page, problems };
}

const names = (page: Page) => page.locator('#board tbody td.name').allTextContents();

it('shows a new result without a reload, keeps markup as text, and sorts by a leaderboard column', async () => {
  const { page, problems } = await open({ viewport: { width: 1280, height: 760 } });
  await page.goto(`${world.url}/scoreboard/cs101/hw1`);
  await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Live/);

  const rows = await names(page);
  expect(rows[0]).toBe(NICKNAME);
  expect(await page.locator('td.nickname').evaluate((cell) => cell.children.length)).toBe(0);
  expect(await page.locator('script').count()).toBe(1);
  expect(await page.locator('td.score .late').textContent()).toBe('late · 2 days');

  // A marker that a reload would lose.
  await page.evaluate(() => Object.assign(globalThis, { marker: 'still here' }));
  await world.save('cs101', graded('dave', [4, 6, 5], '2026-11-16T10:00:00.000Z', 1.8));
  const dave = world.nameOf('cs101', 'dave');
  await expect.poll(() => names(page), { timeout: 10_000 }).toContain(dave);
  expect((await names(page))[0]).toBe(dave);
  expect(await page.evaluate(() => (globalThis as { marker?: string }).marker)).toBe('still here');
  expect(await page.locator('tr.changed td.name').allTextContents()).toEqual([dave]);

  // time (s): lower is better, so the first click puts the fastest first; the second reverses.
  await page.locator('th[data-key="leaderboard:0"] button').click();
  expect((await names(page))[0]).toBe(world.nameOf('cs101', 'bob'));
  expect(await page.locator('th[data-key="leaderboard:0"]').getAttribute('aria-sort')).toBe('ascending');
  await page.locator('th[data-key="leaderboard:0"] button').click();
  expect((await names(page))[0]).toBe(world.nameOf('cs101', 'carol'));
  await page.locator('th[data-key="rank"] button').click();
  expect((await names(page))[0]).toBe(dave);

  await page.waitForTimeout(2600); // the highlight of the changed row fades before the screenshot
  await page.screenshot({ path: path.join(ARTIFACTS, 'scoreboard.png'), fullPage: true });
  expect(problems).toEqual([]);
  await page.close();
});

it('reads well on a phone and on a projector', async () => {
  const phone = await open({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  await phone.page.goto(`${world.url}/scoreboard/cs101/hw1`);
  await expect.poll(() => phone.page.locator('#status').textContent()).toMatch(/^Live/);
  // The table scrolls sideways inside its frame; the page itself does not.
  expect(await phone.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await phone.page.screenshot({ path: path.join(ARTIFACTS, 'scoreboard-phone.png'), fullPage: true });
  expect(phone.problems).toEqual([]);
  await phone.page.close();

  const projector = await open({ viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
  await projector.page.goto(`${world.url}/scoreboard/cs101/hw1?projector`);
  await expect.poll(() => projector.page.locator('#status').textContent()).toMatch(/^Live/);
  await projector.page.screenshot({ path: path.join(ARTIFACTS, 'scoreboard-projector.png') });
  expect(projector.problems).toEqual([]);
  await projector.page.close();
});

it('polls the JSON when the event stream is refused', async () => {
  const { page, problems } = await open();
  await page.clock.install();
  await page.route('**/events', (route) => route.fulfill({ status: 503, body: 'no' }));
  await page.goto(`${world.url}/scoreboard/cs101/hw1`);
  // Polling, and the first board (fetched as the page opened, alongside the refused stream) is in:
  // until then it could still be read after the save below.
  await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Updated every 15 s · updated/);

  await world.save('cs101', graded('frank', [4, 6, 5], '2026-11-15T10:00:00.000Z', 5));
  const frank = world.nameOf('cs101', 'frank');
  expect(await names(page)).not.toContain(frank);
  await page.clock.fastForward(16_000);
  await expect.poll(() => names(page)).toContain(frank);
  // The refused stream shows up as a failed request in the console; nothing else may.
  expect(problems.filter((problem) => !/503/.test(problem))).toEqual([]);
  await page.close();
});
