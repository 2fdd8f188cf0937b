#!/usr/bin/env bash
# Installs the project's toolchain (Node 24, pnpm) into .tools/ without touching the system's node,
# then installs dependencies from the lockfile and builds every package.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
node_version=24.9.0
pnpm_version=10.34.9
tools="$root/.tools"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "bootstrap: unsupported CPU $(uname -m)" >&2; exit 1 ;;
esac
if [ "$("$tools/bin/node" -v 2>/dev/null || true)" != "v$node_version" ] || [ ! -x "$tools/node_modules/.bin/pnpm" ]; then
  echo "bootstrap: installing Node $node_version and pnpm $pnpm_version into .tools/"
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private":true}' > "$tools/package.json"
  npm install --prefix "$tools" --no-audit --no-fund --no-save --loglevel=error \
    "node-linux-$arch@$node_version" "pnpm@$pnpm_version"
  mkdir -p "$tools/bin"
  ln -sf "../node_modules/node-linux-$arch/bin/node" "$tools/bin/node"
  ln -sf ../node_modules/pnpm/bin/pnpm.cjs "$tools/bin/pnpm"
fi
export PATH="$tools/bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
echo "bootstrap: node $(node -v), pnpm $(pnpm -v)"
if [ "${CI:-}" = "true" ] || [ -f pnpm-lock.yaml ]; then
  pnpm install --frozen-lockfile --reporter=append-only
else
  pnpm install --reporter=append-only
fi
pnpm run build
