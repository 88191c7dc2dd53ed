#!/usr/bin/env bash
# Shows that no test and no example depends on the day it runs: runs the date-sensitive tests and
# scripts/grade-examples.sh with the clock moved past every date in the repository (2099) and before
# all of them (2020), with Debian's faketime. The rest of CI is the real clock.
#
# Which tests (TESTS below): those whose subject compares a time with a due date, a late deadline, a
# submission window or the clock (late policy, after-due visibility, the scoreboard's withheld tests
# and on-time standings, submission limits, the Gradescope metadata's dates, earlier submissions,
# regrade and export keeping submission times), or whose code reads the clock (the CLI's and the
# bot's default submission time, the scoreboard of `gradebot serve`). Found by grepping test/ and its
# fixtures for dates, Date.now, new Date(), `now`, due, late, limit and submitted, and src/ for what
# reads the clock; and by running the whole suite under both clocks once, where only files of this
# list failed. A new test of that kind belongs here.
#
# What stays on the real clock, and why that is no flaw of gradebot:
# - Redis and dockerd run outside (started by setup.sh). gradebot never compares a time it computed
#   with Redis's clock: every expiry is relative (EX, EXPIRE) and BullMQ takes all its timestamps
#   from its clients, which share the fake clock. A real deployment whose Redis clock is off is in
#   the same position, so the mix is a fair test. Containers keep the real clock too (they are not
#   children of this script), as a grader's host clock would.
# - redis-cli, redis-server and Chromium run on the real clock through the shims below, because
#   libfaketime 0.9.10 breaks them: redis-cli and redis-server (jemalloc) hang at start-up and
#   Chromium's renderers crash. A reader's browser has its own clock anyway; the scoreboard test then
#   also shows a page whose clock is decades off the server's.
# - faketime is given a date, not FAKETIME='@…': it turns the date into an offset that every process
#   shares and that keeps ticking. With '@…' each new process starts again at that instant, so a CLI
#   or runner started later would see a time before its parent's.
#
# Arguments: none. Needs root (or sudo) to install faketime when it is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

FUTURE='2099-06-01 12:00:00'
PAST='2020-06-01 12:00:00'
TESTS=(
  test/cli/grade-command.test.ts
  test/cli/submit-command.test.ts
  test/cli/regrade-command.test.ts
  test/cli/export-command.test.ts
  test/bot/github-app-e2e.test.ts
  test/course/due-date.test.ts
  test/course/course-problems.test.ts
  test/course/validate-command.test.ts
  test/scoring/late-policy.test.ts
  test/scoring/submission-limit.test.ts
  test/store/limit-ledger.test.ts
  test/queue/submission-limit.test.ts
  test/queue/previous-submissions.test.ts
  test/runner/previous-submissions.test.ts
  test/runner/submission-metadata.test.ts
  test/runner/grader-metadata.test.ts
  test/reporters/check-run-output.test.ts
  test/reporters/scoreboard/scoreboard-data.test.ts
  test/reporters/scoreboard/scoreboard-views.test.ts
  test/reporters/scoreboard/scoreboard-server.test.ts
  test/reporters/scoreboard/scoreboard-browser.test.ts
  test/standings/standings.test.ts
  test/gradebook/gradebook-rows.test.ts
  test/gradebook/regrade-plan.test.ts
)

say() { printf 'clock-check: %s\n' "$*" >&2; }
fail() {
  say "$*"
  exit 1
}

bash scripts/setup.sh
if ! command -v faketime >/dev/null 2>&1; then
  say 'installing faketime'
  root=()
  [ "$(id -u)" -eq 0 ] || root=(sudo)
  apt=("${root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
  "${apt[@]}" install -y -q faketime || { "${apt[@]}" update -q && "${apt[@]}" install -y -q faketime; }
fi

# Both clocks must lie beyond every date that the course files, tests and documentation mention (due
# dates, submission times). src/ is left out: its one date is a fixed file time, not a deadline.
mapfile -t dates < <(git ls-files --cached --others --exclude-standard -- examples test docs README.md |
  xargs -d '\n' grep -sIohE '(^|[^0-9])[12][0-9]{3}-[01][0-9]-[0-3][0-9]' |
  grep -oE '[12][0-9]{3}-[01][0-9]-[0-3][0-9]' | sort -u |
  # Only real calendar dates: tests also mention impossible ones (2026-13-01) to see them refused.
  while read -r day; do date -u -d "$day" +%F >/dev/null 2>&1 && printf '%s\n' "$day"; done)
[ "${#dates[@]}" -gt 0 ] || fail 'found no dates in the repository; is the date pattern wrong?'
earliest=${dates[0]} latest=${dates[-1]}
[[ $latest < ${FUTURE%% *} ]] ||
  fail "the repository mentions $latest, not before the future clock ${FUTURE%% *}; move FUTURE later"
[[ $earliest > ${PAST%% *} ]] ||
  fail "the repository mentions $earliest, not after the past clock ${PAST%% *}; move PAST earlier"
say "dates in the repository: $earliest to $latest"

# Tools that run on the real clock even under faketime (see above).
shims=$(mktemp -d)
trap 'rm -rf "$shims"' EXIT
shim() {
  printf '#!/bin/sh\nexec env -u LD_PRELOAD -u FAKETIME -u FAKETIME_SHARED %q "$@"\n' "$2" >"$shims/$1"
  chmod +x "$shims/$1"
}
shim redis-cli "$(command -v redis-cli)"
shim redis-server "$(command -v redis-server)"
shim chromium "${CHROMIUM_PATH:-/usr/bin/chromium}"
export PATH="$shims:$PATH" CHROMIUM_PATH="$shims/chromium"
# Node's timers run on the monotonic clock: left alone, they keep working.
export FAKETIME_DONT_FAKE_MONOTONIC=1

for when in "$FUTURE" "$PAST"; do
  year=${when%%-*}
  # faketime works through LD_PRELOAD; a node that ignored it would make this check prove nothing.
  seen=$(faketime "$when" node -e 'setTimeout(() => console.log(new Date().getUTCFullYear()), 50)')
  [ "$seen" = "$year" ] || fail "under faketime '$when' node sees the year ${seen:-(nothing)}, not $year"
  say "clock at $when: ${#TESTS[@]} test files"
  started=$SECONDS
  faketime "$when" npx vitest run "${TESTS[@]}" || fail "the date-sensitive tests failed with the clock at $when"
  say "clock at $when: scripts/grade-examples.sh"
  faketime "$when" bash scripts/grade-examples.sh || fail "scripts/grade-examples.sh failed with the clock at $when"
  say "clock at $when: passed in $((SECONDS - started)) s"
done
say 'passed on both clocks'
