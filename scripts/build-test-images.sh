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

# A stand-in for the guide's jrottenberg/ffmpeg image: same entrypoint and argument shape (`-i IN ... OUT`),
# it copies the input to the output (and writes three frames for a `%03d` pattern) instead of transcoding.
ffmpeg_image=jrottenberg/ffmpeg:5-alpine
if ! docker image inspect "$ffmpeg_image" >/dev/null 2>&1 || [ "$(docker image inspect -f '{{index .Config.Labels "skill.stand-in"}}' "$ffmpeg_image")" != "2" ]; then
  ctx=$(mktemp -d /tmp/skill-ffmpeg.XXXXXX)
  cat >"$ctx/ffmpeg" <<'PY'
#!/usr/bin/env python3
"""Stand-in ffmpeg for tests: `ffmpeg -i IN [options] OUT` copies IN to OUT; OUT with %0Nd gets 3 frames."""
import re, shutil, sys
args = sys.argv[1:]
if "-i" not in args or len(args) < 3:
    sys.exit("usage: ffmpeg -i INPUT [options] OUTPUT")
source, target = args[args.index("-i") + 1], args[-1]
pattern = re.search(r"%0(\d)d", target)
if pattern:
    for n in range(1, 4):
        with open(target.replace(pattern.group(0), str(n).zfill(int(pattern.group(1)))), "wb") as frame:
            frame.write(b"frame %d of %s\n" % (n, source.encode()))
else:
    shutil.copyfile(source, target)
print("stand-in ffmpeg: %s -> %s (%s)" % (source, target, " ".join(args[2:-1])), file=sys.stderr)
PY
  chmod 755 "$ctx/ffmpeg"
  printf 'FROM %s\nCOPY ffmpeg /usr/local/bin/ffmpeg\nLABEL skill.stand-in=2\nENTRYPOINT ["/usr/local/bin/ffmpeg"]\n' "$base" >"$ctx/Dockerfile"
  docker build -q -t "$ffmpeg_image" "$ctx" >/dev/null
  rm -rf "$ctx"
  echo "build-test-images: stand-in $ffmpeg_image built"
fi
