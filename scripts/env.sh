# Sourced by the project's scripts: puts the project's own Node 24 and pnpm (from .tools/) first on PATH.
_skill_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$_skill_root/.tools/bin:$_skill_root/node_modules/.bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
