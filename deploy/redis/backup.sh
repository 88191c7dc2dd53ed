#!/bin/sh
# A consistent copy of Redis's append-only files, as a tar stream on stdout: every queued job,
# result, course and roster of the deployment. Runs where Redis runs (inside its container: it
# needs only sh, redis-cli and tar), while Redis serves; nothing stops.
#
#   docker exec -i "$(docker ps -q -f name=gradebot_redis)" sh -s < deploy/redis/backup.sh \
#     > gradebot-redis-$(date +%F).tar
#
# Redis's own recipe for AOF backups: turn automatic rewrites off (a rewrite replaces the files
# mid-copy), wait for one under way to end, copy the AOF directory, turn rewrites back on. The
# copy's last second may be cut short; Redis loads a truncated tail (aof-load-truncated, default).
# REDIS_CLI_ARGS reaches another server (e.g. "-p 6380"). Restoring: deploy/swarm/README.md.
set -eu
cli() {
  # shellcheck disable=SC2086 # the arguments are words on purpose
  redis-cli ${REDIS_CLI_ARGS:-} --raw "$@"
}
setting() { cli CONFIG GET "$1" | sed -n 2p; }

if [ "$(setting appendonly)" != yes ]; then
  echo 'backup: Redis runs without its append-only file (appendonly no); nothing to copy' >&2
  exit 1
fi
dir=$(setting dir)
aof=$(setting appenddirname)
percentage=$(setting auto-aof-rewrite-percentage)
cli CONFIG SET auto-aof-rewrite-percentage 0 >/dev/null
trap 'cli CONFIG SET auto-aof-rewrite-percentage "$percentage" >/dev/null' EXIT
while cli INFO persistence | grep -Eq '^aof_rewrite_(in_progress|scheduled):1'; do sleep 1; done
# GNU tar says 1 when a file grew while it read it: Redis appends as it serves, and tar keeps the
# length it saw first, a prefix of whole commands up to the last one.
status=0
tar -c -C "$dir" "$aof" || status=$?
[ "$status" -le 1 ] || exit "$status"
