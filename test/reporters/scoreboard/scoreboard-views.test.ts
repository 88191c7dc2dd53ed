/**
 * Snapshots of the rendered pages, and the rule that makes them safe: every value goes through
 * Handlebars' escaping `{{ }}`, never `{{{ }}}`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreboardData } from '../../../src/reporters/scoreboard/scoreboard-data.js';
import { scoreboardIndex } from '../../../src/reporters/scoreboard/scoreboard-index.js';
import {
  renderBoard,
  renderIndex,
  renderNotFound,
  VIEWS_DIR,
} from '../../../src/reporters/scoreboard/views.js';
import { assignment, BEFORE_DUE, course, result, stored, test } from './fixtures.js';

const late = { days: 2, penalty: 0.2, past_until: false };
const model = scoreboardData({
  course: course(),
  assignment: assignment({ kind: 'grader', title: 'Homework 1 & <friends>' }),
  results: new Map([
    [
      'alice',
      [
        stored(
          'j1',
          result(
            'alice',
            [test('prints "hello"', 4, 4), test('sums', 3, 6), test('edge', 0, 5, 'hidden')],
            '2026-11-30T10:00:00.000Z',
            {
              leaderboard: [{ name: 'time <s>', value: 1.25, order: 'asc' }],
            },
          ),
        ),
      ],
    ],
    [
      'bob',
      [
        stored(
          'j2',
          result('bob', [test('prints "hello"', 0, 4), test('sums', 6, 6)], '2026-12-03T10:00:00.000Z', {
            late,
          }),
        ),
      ],
    ],
  ]),
  nicknames: new Map([['alice', '<script>alert(1)</script>']]),
  pseudonymOf: () => ({ name: 'Brave Otter 417', tag: 'a11c' }),
  now: BEFORE_DUE,
});

describe('scoreboard views', () => {
  it('renders a board', () => {
    const html = renderBoard(model, { projector: false, timezone: 'America/Toronto' });
    expect(html).toMatchSnapshot();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Homework 1 &amp; &lt;friends&gt;');
    expect(html).toContain('late · 2 days');
    expect(html).not.toMatch(/alice|bob|edge/);
    expect(html.startsWith('<!doctype html>\n')).toBe(true);
  });

  it('renders the projector variant and an empty board', () => {
    const empty = { ...model, rows: [], tests: [], leaderboard: [] };
    const html = renderBoard(empty, { projector: true, timezone: 'UTC' });
    expect(html).toContain("<body class='projector'");
    expect(html).toContain("<p id='empty' class='empty'>No graded submissions yet.</p>");
  });

  it('renders the index and the page for nothing', () => {
    const index = scoreboardIndex(
      course('cs101', [assignment(), assignment({ id: 'hw2', title: 'Two', due: null })]),
    );
    expect(renderIndex(index, { projector: false, timezone: 'America/Toronto' })).toMatchSnapshot();
    expect(renderNotFound('../_assets/')).toMatchSnapshot();
  });

  it('never uses the unescaped {{{ }}} in a view', () => {
    const views = readdirSync(VIEWS_DIR).filter((name) => name.endsWith('.hbs'));
    expect(views.sort()).toEqual(['board.hbs', 'index.hbs', 'not-found.hbs']);
    for (const name of views) expect(readFileSync(`${VIEWS_DIR}${name}`, 'utf8')).not.toMatch(/\{\{\{|\{\{&/);
  });
});
