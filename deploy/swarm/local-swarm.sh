#!/usr/bin/env bash
# A throwaway multi-node Docker Swarm on one Linux machine, for trying the stack and for tests.
#
# Every node is a dockerd of its own, in its own network namespace (so its iptables rules, bridges
# and overlay tunnels stay inside), its own UTS namespace (so it has its own hostname, and swarm
# tells the nodes apart) and its own private mount namespace (so its overlay mounts vanish with it,
# and /var/run/docker.sock inside is the node's own socket, which the runner service mounts). The
# namespaces hang on a bridge; the host is 192.168.77.1 there, so fake services run by a test in the
# root namespace (a fake GitHub, say) are reachable from every container of the swarm.
#
#   local-swarm.sh up [--workers N]     manager + N workers (default 2), labelled, images loaded
#   local-swarm.sh deploy               stack.yml + local.yml, secrets from the App's environment
#   local-swarm.sh status               nodes, labels, services, which node runs which task
#   local-swarm.sh down [--keep-logs]   everything removed, also after a half-failed up
#   local-swarm.sh load IMAGE...        host images into every node (a new tag to roll out)
#   local-swarm.sh docker NODE ARGS...  the docker CLI against one node (manager, worker1, ...)
#   local-swarm.sh nodes                name, address and socket of each node, one per line
#
# Needs root, iproute2, util-linux (nsenter, unshare), docker.io (dockerd and the CLI), curl, and a
# host engine holding the images. Names, addresses and paths can be moved with the variables below.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROG=$(basename "$0")

STATE_DIR=${GRADEBOT_SWARM_STATE_DIR:-/var/lib/gradebot-swarm} # data-roots, node list
RUN_DIR=${GRADEBOT_SWARM_RUN_DIR:-/run/gradebot-swarm}         # exec-roots, sockets, pidfiles
LOG_DIR=${GRADEBOT_SWARM_LOG_DIR:-/var/log/gradebot-swarm}     # one dockerd log per node
NET=${GRADEBOT_SWARM_NET:-192.168.77}                          # the bridge's /24
BRIDGE=${GRADEBOT_SWARM_BRIDGE:-gbswarm0}
NODE_PREFIX=gbs- # namespaces and hostnames: gbs-manager, gbs-worker1, ...
STACK=${GRADEBOT_STACK:-gradebot}
PORT=${GRADEBOT_PORT:-3000} # where the bot is published on the manager
WAIT_SECONDS=${GRADEBOT_SWARM_WAIT:-300}
STEADY_CHECKS=${GRADEBOT_SWARM_STEADY:-5} # looks in a row, a second apart, before `deploy` says up
PREFIX=${GRADEBOT_PREFIX:-gradebot}       # the stack's Redis key prefix (runners' heartbeats)
export GRADEBOT_IMAGE=${GRADEBOT_IMAGE:-gradebot/gradebot:local}
export GRADEBOT_REDIS_IMAGE=${GRADEBOT_REDIS_IMAGE:-gradebot/redis:7}
export GRADEBOT_PORT=$PORT
# Grading images for the workers (space-separated); default: those of runner-images/ on the host.
GRADING_IMAGES=${GRADEBOT_SWARM_GRADING_IMAGES:-}

HOST_ADDR=$NET.1
MANAGER=${NODE_PREFIX}manager
NODES_FILE=$STATE_DIR/nodes
COMPLETE=$STATE_DIR/up-complete # written when an `up` finished; an unfinished one is leftovers
# `ip netns add` makes /run/netns a mount point (and the folder) the first time; if that first time
# was ours, `down` undoes it.
NETNS_MARK=$STATE_DIR/made-run-netns

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() {
  say "$*"
  exit 1
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

# --- nodes --------------------------------------------------------------------------------------

# Node i: 0 is the manager, 1.. the workers.
node_name() { if (($1 == 0)); then echo "$MANAGER"; else echo "${NODE_PREFIX}worker$1"; fi; }
node_addr() { echo "$NET.$((10 + $1))"; }
node_sock() { echo "$RUN_DIR/$1/docker.sock"; }
node_pidfile() { echo "$RUN_DIR/$1/dockerd.pid"; }
node_docker() {
  local node=$1
  shift
  docker -H "unix://$(node_sock "$node")" "$@"
}
manager_docker() { node_docker "$MANAGER" "$@"; }

# Accepts manager, worker1, gbs-worker1.
resolve_node() {
  local name=$1
  [[ $name == "$NODE_PREFIX"* ]] || name=$NODE_PREFIX$name
  [[ -S $(node_sock "$name") ]] || die "no node $1 running (see: $PROG nodes)"
  echo "$name"
}

# Workers that `up` made, from the node list.
worker_count() { [[ -f $NODES_FILE ]] && awk '$2 > 0' "$NODES_FILE" | wc -l || echo 0; }

node_alive() { node_docker "$1" info --format '{{.ID}}' >/dev/null 2>&1; }
swarm_active() {
  [[ $(manager_docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null) == active ]]
}

# --- up -----------------------------------------------------------------------------------------

make_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$HOST_ADDR/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
}

# Namespace, veth pair, addresses; then a dockerd inside, with everything of its own.
start_node() {
  local i=$1 node addr sock pidfile log etc pid
  node=$(node_name "$i")
  addr=$(node_addr "$i")
  sock=$(node_sock "$node")
  pidfile=$(node_pidfile "$node")
  log=$LOG_DIR/$node.log
  etc=$STATE_DIR/$node/etc

  ip netns add "$node"
  ip link add "gbsv$i" type veth peer name eth0 netns "$node"
  ip link set "gbsv$i" master "$BRIDGE"
  ip link set "gbsv$i" up
  ip -n "$node" addr add "$addr/24" dev eth0
  ip -n "$node" link set eth0 up
  ip -n "$node" link set lo up
  ip -n "$node" route add default via "$HOST_ADDR"

  mkdir -p "$STATE_DIR/$node/data" "$etc" "$RUN_DIR/$node" "$LOG_DIR"
  echo '{}' >"$etc/daemon.json"
  # nsenter, not `ip netns exec`: that one remounts /sys and dockerd then finds no cgroups. The
  # private /etc/docker gives each engine its own key.json (engine id) and an empty daemon.json, so
  # settings of the host's engine (runtimes, hosts, data-root) never leak in.
  # shellcheck disable=SC2016 # the inner sh expands its own arguments
  setsid nsenter --net="/run/netns/$node" \
    unshare --mount --uts --propagation private \
    sh -c 'hostname "$1"; if [ -d /etc/docker ]; then mount --bind "$2" /etc/docker; fi; shift 2; exec "$@"' \
    sh "$node" "$etc" \
    dockerd \
    --config-file "$etc/daemon.json" \
    --data-root "$STATE_DIR/$node/data" \
    --exec-root "$RUN_DIR/$node/exec" \
    --host "unix://$sock" \
    --pidfile "$pidfile" \
    --bip "172.30.$((i + 1)).1/24" \
    </dev/null >>"$log" 2>&1 &
  echo "$node $i $addr" >>"$NODES_FILE"

  local deadline=$((SECONDS + 60))
  until node_alive "$node"; do
    if ((SECONDS > deadline)); then
      tail -n 20 "$log" >&2 || true
      die "dockerd of $node did not start in 60 s (log: $log)"
    fi
    sleep 0.3
  done
  pid=$(cat "$pidfile")
  # Inside the node, /var/run/docker.sock must be the node's own engine, not the host's: the runner
  # service mounts it to create sandboxes on its node. The bind lives in the node's mount namespace.
  if [[ -e /run/docker.sock ]]; then
    nsenter --target "$pid" --mount mount --bind "$sock" /run/docker.sock
  else
    say "warning: /run/docker.sock does not exist on this host; runners on $node will find no engine"
  fi
}

join_node() {
  local i=$1 node token
  node=$(node_name "$i")
  token=$(manager_docker swarm join-token -q worker)
  node_docker "$node" swarm join --token "$token" --advertise-addr "$(node_addr "$i")" \
    "$(node_addr 0):2377" >/dev/null
  # The first two workers grade; more workers join unlabelled, ready to be labelled.
  if ((i <= 2)); then manager_docker node update --label-add grader=true "$node" >/dev/null; fi
}

# The grading images: GRADEBOT_SWARM_GRADING_IMAGES, else every tag that runner-images/*/image.json
# names and the host engine holds (`gradebot images build` makes them).
grading_images() {
  local file image
  if [[ -n $GRADING_IMAGES ]]; then
    tr ' ' '\n' <<<"$GRADING_IMAGES"
    return
  fi
  for file in "$HERE"/../../runner-images/*/image.json; do
    [[ -f $file ]] || continue
    for image in $(image_json_tags "$file"); do
      if docker image inspect "$image" >/dev/null 2>&1; then echo "$image"; fi
    done
  done
}

# "tags": ["gradebot/c:12", "gradebot/c:latest"] (on one line or several) → gradebot/c:12 gradebot/c:latest
image_json_tags() {
  tr -d '\n' <"$1" | sed -n 's/.*"tags"[[:space:]]*:[[:space:]]*\[\([^]]*\)\].*/\1/p' | tr -d '" ' | tr ',' ' '
}

# Images present on the host engine, of those named; warns about the others.
present_images() {
  local image
  for image in "$@"; do
    if docker image inspect "$image" >/dev/null 2>&1; then
      echo "$image"
    else
      say "warning: $image is not on the host engine; not loaded (build it, then: $PROG load $image)"
    fi
  done
}

# load_images "node node..." image...: one `docker save`, loaded into the nodes in parallel.
load_images() {
  local nodes=$1 tar node failed=0
  shift
  (($# > 0)) || return 0
  local -a pids=()
  tar=$STATE_DIR/images-$$.tar
  docker save -o "$tar" "$@"
  for node in $nodes; do
    node_docker "$node" load -q -i "$tar" >/dev/null &
    pids+=($!)
  done
  for node in "${pids[@]}"; do wait "$node" || failed=1; done
  rm -f "$tar"
  ((failed == 0)) || die "loading $* into the nodes failed"
}

load_initial_images() {
  local workers=$1 start
  start=$(now)
  local -a bot redis grading
  mapfile -t bot < <(present_images "$GRADEBOT_IMAGE")
  mapfile -t redis < <(present_images "$GRADEBOT_REDIS_IMAGE")
  mapfile -t grading < <(grading_images)
  # The manager runs the bot and Redis; every worker gets the gradebot and grading images, so that
  # relabelling a worker as a grader needs no image loading.
  load_images "$MANAGER" "${bot[@]}" "${redis[@]}"
  load_images "$workers" "${bot[@]}" "${grading[@]}"
  say "images loaded in $(since "$start"): manager: ${bot[*]} ${redis[*]}; workers: ${bot[*]} ${grading[*]}"
}

cmd_up() {
  local workers=2
  while (($# > 0)); do
    case $1 in
      --workers)
        workers=${2:-}
        shift 2 || die "--workers needs a number"
        ;;
      --workers=*)
        workers=${1#*=}
        shift
        ;;
      *) die "up: unknown argument $1 (usage: $PROG up [--workers N])" ;;
    esac
  done
  if ! [[ $workers =~ ^[0-9]+$ ]] || ((workers < 1 || workers > 40)); then
    die "--workers: expected 1 to 40"
  fi
  need_root

  local start have new=() i
  start=$(now)
  if [[ -f $NODES_FILE ]]; then
    if [[ ! -f $COMPLETE ]] || ! node_alive "$MANAGER" || ! swarm_active; then
      die "leftovers of an unfinished or broken local swarm are in the way; run: $PROG down"
    fi
    have=$(worker_count)
    if ((workers <= have)); then
      say "already up: a manager and $have workers (no change; $PROG down removes it)"
      print_addresses
      return 0
    fi
    say "already up with $have workers; adding $((workers - have))"
    rm -f "$COMPLETE"
    trap 'on_up_exit $?' EXIT
  else
    have=0
    preflight
    mkdir -p "$STATE_DIR" "$RUN_DIR" "$LOG_DIR"
    trap 'on_up_exit $?' EXIT
    if [[ ! -d /run/netns ]]; then
      echo folder >"$NETNS_MARK"
    elif ! mountpoint -q /run/netns; then
      echo mount >"$NETNS_MARK"
    fi
    make_bridge
    start_node 0
    manager_docker swarm init --advertise-addr "$(node_addr 0)" --listen-addr "$(node_addr 0):2377" >/dev/null
    manager_docker node update --label-add gradebot.redis=true --label-add gradebot.bot=true "$MANAGER" >/dev/null
  fi
  for ((i = have + 1; i <= workers; i++)); do
    start_node "$i" &
    new+=("$!")
  done
  for i in "${new[@]}"; do wait "$i" || die "a worker did not start"; done
  for ((i = have + 1; i <= workers; i++)); do join_node "$i"; done
  say "nodes up in $(since "$start")"

  local names=()
  for ((i = have + 1; i <= workers; i++)); do names+=("$(node_name "$i")"); done
  if ((have == 0)); then
    load_initial_images "${names[*]}"
  else
    local -a bot grading
    mapfile -t bot < <(present_images "$GRADEBOT_IMAGE")
    mapfile -t grading < <(grading_images)
    start=$(now)
    load_images "${names[*]}" "${bot[@]}" "${grading[@]}"
    say "images loaded in $(since "$start")"
  fi
  touch "$COMPLETE"
  trap - EXIT
  print_addresses
}

on_up_exit() {
  (($1 == 0)) || say "up failed; the logs are in $LOG_DIR; $PROG down removes what was made"
}

preflight() {
  local tool
  for tool in ip nsenter unshare setsid dockerd docker curl findmnt; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install iproute2 util-linux docker.io curl)"
  done
  docker info >/dev/null 2>&1 || die "the host's Docker engine does not answer; the images are taken from it"
  ! ip link show "$BRIDGE" >/dev/null 2>&1 || die "bridge $BRIDGE exists already; run: $PROG down"
  if [[ $(ip -br addr) == *" $HOST_ADDR/"* ]]; then
    die "$HOST_ADDR is in use on this machine; set GRADEBOT_SWARM_NET to another /24 (e.g. 192.168.78)"
  fi
}

need_root() { ((EUID == 0)) || die "needs root (namespaces, a bridge and dockerd)"; }

print_addresses() {
  local name i addr
  say "host (for fake services): $HOST_ADDR on bridge $BRIDGE"
  while read -r name i addr; do
    say "$(printf '%-12s %-15s DOCKER_HOST=unix://%s' "${name#"$NODE_PREFIX"}" "$addr" "$(node_sock "$name")")"
  done < <(sort -k2,2n "$NODES_FILE")
  say "run docker against a node with: $PROG docker manager ps (or worker1, ...)"
}

# --- load ---------------------------------------------------------------------------------------

cmd_load() {
  (($# > 0)) || die "usage: $PROG load IMAGE..."
  [[ -f $NODES_FILE ]] || die "no local swarm; run: $PROG up"
  local start image name i addr names=()
  start=$(now)
  for image in "$@"; do docker image inspect "$image" >/dev/null || die "$image is not on the host engine"; done
  while read -r name i addr; do
    if node_alive "$name"; then
      names+=("$name")
    else
      say "warning: $name does not answer; not loaded there (log: $LOG_DIR/$name.log)"
    fi
  done < <(sort -k2,2n "$NODES_FILE")
  load_images "${names[*]}" "$@"
  say "loaded $* into ${names[*]} in $(since "$start")"
}

# --- deploy -------------------------------------------------------------------------------------

# The App's settings as `gradebot serve` reads them: NAME, else the file named by NAME_FILE.
setting() {
  local name=$1 file_var="${1}_FILE"
  if [[ -n ${!file_var:-} ]]; then
    [[ -r ${!file_var} ]] || die "$file_var: cannot read ${!file_var}"
    cat "${!file_var}"
  else
    printf '%s' "${!name:-}"
  fi
}

# A Docker secret named after its content, so that a changed value becomes a new secret (secrets
# are immutable) and the services are updated to it by `stack deploy`.
make_secret() {
  local base=$1 value=$2 name
  name=${base}_$(printf '%s' "$value" | sha256sum | cut -c1-12)
  if ! manager_docker secret inspect "$name" >/dev/null 2>&1; then
    printf '%s' "$value" | manager_docker secret create --label dev.gradebot.local-swarm=true "$name" - >/dev/null
  fi
  echo "$name"
}

cmd_deploy() {
  need_root
  if ! [[ -f $NODES_FILE ]] || ! node_alive "$MANAGER" || ! swarm_active; then
    die "no local swarm; run: $PROG up"
  fi
  local start key webhook runner scoreboard problems=() problem since
  start=$(now)
  since=$(date +%s)

  [[ ${APP_ID:-} =~ ^[0-9]+$ ]] || problems+=("APP_ID: expected the numeric App ID")
  key=$(setting PRIVATE_KEY)
  if [[ -z $key && -n ${PRIVATE_KEY_PATH:-} ]]; then
    key=$(cat "$PRIVATE_KEY_PATH") || problems+=("PRIVATE_KEY_PATH: cannot read $PRIVATE_KEY_PATH")
  fi
  # Probot also takes the key base64-encoded on one line; the bot decodes it, so pass it as given.
  [[ -n $key ]] || problems+=("PRIVATE_KEY, PRIVATE_KEY_FILE or PRIVATE_KEY_PATH: the App's private key")
  webhook=$(setting WEBHOOK_SECRET)
  ((${#webhook} >= 16)) || problems+=("WEBHOOK_SECRET (or _FILE): required, at least 16 characters")
  runner=$(setting GRADEBOT_RUNNER_SECRET)
  ((${#runner} >= 16)) || problems+=("GRADEBOT_RUNNER_SECRET (or _FILE): required, at least 16 characters")
  scoreboard=$(setting GRADEBOT_SCOREBOARD_SECRET)
  if [[ -n $scoreboard ]] && ((${#scoreboard} < 16)); then
    problems+=("GRADEBOT_SCOREBOARD_SECRET (or _FILE): at least 16 characters when given")
  fi
  if ((${#problems[@]} > 0)); then
    for problem in "${problems[@]}"; do say "deploy: $problem"; done
    die "not deployed: the bot takes its settings from the environment, as gradebot serve does"
  fi

  ensure_images
  export GRADEBOT_APP_KEY_SECRET_NAME GRADEBOT_WEBHOOK_SECRET_NAME GRADEBOT_RUNNER_SECRET_NAME
  GRADEBOT_APP_KEY_SECRET_NAME=$(make_secret gradebot_app_private_key "$key")
  GRADEBOT_WEBHOOK_SECRET_NAME=$(make_secret gradebot_webhook_secret "$webhook")
  GRADEBOT_RUNNER_SECRET_NAME=$(make_secret gradebot_runner_secret "$runner")
  local files=(-c "$HERE/stack.yml" -c "$HERE/local.yml")
  if [[ -n $scoreboard ]]; then
    export GRADEBOT_SCOREBOARD_SECRET_NAME
    GRADEBOT_SCOREBOARD_SECRET_NAME=$(make_secret gradebot_scoreboard_secret "$scoreboard")
    files+=(-c "$HERE/scoreboard-secret.yml")
  fi
  # No registry here: use the images the nodes hold, without asking a registry for their digests.
  local output
  if ! output=$(manager_docker stack deploy --prune --resolve-image never "${files[@]}" "$STACK" 2>&1); then
    printf '%s\n' "$output" >&2
    die "docker stack deploy failed"
  fi
  say "stack $STACK deployed ($GRADEBOT_IMAGE); waiting for the bot and the runners"
  wait_until_up "$since"
  say "up in $(since "$start")"
  echo "webhook URL:    http://$(node_addr 0):$PORT/api/github/webhooks"
  echo "scoreboard URL: http://$(node_addr 0):$PORT/scoreboard/<organisation>"
  echo "redis (tests):  redis://$(node_addr 0):6379"
}

# The bot's image on the manager and on the graders, Redis's on the manager, from the host if missing.
ensure_images() {
  local name i addr image
  while read -r name i addr; do
    if ! node_alive "$name"; then
      say "warning: $name does not answer; no images checked there (log: $LOG_DIR/$name.log)"
      continue
    fi
    local images=("$GRADEBOT_IMAGE")
    ((i > 0)) || images+=("$GRADEBOT_REDIS_IMAGE")
    for image in "${images[@]}"; do
      node_docker "$name" image inspect "$image" >/dev/null 2>&1 && continue
      docker image inspect "$image" >/dev/null 2>&1 || die "$image is neither on $name nor on the host engine"
      say "loading $image into $name"
      load_images "$name" "$image"
    done
  done < <(sort -k2,2n "$NODES_FILE")
}

# Every service of the stack has all its tasks running (healthy, for those with a health check),
# at least one runner runs, and no update started by this deploy is still going. An update that
# failed and was rolled back ends the wait.
services_ready() {
  local since=$1 name replicas state started message ok=0
  while read -r name replicas; do
    [[ $replicas =~ ^([0-9]+)/([0-9]+) ]] || return 1
    [[ ${BASH_REMATCH[1]} == "${BASH_REMATCH[2]}" ]] || return 1
    if [[ $name == *_runner && ${BASH_REMATCH[1]} == 0 ]]; then return 1; fi
    ok=1
  done < <(manager_docker service ls --filter "label=com.docker.stack.namespace=$STACK" \
    --format '{{.Name}} {{.Replicas}}')
  # shellcheck disable=SC2046 # one argument per service id
  while read -r name state started message; do
    [[ -n $state ]] || continue
    ((started >= since)) || continue
    case $state in
      completed) ;;
      rollback_completed | rollback_paused | paused) die "the update of $name failed ($state): $message" ;;
      *) return 1 ;;
    esac
  done < <(manager_docker service inspect --format \
    '{{.Spec.Name}} {{if .UpdateStatus}}{{.UpdateStatus.State}} {{.UpdateStatus.StartedAt.Unix}} {{.UpdateStatus.Message}}{{end}}' \
    $(manager_docker service ls -q --filter "label=com.docker.stack.namespace=$STACK"))
  ((ok == 1))
}

# Every runner task that should run has a live heartbeat in Redis (they lapse 15 s after the last
# one): the stack names a runner container's host <node>-<task id>, and a runner writes its host in
# its heartbeat. Read with the redis-cli of the Redis container, on whichever node runs it.
runners_beating() {
  local node container beats tasks task
  read -r node < <(manager_docker service ps --filter desired-state=running --format '{{.Node}}' \
    "${STACK}_redis" 2>/dev/null) || return 1
  container=$(node_docker "$node" ps -q --filter "label=com.docker.swarm.service.name=${STACK}_redis" |
    head -n 1)
  [[ -n $container ]] || return 1
  # shellcheck disable=SC2016 # expanded by the container's shell
  beats=$(node_docker "$node" exec -e P="$PREFIX" "$container" sh -c \
    'for id in $(redis-cli --raw smembers "$P:runners"); do redis-cli --raw get "$P:runner:$id"; done') ||
    return 1
  tasks=$(manager_docker service ps -q --no-trunc --filter desired-state=running "${STACK}_runner") ||
    return 1
  [[ -n $tasks ]] || return 1
  for task in $tasks; do
    [[ $beats == *"-$task\""* ]] || return 1
  done
}

# One look at the deployment: the bot answers /healthz (so it reaches Redis), every task runs, and
# every runner beats.
looks_up() {
  curl -fsS -m 3 -o /dev/null "$1" 2>/dev/null && services_ready "$2" && runners_beating
}

# Up means up for a while: the bot's first task may start, answer once, then lose Redis and be
# replaced; so `deploy` returns only after STEADY_CHECKS looks in a row, a second apart, all good.
wait_until_up() {
  local since=$1 deadline=$((SECONDS + WAIT_SECONDS)) url good=0
  url="http://$(node_addr 0):$PORT/healthz"
  # The manager starts an update a moment after `stack deploy` returns.
  sleep 3
  while ((good < STEADY_CHECKS)); do
    if looks_up "$url" "$since"; then good=$((good + 1)); else good=0; fi
    if ((SECONDS > deadline)); then
      manager_docker stack ps --no-trunc --format '{{.Name}} {{.Node}} {{.CurrentState}} {{.Error}}' "$STACK" >&2 || true
      die "not up after ${WAIT_SECONDS}s: $url, the tasks or the runners' heartbeats are not ready (see above and: $PROG status)"
    fi
    sleep 1
  done
  say "bot answers $url with Redis reachable, every task runs and every runner beats, $STEADY_CHECKS checks in a row"
}

# --- status -------------------------------------------------------------------------------------

cmd_status() {
  [[ -f $NODES_FILE ]] || {
    say "no local swarm (run: $PROG up)"
    return 0
  }
  node_alive "$MANAGER" || die "the manager does not answer (log: $LOG_DIR/$MANAGER.log)"
  echo "NODES"
  local node_format
  node_format='{{printf "%-14s" .Description.Hostname}} {{printf "%-8s" .Spec.Role}} '
  node_format+='{{printf "%-7s" .Status.State}} {{printf "%-7s" .Spec.Availability}} {{.Status.Addr}}  '
  # shellcheck disable=SC2016 # a Go template, not a shell expansion
  node_format+='{{range $k, $v := .Spec.Labels}}{{$k}}={{$v}} {{end}}'
  # shellcheck disable=SC2046 # one argument per node id
  manager_docker node inspect --format "$node_format" $(manager_docker node ls -q)
  echo
  echo "SERVICES"
  manager_docker service ls --format '{{printf "%-24s" .Name}} {{printf "%-10s" .Mode}} {{printf "%-6s" .Replicas}} {{.Image}}'
  echo
  echo "TASKS (running or starting)"
  if manager_docker stack ls --format '{{.Name}}' | grep -qx "$STACK"; then
    manager_docker stack ps "$STACK" --filter desired-state=running \
      --format '{{printf "%-50s" .Name}} {{printf "%-14s" .Node}} {{.CurrentState}} {{.Error}}'
  else
    echo "(stack $STACK not deployed: $PROG deploy)"
  fi
}

# --- down ---------------------------------------------------------------------------------------

# Our dockerd, containerd and shim processes: those whose command line names our directories.
our_pids() {
  local pid cmd
  for pid in $(pgrep -x -d ' ' 'dockerd|containerd|containerd-shim.*' || true); do
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || continue
    if [[ $cmd == *"$STATE_DIR/"* || $cmd == *"$RUN_DIR/"* ]]; then echo "$pid"; fi
  done
}

# The netns of earlier runs, from the node list and by our naming pattern.
our_netns() {
  ip netns list 2>/dev/null | awk '{ print $1 }' | grep -E "^${NODE_PREFIX}(manager|worker[0-9]+)\$" || true
}

our_mounts() { findmnt -rn -o TARGET | grep -E "^($STATE_DIR|$RUN_DIR)(/|\$)" || true; }
our_veths() {
  ip -o link show | awk -F': ' '{ print $2 }' | cut -d@ -f1 | grep -E '^gbsv[0-9]+$' || true
}

stop_daemons() {
  local pids pid deadline
  pids=$(our_pids | tr '\n' ' ')
  [[ -n ${pids// /} ]] || return 0
  # dockerd stops its containers (default 15 s each, in parallel) and then its containerd.
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
  deadline=$((SECONDS + 40))
  while ((SECONDS < deadline)); do
    pids=$(our_pids | tr '\n' ' ')
    [[ -n ${pids// /} ]] || return 0
    sleep 0.5
  done
  say "some processes did not stop in 40 s; killing them and the containers under them: $pids"
  for pid in $pids; do
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
  done
  sleep 1
}

cmd_down() {
  local keep_logs=0 start name left=0
  [[ ${1:-} == --keep-logs ]] && keep_logs=1
  need_root
  start=$(now)
  if [[ -S $(node_sock "$MANAGER") ]] && node_alive "$MANAGER"; then
    timeout 30 docker -H "unix://$(node_sock "$MANAGER")" stack rm "$STACK" >/dev/null 2>&1 || true
  fi
  # Leaving is polite but not needed: everything goes. Workers first, then the manager.
  for sock in "$RUN_DIR"/"${NODE_PREFIX}"worker*/docker.sock "$(node_sock "$MANAGER")"; do
    if [[ -S $sock ]]; then timeout 20 docker -H "unix://$sock" swarm leave --force >/dev/null 2>&1 || true; fi
  done
  stop_daemons

  # With private mount namespaces nothing of the nodes is mounted here; an older run's could be.
  for name in $(our_mounts | sort -r); do umount -l "$name" || true; done
  for name in $(our_netns); do ip netns delete "$name" || true; done
  for name in $(our_veths); do ip link delete "$name" 2>/dev/null || true; done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; fi

  local netns_mark=''
  [[ ! -f $NETNS_MARK ]] || netns_mark=$(cat "$NETNS_MARK")
  if [[ -n $netns_mark && -d /run/netns && -z $(ls -A /run/netns) ]]; then
    if mountpoint -q /run/netns; then umount /run/netns || true; fi
    if [[ $netns_mark == folder ]]; then rmdir /run/netns 2>/dev/null || true; fi
  fi

  if [[ -n $(our_mounts) ]]; then
    say "mounts under $STATE_DIR or $RUN_DIR remain; not deleting them"
    left=1
  else
    rm -rf "$STATE_DIR" "$RUN_DIR"
    ((keep_logs == 1)) || rm -rf "$LOG_DIR"
  fi

  [[ -z $(our_pids) ]] || {
    say "still running: $(our_pids | tr '\n' ' ')"
    left=1
  }
  [[ -z $(our_netns) ]] || {
    say "namespaces left: $(our_netns | tr '\n' ' ')"
    left=1
  }
  ! ip link show "$BRIDGE" >/dev/null 2>&1 || {
    say "bridge $BRIDGE left"
    left=1
  }
  ((left == 0)) || die "down left something behind (see above)"
  say "down in $(since "$start"): no nodes, namespaces, bridge, mounts or data left"
  ((keep_logs == 0)) || say "logs kept in $LOG_DIR"
}

# --- main ---------------------------------------------------------------------------------------

usage() {
  sed -n '/^#   local-swarm.sh/s/^#   local-swarm.sh/  '"$PROG"'/p' "${BASH_SOURCE[0]}" >&2
  exit 2
}

main() {
  (($# > 0)) || usage
  local command=$1
  shift
  case $command in
    up) cmd_up "$@" ;;
    deploy) cmd_deploy "$@" ;;
    status) cmd_status "$@" ;;
    down) cmd_down "$@" ;;
    load) cmd_load "$@" ;;
    docker)
      (($# > 0)) || die "usage: $PROG docker NODE ARGS..."
      local node
      node=$(resolve_node "$1")
      shift
      exec docker -H "unix://$(node_sock "$node")" "$@"
      ;;
    nodes)
      [[ -f $NODES_FILE ]] || die "no local swarm; run: $PROG up"
      local name i addr
      while read -r name i addr; do
        echo "${name#"$NODE_PREFIX"} $addr unix://$(node_sock "$name")"
      done < <(sort -k2,2n "$NODES_FILE")
      ;;
    -h | --help | help) usage ;;
    *)
      say "unknown command: $command"
      usage
      ;;
  esac
}

main "$@"
