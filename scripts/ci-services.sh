#!/usr/bin/env bash
# Prepares the integration services CI requires: Docker (daemon + locally built test images), PostgreSQL and
# redis-server binaries (tests start their own servers), Debian's Chromium (dashboard browser tests) and a C compiler (the
# build compiles the native process spawner with it; without one the Node spawner is used and its tests fail in CI).
# Installs Debian packages only when missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v cc >/dev/null 2>&1 || need+=(gcc libc6-dev)
command -v ruby >/dev/null 2>&1 || need+=(ruby)
if [ ${#need[@]} -gt 0 ]; then
  echo "ci-services: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  echo "ci-services: starting dockerd"
  nohup dockerd >/tmp/skill-ci-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { tail -20 /tmp/skill-ci-dockerd.log >&2; exit 1; }
fi
bash "$root/scripts/build-test-images.sh"
