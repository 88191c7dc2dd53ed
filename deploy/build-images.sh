#!/usr/bin/env bash
# Builds the deployable images on this machine's Docker engine:
#
#   gradebot/gradebot:TAG   (default TAG: local)  both services, from deploy/image/Dockerfile
#   gradebot/redis:7                              Redis 7 from Debian's package, deploy/redis/
#   gradebot/caddy:2                              Caddy 2 from Debian's package, deploy/caddy/
#
# On a normal machine NODE_IMAGE (default node:20-bookworm-slim) is pulled. Where no registry
# answers within PULL_TIMEOUT seconds (default 20), it builds gradebot/node:20-bookworm from
# debian:bookworm-slim and this host's Node 20 instead (deploy/node/), and debian:bookworm-slim
# itself offline if missing (`gradebot images build base`, debootstrap). The Dockerfiles are the
# same either way; only the base differs. Needs the Docker engine, and for the offline path root and
# the compiled CLI: run `bash scripts/setup.sh` first on a fresh machine. Run again, it reuses
# Docker's layer cache and rebuilds only what changed. VERBOSE=1 shows docker build's output.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

TAG="${1:-local}"
NODE_IMAGE="${NODE_IMAGE:-node:20-bookworm-slim}"
DEBIAN_IMAGE="debian:bookworm-slim"
OFFLINE_NODE_IMAGE="gradebot/node:20-bookworm"
PULL_TIMEOUT="${PULL_TIMEOUT:-20}"
GRADEBOT_IMAGE="gradebot/gradebot:${TAG}"
REDIS_IMAGE="gradebot/redis:7"
CADDY_IMAGE="gradebot/caddy:2"

log() { printf 'build-images: %s\n' "$*" >&2; }
die() { printf 'build-images: %s\n' "$*" >&2; exit 1; }

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

docker info >/dev/null 2>&1 || die 'the Docker engine does not answer (bash scripts/setup.sh starts one)'

present() { docker image inspect "$1" >/dev/null 2>&1; }

# Present, or pulled within PULL_TIMEOUT seconds.
available() {
  present "$1" && return 0
  log "pulling $1 (up to ${PULL_TIMEOUT} s)"
  timeout "$PULL_TIMEOUT" docker pull -q "$1" >"$workdir/pull.log" 2>&1
}

# build IMAGE DOCKER-BUILD-ARGS...: the classic builder, because BuildKit is a separate plugin that
# Debian's docker.io may lack, and --network host so that apt-get and npm inside the build reach
# what the host reaches. The image this tag named before, if replaced and now unused, is removed.
build() {
  local image="$1" before after started="$SECONDS" output="$workdir/build.log"
  shift
  before="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
  log "building $image"
  if [ "${VERBOSE:-0}" = 1 ]; then output=/dev/stderr; fi
  if ! DOCKER_BUILDKIT=0 docker build --force-rm --network host -t "$image" "$@" >"$output" 2>&1; then
    [ "$output" = /dev/stderr ] || tail -n 40 "$output" >&2
    die "building $image failed"
  fi
  after="$(docker image inspect -f '{{.Id}}' "$image")"
  if [ -n "$before" ] && [ "$before" != "$after" ]; then
    docker image rm "$before" >/dev/null 2>&1 || true
  fi
  log "built $image in $((SECONDS - started)) s$([ "$before" = "$after" ] && echo ' (unchanged)')"
}

# --- Debian base (for Redis, and the offline Node base) ------------------------------------------
ensure_debian() {
  available "$DEBIAN_IMAGE" && return 0
  [ -f dist/cli/run.js ] || die "cannot pull $DEBIAN_IMAGE and dist/ is missing to build it offline: run bash scripts/setup.sh (or npm run build) first"
  log "no registry answers: making $DEBIAN_IMAGE offline (gradebot images build base)"
  node bin/gradebot.js images build base
}

# --- Node base -----------------------------------------------------------------------------------
# gradebot/node:20-bookworm from Debian and the host's Node 20 and npm, rebuilt only when the host's
# Node version or deploy/node/Dockerfile changed.
offline_node_image() {
  command -v node >/dev/null 2>&1 || die "cannot pull $NODE_IMAGE and no host Node to build a stand-in from"
  local version major binary npm_dir recipe
  version="$(node --version)"
  major="${version#v}"
  major="${major%%.*}"
  [ "$major" = 20 ] || die "cannot pull $NODE_IMAGE, and the host's Node is $version, not 20: install Node 20 or make $NODE_IMAGE available (docker load)"
  recipe="$version $(sha256sum deploy/node/Dockerfile | cut -c1-16)"
  if [ "$(docker image inspect -f '{{index .Config.Labels "org.gradebot.node-recipe"}}' "$OFFLINE_NODE_IMAGE" 2>/dev/null)" = "$recipe" ]; then
    return 0
  fi
  binary="$(node -p process.execPath)"
  npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
  [ -f "$npm_dir/package.json" ] || die "cannot find the host's npm next to $(command -v npm)"
  ensure_debian
  log "no registry answers: making $OFFLINE_NODE_IMAGE from $DEBIAN_IMAGE and the host's Node $version"
  mkdir "$workdir/node"
  cp deploy/node/Dockerfile "$workdir/node/"
  cp "$binary" "$workdir/node/node"
  cp -a "$(readlink -f "$npm_dir")" "$workdir/node/npm"
  build "$OFFLINE_NODE_IMAGE" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" --build-arg "NODE_VERSION=$version" \
    --build-arg "RECIPE=$recipe" "$workdir/node"
}

total_started="$SECONDS"
if ! available "$NODE_IMAGE"; then
  log "cannot pull $NODE_IMAGE: building on $OFFLINE_NODE_IMAGE"
  offline_node_image
  NODE_IMAGE="$OFFLINE_NODE_IMAGE"
fi
ensure_debian

# Certificate authorities this host trusts locally (Debian keeps them in /usr/local/share/ca-certificates),
# so that npm inside the build trusts a proxy that inspects TLS, as npm on the host does.
extra_ca=""
for cert in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$cert" ] && extra_ca+="$(cat "$cert")"$'\n'
done

build "$GRADEBOT_IMAGE" -f deploy/image/Dockerfile --build-arg "NODE_IMAGE=$NODE_IMAGE" \
  --build-arg "EXTRA_CA_CERTS=$extra_ca" .
build "$REDIS_IMAGE" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" deploy/redis
build "$CADDY_IMAGE" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" deploy/caddy

log "done in $((SECONDS - total_started)) s (gradebot on $NODE_IMAGE)"
for image in "$GRADEBOT_IMAGE" "$REDIS_IMAGE" "$CADDY_IMAGE" "$NODE_IMAGE"; do
  printf '%-30s %s\n' "$image" "$(docker image ls --format '{{.Size}}' "$image")"
done
