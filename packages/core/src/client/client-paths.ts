// What remote clients may see of local paths: paths below the project become relative, other local paths their base name.
import { readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** Shown in place of the folders of a local path outside the project (`…/secrets.env`). */
export const OUTSIDE_PROJECT = '…';

/** An absolute POSIX path: `/` then non-blank characters, preceded by the start, a blank, a quote, `(`, `=` or `:`. */
const ABSOLUTE_PATH = /(^|[\s"'`(=:[,])(\/[^\s"'`()<>[\]{},;]*)/g;

let rootEntries: ReadonlySet<string> | undefined;

/** The names at the file system root (`home`, `tmp`, `etc`, ...), read once: what makes `/x/...` a local path. */
function localRoots(): ReadonlySet<string> {
  if (rootEntries === undefined) {
    try {
      rootEntries = new Set(readdirSync('/'));
    } catch {
      rootEntries = new Set();
    }
  }
  return rootEntries;
}

function realpathOrSelf(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/** Rewrites one absolute path; paths whose first folder is not at the file system root (URL paths) are kept. */
function rewritePath(candidate: string, projectDirs: readonly string[]): string {
  const trailing = candidate.match(/[.:]+$/)?.[0] ?? '';
  const file = trailing ? candidate.slice(0, -trailing.length) : candidate;
  for (const dir of projectDirs) {
    if (file === dir) return `.${trailing}`;
    if (file.startsWith(`${dir}/`)) return `${file.slice(dir.length + 1)}${trailing}`;
  }
  const first = file.split('/')[1] ?? '';
  if (first === '' || !localRoots().has(first)) return candidate;
  const base = path.posix.basename(file);
  return `${base === '' ? OUTSIDE_PROJECT : `${OUTSIDE_PROJECT}/${base}`}${trailing}`;
}

/**
 * Rewrites the local paths in a text meant for a remote client (HTTP, WebSocket, MCP): a path below
 * `projectDir` becomes relative to it, another local path becomes `…/<base name>`; URL paths stay.
 *
 * @example
 * hideLocalPaths('not found: /srv/app/.workflows/x.toml', '/srv/app'); // 'not found: .workflows/x.toml'
 * hideLocalPaths('cannot read /etc/passwd', '/srv/app'); // 'cannot read …/passwd'
 */
export function hideLocalPaths(text: string, projectDir: string): string {
  if (!text.includes('/')) return text;
  const resolved = path.resolve(projectDir);
  const dirs = [...new Set([resolved, realpathOrSelf(resolved)])].filter((d) => d !== '/');
  return text.replace(ABSOLUTE_PATH, (_match, before: string, candidate: string) => {
    return `${before}${rewritePath(candidate, dirs)}`;
  });
}

/** {@link hideLocalPaths} on every string inside a JSON-like value (error details, diagnostics); keys stay. */
export function hideLocalPathsDeep<T>(value: T, projectDir: string): T {
  if (typeof value === 'string') return hideLocalPaths(value, projectDir) as T;
  if (Array.isArray(value)) return value.map((item) => hideLocalPathsDeep(item, projectDir)) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = hideLocalPathsDeep(item, projectDir);
    return copy as T;
  }
  return value;
}
