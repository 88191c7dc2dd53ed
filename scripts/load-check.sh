#!/usr/bin/env bash
# The load check (issue 13): the Docker-backed tests and three concurrent `gradebot grade` processes
# while two CPU hogs run, three rounds unless told; any infrastructure error or changed score fails it.
# Arguments go to scripts/load-check.ts, e.g. `bash scripts/load-check.sh --rounds 1`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
if ! command -v stress-ng >/dev/null 2>&1; then
  printf 'load-check: installing stress-ng\n' >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends stress-ng
fi
exec npx tsx scripts/load-check.ts "$@"
