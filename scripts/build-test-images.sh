#!/usr/bin/env bash
# Builds the local Docker images that tests, examples and benchmarks use, without any registry:
# debootstrap a Debian bookworm root with python3, node, ruby and bash, import it with `docker import`,
# and tag it with the default image names the engine uses. Skips work when the images already exist.
set -euo pipefail
base=skill-test/bookworm:1
tags=(python:3.11-slim alpine:latest node:20-alpine ruby:3.2-alpine skill-test/tiny:1)
if ! docker info >/dev/null 2>&1; then
  echo "build-test-images: no Docker daemon reachable (DOCKER_HOST=${DOCKER_HOST:-unset})" >&2
  exit 1
fi
if ! docker image inspect "$base" >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || { echo "build-test-images: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
  root=$(mktemp -d /tmp/skill-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  echo "build-test-images: debootstrap bookworm into $root"
  debootstrap --variant=minbase \
    --include=python3,python-is-python3,python3-pandas,nodejs,ruby,bash,coreutils,procps \
    bookworm "$root" >/tmp/skill-debootstrap.log 2>&1 || { tail -20 /tmp/skill-debootstrap.log >&2; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$base" >/dev/null
fi
for tag in "${tags[@]}"; do
  docker tag "$base" "$tag"
done
echo "build-test-images: $base tagged as ${tags[*]}"
