/* global document, window, fetch, EventSource, setInterval */
// The live scoreboard. The page arrives rendered; this keeps it current: a server-sent event says
// that a result was saved, and the page fetches the board's JSON again and rebuilds the table. If
// the event stream cannot be had, it polls the JSON instead. Everything from the JSON is put into
// the page as text (textContent), never as HTML: names and test names are untrusted.
'use strict';

(() => {
  const POLL_MS = 15_000;
  /** Even while live, in case a proxy holds the event stream back. */
  const SAFETY_MS = 120_000;
  const body = document.body;
  const table = document.getElementById('board');
  if (!table || !body.dataset.json) return;
  const jsonUrl = body.dataset.json;
  const eventsUrl = body.dataset.events;
  const status = document.getElementById('status');

  let model = null;
  let mode = 'connecting';
  let sort = { key: 'rank', descending: false };
  let loading = null;
  let again = false;
  let poller = null;
  /** The last fetch failed: what is shown may be out of date. */
  let stale = false;

  // Sorting: each column has the direction a first click sorts it in (best first).
  const DESCENDING_FIRST = new Set(['score', 'submissions', 'graded']);
  function valueOf(row, key) {
    if (key === 'rank') return row.rank;
    if (key === 'name') return row.name;
    if (key === 'score') return row.score;
    if (key === 'submissions') return row.submissions;
    if (key === 'graded') return row.last_graded_at ? Date.parse(row.last_graded_at) : null;
    const [kind, index] = key.split(':');
    return (kind === 'test' ? row.tests : row.leaderboard)[Number(index)] ?? null;
  }
  function firstDescending(key) {
    if (key.startsWith('test:')) return true;
    if (key.startsWith('leaderboard:')) {
      return model.leaderboard[Number(key.split(':')[1])]?.order !== 'asc';
    }
    return DESCENDING_FIRST.has(key);
  }
  function compare(a, b) {
    const x = valueOf(a, sort.key);
    const y = valueOf(b, sort.key);
    if (x === null || y === null) return x === y ? byRank(a, b) : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return (sort.descending ? -order : order) || byRank(a, b);
  }
  function byRank(a, b) {
    if (a.rank === null || b.rank === null)
      return a.rank === b.rank ? a.name.localeCompare(b.name) : a.rank === null ? 1 : -1;
    return a.rank - b.rank;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Kept in step with lateText in src/reporters/scoreboard/views.ts. */
  function lateText(late) {
    if (late.past_until) return 'late · after the late period';
    return `late · ${late.days} day${late.days === 1 ? '' : 's'}`;
  }
  /** Kept in step with pointsClass in src/reporters/scoreboard/views.ts. */
  function pointsClass(points, max) {
    if (points === null) return 'points none';
    if (points >= max) return 'points full';
    return points <= 0 ? 'points zero' : 'points partial';
  }

  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const absolute = new Intl.DateTimeFormat(undefined, {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  function ago(iso) {
    // Never "in 3 seconds": the server's clock may be a little ahead of the reader's.
    const seconds = Math.min(0, (Date.parse(iso) - Date.now()) / 1000);
    const steps = [
      [60, 'second'],
      [60, 'minute'],
      [24, 'hour'],
      [7, 'day'],
    ];
    let value = seconds;
    for (const [size, unit] of steps) {
      if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
      value /= size;
    }
    return absolute.format(new Date(iso));
  }
  function timeCell(iso) {
    const cell = element('td', 'graded');
    if (!iso) {
      cell.textContent = '–';
      return cell;
    }
    const time = element('time', '', ago(iso));
    time.dateTime = iso;
    time.title = absolute.format(new Date(iso));
    cell.append(time);
    return cell;
  }

  function header(key, className, label, title) {
    const th = element('th', className);
    th.scope = 'col';
    th.dataset.key = key;
    const button = element('button', '', label);
    button.type = 'button';
    if (title) button.title = title;
    th.append(button);
    if (sort.key === key) th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
    return th;
  }

  function renderHead() {
    const row = element('tr');
    row.append(
      header('rank', 'rank', '#'),
      header('name', 'name', 'Name'),
      header('score', 'score', 'Score'),
    );
    model.tests.forEach((test, i) => {
      const th = header(`test:${i}`, 'test', test.name, `${test.name}: ${test.max_score} points`);
      th.firstChild.append(' ', element('small', '', `/ ${test.max_score}`));
      row.append(th);
    });
    model.leaderboard.forEach((column, i) => {
      const best = column.order === 'asc' ? 'lowest' : 'highest';
      row.append(header(`leaderboard:${i}`, 'extra', column.name, `${column.name}: ${best} is best`));
    });
    row.append(
      header('submissions', 'submissions', 'Submissions'),
      header('graded', 'graded', 'Last graded'),
    );
    table.tHead.replaceChildren(row);
  }

  function renderBody(previous) {
    const before = new Map((previous?.rows ?? []).map((row) => [row.name, row]));
    const rows = [...model.rows].sort(compare).map((data) => {
      const tr = element('tr');
      const old = before.get(data.name);
      if (previous && (!old || old.score !== data.score || old.submissions !== data.submissions)) {
        tr.className = 'changed';
      }
      const rankClass = data.rank !== null && data.rank <= 3 ? `rank rank-${data.rank}` : 'rank';
      tr.append(element('td', rankClass, data.rank === null ? '–' : String(data.rank)));
      tr.append(element('td', data.nickname ? 'name nickname' : 'name', data.name));
      const score = element('td', 'score');
      score.append(element('strong', '', data.score === null ? '–' : String(data.score)));
      if (data.max_score) score.append(' ', element('span', 'max', `/ ${data.max_score}`));
      if (data.late) score.append(' ', element('span', 'badge late', lateText(data.late)));
      tr.append(score);
      data.tests.forEach((points, i) => {
        const max = model.tests[i]?.max_score ?? 0;
        tr.append(element('td', pointsClass(points, max), points === null ? '–' : String(points)));
      });
      data.leaderboard.forEach((value) =>
        tr.append(element('td', 'extra', value === null ? '–' : String(value))),
      );
      tr.append(element('td', 'submissions', String(data.submissions)), timeCell(data.last_graded_at));
      return tr;
    });
    table.tBodies[0].replaceChildren(...rows);
    document.getElementById('empty').classList.toggle('gone', model.rows.length > 0);
  }

  function render(next) {
    const previous = model;
    model = next;
    // A column sorted on may be gone from the new board (the course changed): back to the ranking.
    const [kind, index] = sort.key.split(':');
    if (index !== undefined && Number(index) >= (kind === 'test' ? model.tests : model.leaderboard).length) {
      sort = { key: 'rank', descending: false };
    }
    const title = document.querySelector('h1');
    if (title) title.textContent = model.assignment.title;
    document.title = `${model.assignment.title} · ${model.course}`;
    document.getElementById('withheld').classList.toggle('gone', !model.withheld_tests);
    renderHead();
    renderBody(previous);
    showStatus();
  }

  function showStatus() {
    if (!status) return;
    const words = {
      live: 'Live',
      polling: 'Updated every 15 s',
      offline: 'Reconnecting…',
      connecting: 'Connecting…',
    };
    status.className = `status ${mode}`;
    const updated = stale ? ' · could not update' : model ? ` · updated ${ago(model.generated_at)}` : '';
    status.textContent = `${words[mode]}${updated}`;
  }

  async function refresh() {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      try {
        do {
          again = false;
          const response = await fetch(jsonUrl, {
            cache: 'no-store',
            headers: { accept: 'application/json' },
          });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          stale = false;
          render(await response.json());
        } while (again);
      } catch {
        stale = true;
        showStatus();
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  function poll() {
    mode = 'polling';
    showStatus();
    if (!poller) poller = setInterval(refresh, POLL_MS);
  }

  function listen() {
    if (!('EventSource' in window) || !eventsUrl) return poll();
    const source = new EventSource(eventsUrl);
    source.addEventListener('results', () => void refresh());
    source.addEventListener('open', () => {
      // Whatever was saved while the stream was down is fetched now.
      mode = 'live';
      void refresh();
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) return poll();
      mode = 'offline';
      showStatus();
    });
    setInterval(() => {
      if (mode === 'live') void refresh();
    }, SAFETY_MS);
  }

  table.tHead.addEventListener('click', (event) => {
    const th = event.target.closest('th');
    if (!th || !model) return;
    const key = th.dataset.key;
    sort =
      sort.key === key ? { key, descending: !sort.descending } : { key, descending: firstDescending(key) };
    renderHead();
    renderBody(null);
  });

  // Relative times ("2 minutes ago") age; keep them true.
  setInterval(() => {
    for (const time of table.querySelectorAll('td.graded time')) time.textContent = ago(time.dateTime);
    showStatus();
  }, 30_000);

  void refresh();
  listen();
})();
