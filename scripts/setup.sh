#!/usr/bin/env bash
# Prepares a machine for gradebot's tests and examples: Docker engine, Redis, debootstrap, npm
# dependencies, the compiled CLI and the grading images. Written for a fresh Debian bookworm with
# only Node 20 and npm, run as root; every step checks first, so running it again is cheap.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# debootstrap, dockerd and ip live in sbin, which non-login shells often leave off PATH.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*"
  fi
}

# --- system packages ---------------------------------------------------------------------------
packages=()
# Any docker CLI works against the engine (API version negotiation), so only the engine decides.
command -v dockerd >/dev/null 2>&1 || packages+=(docker.io)
command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || packages+=(redis-server)
command -v debootstrap >/dev/null 2>&1 || packages+=(debootstrap)
command -v ip >/dev/null 2>&1 || packages+=(iproute2)
# curl: deploy/swarm/local-swarm.sh waits for the bot with it (the swarm test).
command -v curl >/dev/null 2>&1 || packages+=(curl)
# Debian's Chromium, driven by playwright-core in the scoreboard's browser test.
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
if [ "${#packages[@]}" -gt 0 ]; then
  log "installing ${packages[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"
fi

# --- Docker engine -----------------------------------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  if [ -d /run/systemd/system ] && systemctl list-unit-files docker.service >/dev/null 2>&1; then
    log 'starting docker.service'
    as_root systemctl start docker
  elif ! { [ -f /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; }; then
    # Without systemd (containers, CI sandboxes) start the engine by hand. --iptables=false because
    # such hosts often cannot change the firewall; gradebot needs no container networking (grading
    # runs with --network none, image builds with --network host).
    log 'starting dockerd (log: /var/log/dockerd.log)'
    as_root sh -c 'setsid nohup dockerd --iptables=false >>/var/log/dockerd.log 2>&1 </dev/null &'
  fi
  for _ in $(seq 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || die "the Docker engine did not answer within 60 s; see /var/log/dockerd.log"
fi

# --- Redis -------------------------------------------------------------------------------------
if ! redis-cli -p 6379 ping 2>/dev/null | grep -q PONG; then
  log 'starting redis-server on port 6379'
  # A throwaway instance for tests: no snapshots, no append-only file.
  redis-server --daemonize yes --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 20); do
    redis-cli -p 6379 ping 2>/dev/null | grep -q PONG && break
    sleep 0.5
  done
  redis-cli -p 6379 ping 2>/dev/null | grep -q PONG || die 'redis-server did not answer on port 6379'
fi

# --- Node dependencies and build ---------------------------------------------------------------
# npm writes node_modules/.package-lock.json on every install: older than the lock file means stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log 'npm ci'
  # The lock records msgpackr-extract's macOS, Windows and 32-bit ARM builds by hand: the registry
  # these machines reach does not serve them, and `npm install` here drops them again, which makes
  # `npm ci` refuse the lock. If that happens, say so and install from package.json instead.
  if ! npm ci --no-audit --no-fund; then
    log 'npm ci refused the lock file; falling back to npm install (restore the lock entries, see above)'
    npm install --no-audit --no-fund
  fi
fi
log 'npm run build'
npm run build --silent

# --- grading images ----------------------------------------------------------------------------
# Always: a changed Dockerfile must reach an image built before the change (docker's layer cache
# makes this about a second when nothing changed, and ~10 min on a fresh machine).
log 'building the grading images (gradebot images build)'
node bin/gradebot.js images build
# --- deployment images (the swarm test deploys them) ---------------------------------------------
# Cheap when nothing changed: docker's layer cache answers in under a second.
log 'building the deployment images (deploy/build-images.sh)'
bash deploy/build-images.sh local

log 'ready'
