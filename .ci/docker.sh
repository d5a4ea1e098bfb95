# shellcheck shell=bash
# Local Docker engine and image registry for the notifier container test.
#
# Source this file (do not execute it). It:
#   1. installs those of Debian's docker.io, docker-registry and curl that are missing (apt-get update first);
#   2. starts dockerd with its own data root, exec root and socket under a project-local temp dir
#      (.tmp/dk.XXXXXX), without iptables or a bridge, overlay2 first and vfs as the fallback;
#   3. starts `docker-registry serve` on 127.0.0.1:5000 with a generated config, storage under the same dir;
#   4. exports DOCKER_HOST and NOTIFIER_TEST_REGISTRY (what test/notifier/image.container.test.ts reads);
#   5. defines notifier_docker_cleanup, which stops only the processes started here (by PID), unmounts what
#      is left mounted under the temp dir (nsfs mounts after --network=host runs) and removes the temp dir.
# It returns non-zero (after cleaning up what it had started) when something cannot be set up.
#
# In CI (.ci/run):
#   source .ci/docker.sh
#   trap notifier_docker_cleanup EXIT
#
# As a developer, from the repository root:
#   source .ci/docker.sh && REQUIRE_INTEGRATION=1 npx jest test/notifier/image.container.test.ts
#   notifier_docker_cleanup
#
# Knobs (environment): NOTIFIER_REGISTRY_ADDR (default 127.0.0.1:5000),
# NOTIFIER_DOCKER_STORAGE_DRIVER (default: overlay2, then vfs).

notifier_docker__log() { printf '[docker.sh] %s\n' "$*" >&2; }

notifier_docker__stop_pid() {
  # Stops one PID that this script started: SIGTERM, up to 20 s, then SIGKILL.
  local pid="$1" i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  notifier_docker__log "PID $pid did not stop after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

notifier_docker_cleanup() {
  local dir="${NOTIFIER_DOCKER_TMP:-}" containerd_pid="" mnt
  notifier_docker__stop_pid "${NOTIFIER_REGISTRY_PID:-}"
  if [ -n "$dir" ] && [ -f "$dir/x/containerd/containerd.pid" ]; then
    containerd_pid="$(cat "$dir/x/containerd/containerd.pid" 2>/dev/null || true)"
  fi
  notifier_docker__stop_pid "${NOTIFIER_DOCKERD_PID:-}"
  # dockerd stops the containerd it started; stop it ourselves if it outlived dockerd.
  notifier_docker__stop_pid "$containerd_pid"
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    # Deepest first: nsfs mounts left by --network=host runs, overlay mounts of stopped containers.
    { awk '{print $5}' /proc/self/mountinfo | grep -F "$dir/" | sort -r || true; } | while read -r mnt; do
      umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || notifier_docker__log "could not unmount $mnt"
    done
    rm -rf "$dir" 2>/dev/null || notifier_docker__log "could not remove all of $dir"
  fi
  unset NOTIFIER_REGISTRY_PID NOTIFIER_DOCKERD_PID NOTIFIER_DOCKER_TMP DOCKER_HOST NOTIFIER_TEST_REGISTRY
  return 0
}

notifier_docker__install() {
  # Only the packages whose command is missing: on a fresh Debian machine all three; on a GitHub-hosted Ubuntu
  # runner (pull-request.yml runs .ci/run there) only docker-registry, since its Docker engine comes from
  # other packages that docker.io would conflict with.
  local missing=()
  { command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1; } || missing+=(docker.io)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ "${#missing[@]}" -gt 0 ] || return 0
  notifier_docker__log "installing ${missing[*]} from Debian's packages"
  apt-get update -qq >/dev/null || return 1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1
}

notifier_docker__start_dockerd() {
  # $1: storage driver. Waits until the engine answers on its socket.
  local driver="$1" dir="$NOTIFIER_DOCKER_TMP" i
  mkdir -p "$dir/d" "$dir/x"
  dockerd --data-root "$dir/d" --exec-root "$dir/x" --pidfile "$dir/dockerd.pid" \
    -H "unix://$dir/docker.sock" --iptables=false --ip6tables=false --bridge=none --ip-forward=false \
    --storage-driver "$driver" --userland-proxy=false >"$dir/dockerd.log" 2>&1 &
  NOTIFIER_DOCKERD_PID=$!
  for i in $(seq 1 300); do
    if ! kill -0 "$NOTIFIER_DOCKERD_PID" 2>/dev/null; then
      notifier_docker__log "dockerd ($driver) exited: $(tail -n 3 "$dir/dockerd.log" | tr '\n' ' ')"
      NOTIFIER_DOCKERD_PID=""
      return 1
    fi
    if DOCKER_HOST="unix://$dir/docker.sock" docker version >/dev/null 2>&1; then
      notifier_docker__log "dockerd ready (storage driver $driver, PID $NOTIFIER_DOCKERD_PID)"
      return 0
    fi
    sleep 0.1
  done
  notifier_docker__log "dockerd ($driver) not ready after 30 s"
  notifier_docker__stop_pid "$NOTIFIER_DOCKERD_PID"
  NOTIFIER_DOCKERD_PID=""
  return 1
}

notifier_docker__start_registry() {
  local dir="$NOTIFIER_DOCKER_TMP" addr="$1" i
  mkdir -p "$dir/registry"
  cat >"$dir/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/registry
  delete:
    enabled: true
http:
  addr: $addr
EOF
  docker-registry serve "$dir/registry.yml" >"$dir/registry.log" 2>&1 &
  NOTIFIER_REGISTRY_PID=$!
  for i in $(seq 1 100); do
    if ! kill -0 "$NOTIFIER_REGISTRY_PID" 2>/dev/null; then
      notifier_docker__log "docker-registry exited: $(tail -n 3 "$dir/registry.log" | tr '\n' ' ')"
      NOTIFIER_REGISTRY_PID=""
      return 1
    fi
    if curl -fsS -o /dev/null --max-time 1 "http://$addr/v2/" 2>/dev/null; then
      notifier_docker__log "registry ready on $addr (PID $NOTIFIER_REGISTRY_PID)"
      return 0
    fi
    sleep 0.1
  done
  notifier_docker__log "registry not ready on $addr after 10 s"
  return 1
}

notifier_docker_up() {
  local root addr="${NOTIFIER_REGISTRY_ADDR:-127.0.0.1:5000}" driver
  root="$(git rev-parse --show-toplevel 2>/dev/null || pwd)"
  if [ -n "${NOTIFIER_DOCKERD_PID:-}" ] && kill -0 "$NOTIFIER_DOCKERD_PID" 2>/dev/null; then
    notifier_docker__log "already running (dockerd PID $NOTIFIER_DOCKERD_PID)"
    return 0
  fi
  notifier_docker__install || { notifier_docker__log "could not install docker.io/docker-registry"; return 1; }
  if curl -fsS -o /dev/null --max-time 1 "http://$addr/v2/" 2>/dev/null; then
    notifier_docker__log "something already answers on $addr; set NOTIFIER_REGISTRY_ADDR to a free address"
    return 1
  fi
  mkdir -p "$root/.tmp"
  NOTIFIER_DOCKER_TMP="$(mktemp -d "$root/.tmp/dk.XXXXXX")" || return 1
  export NOTIFIER_DOCKER_TMP
  NOTIFIER_DOCKERD_PID=""
  NOTIFIER_REGISTRY_PID=""
  if [ -n "${NOTIFIER_DOCKER_STORAGE_DRIVER:-}" ]; then
    notifier_docker__start_dockerd "$NOTIFIER_DOCKER_STORAGE_DRIVER" || { notifier_docker_cleanup; return 1; }
  else
    for driver in overlay2 vfs; do
      notifier_docker__start_dockerd "$driver" && break
      rm -rf "${NOTIFIER_DOCKER_TMP:?}/d" "${NOTIFIER_DOCKER_TMP:?}/x"
    done
    [ -n "$NOTIFIER_DOCKERD_PID" ] || { notifier_docker_cleanup; return 1; }
  fi
  notifier_docker__start_registry "$addr" || { notifier_docker_cleanup; return 1; }
  export DOCKER_HOST="unix://$NOTIFIER_DOCKER_TMP/docker.sock"
  export NOTIFIER_TEST_REGISTRY="$addr"
  export NOTIFIER_DOCKERD_PID NOTIFIER_REGISTRY_PID
  return 0
}

notifier_docker_up
