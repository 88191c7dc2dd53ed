/** Which paths are scoreboard pages, and what each asks for. */
import { expect, it } from 'vitest';
import { assetsFrom, parseScoreboardPath } from '../../../src/reporters/scoreboard/scoreboard-path.js';

it.each([
  ['/api/github/webhooks', null],
  ['/scoreboards', null],
  ['/scoreboard', { kind: 'unknown', format: 'html' }],
  ['/scoreboard/', { kind: 'unknown', format: 'html' }],
  ['/scoreboard/cs101', { kind: 'index', org: 'cs101' }],
  ['/scoreboard/cs101/', { kind: 'redirect', location: '../cs101' }],
  ['/scoreboard/cs101/hw1', { kind: 'board', org: 'cs101', assignment: 'hw1', format: 'html' }],
  ['/scoreboard/cs101/hw1/', { kind: 'redirect', location: '../hw1' }],
  ['/scoreboard/cs101/hw1.json', { kind: 'board', org: 'cs101', assignment: 'hw1', format: 'json' }],
  ['/scoreboard/cs101/hw1/events', { kind: 'board', org: 'cs101', assignment: 'hw1', format: 'events' }],
  ['/scoreboard/cs101/hw%31', { kind: 'board', org: 'cs101', assignment: 'hw1', format: 'html' }],
  ['/scoreboard/cs101/hw1/more', { kind: 'unknown', format: 'html' }],
  ['/scoreboard/cs101/hw1/events/more', { kind: 'unknown', format: 'html' }],
  ['/scoreboard/cs101/hw.1.json', { kind: 'unknown', format: 'json' }],
  ['/scoreboard/cs101/..%2Fsecret.json', { kind: 'unknown', format: 'json' }],
  ['/scoreboard/-cs101/hw1', { kind: 'unknown', format: 'html' }],
  ['/scoreboard/%zz/hw1', { kind: 'unknown', format: 'html' }],
  ['/scoreboard/_assets/scoreboard.css', { kind: 'asset', name: 'scoreboard.css' }],
  ['/scoreboard/_assets/..%2F..%2Fpackage.json', { kind: 'asset', name: '../../package.json' }],
  ['/scoreboard/_assets', { kind: 'unknown', format: 'html' }],
])('%s', (pathname, expected) => {
  expect(parseScoreboardPath(pathname)).toEqual(expected);
});

it('finds the assets from any depth', () => {
  expect(assetsFrom('/scoreboard')).toBe('scoreboard/_assets/');
  expect(assetsFrom('/scoreboard/cs101')).toBe('_assets/');
  expect(assetsFrom('/scoreboard/cs101/hw1')).toBe('../_assets/');
  expect(assetsFrom('/scoreboard/cs101/hw1/more/deeper')).toBe('../../../_assets/');
});
