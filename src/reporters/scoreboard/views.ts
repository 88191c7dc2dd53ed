/**
 * The scoreboard's HTML, from Handlebars views in `views/scoreboard/` at the repository root. The
 * folder sits outside src/ so one relative path finds it from both src/reporters/scoreboard/ (tests,
 * through tsx) and dist/reporters/scoreboard/ (the compiled service): both are three levels below the
 * root, and nothing has to be copied at build time. Views use `{{ }}` only, which escapes: names,
 * nicknames, test names and leaderboard values are all untrusted.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { formatCourseTime } from '../../text/format-time.js';
import type { ScoreboardModel, ScoreboardRow } from './scoreboard-data.js';
import type { ScoreboardIndex } from './scoreboard-index.js';

export const VIEWS_DIR = fileURLToPath(new URL('../../../views/scoreboard/', import.meta.url));

const handlebars = Handlebars.create();
// Prettier formats the views with the Glimmer parser, which drops a doctype: the code adds it.
const compile = (name: string) => {
  const template = handlebars.compile(read(name), { strict: true });
  return (context: object) => `<!doctype html>\n${template(context)}`;
};
const templates = {
  board: compile('board.hbs'),
  index: compile('index.hbs'),
  notFound: compile('not-found.hbs'),
};

export interface PageOptions {
  /** `?projector`: bigger type for a lecture hall. */
  projector: boolean;
  /** The course's time zone, for dates on the page until the script shows them in the reader's own. */
  timezone: string;
}

export function renderBoard(model: ScoreboardModel, options: PageOptions): string {
  const id = encodeURIComponent(model.assignment.id);
  return templates.board({
    ...page(options, `${model.assignment.title} · ${model.course}`, '../_assets/'),
    model,
    jsonUrl: `${id}.json`,
    eventsUrl: `${id}/events`,
    indexUrl: `../${encodeURIComponent(model.org)}`,
    generatedText: when(model.generated_at, options),
    withheldClass: model.withheld_tests ? 'note' : 'note gone',
    emptyClass: model.rows.length > 0 ? 'empty gone' : 'empty',
    due: model.assignment.due
      ? { iso: model.assignment.due, text: when(model.assignment.due, options) }
      : null,
    tests: model.tests.map((test, i) => ({ ...test, key: `test:${i}` })),
    leaderboard: model.leaderboard.map((column, i) => ({
      ...column,
      key: `leaderboard:${i}`,
      best: column.order === 'asc' ? 'lowest' : 'highest',
    })),
    rows: model.rows.map((row) => rowView(row, model, options)),
  });
}

export function renderIndex(index: ScoreboardIndex, options: PageOptions): string {
  const org = encodeURIComponent(index.org);
  return templates.index({
    ...page(options, `Scoreboards · ${index.course}`, '_assets/'),
    course: index.course,
    assignments: index.assignments.map((assignment) => ({
      title: assignment.title,
      url: `${org}/${encodeURIComponent(assignment.id)}`,
      due: assignment.due ? { iso: assignment.due, text: when(assignment.due, options) } : null,
    })),
  });
}

/** `assets` is where the stylesheet is, relative to the page that was asked for. */
export function renderNotFound(assets: string): string {
  return templates.notFound(page({ projector: false, timezone: 'UTC' }, 'No scoreboard here', assets));
}

function page(options: PageOptions, title: string, assets: string) {
  return { title, assets, bodyClass: options.projector ? 'projector' : '' };
}

function rowView(row: ScoreboardRow, model: ScoreboardModel, options: PageOptions) {
  return {
    ...row,
    rankText: row.rank === null ? '–' : String(row.rank),
    nameClass: row.nickname ? 'name nickname' : 'name',
    rankClass: row.rank !== null && row.rank <= 3 ? `rank rank-${row.rank}` : 'rank',
    scoreText: row.score === null ? '–' : String(row.score),
    lateText: row.late ? lateText(row.late) : null,
    tests: row.tests.map((points, i) => ({
      text: points === null ? '–' : String(points),
      className: pointsClass(points, model.tests[i]?.max_score ?? 0),
    })),
    leaderboard: row.leaderboard.map((value) => (value === null ? '–' : String(value))),
    lastGraded: row.last_graded_at
      ? { iso: row.last_graded_at, text: when(row.last_graded_at, options) }
      : null,
  };
}

/** Kept in step with the same function in assets/scoreboard.js. */
function lateText(late: NonNullable<ScoreboardRow['late']>): string {
  if (late.past_until) return 'late · after the late period';
  return `late · ${late.days} day${late.days === 1 ? '' : 's'}`;
}

/** Kept in step with the same function in assets/scoreboard.js. */
function pointsClass(points: number | null, max: number): string {
  if (points === null) return 'points none';
  if (points >= max) return 'points full';
  return points <= 0 ? 'points zero' : 'points partial';
}

function when(iso: string, options: PageOptions): string {
  return formatCourseTime(new Date(iso), options.timezone);
}

function read(name: string): string {
  return readFileSync(`${VIEWS_DIR}${name}`, 'utf8');
}
