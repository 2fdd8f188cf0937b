// The data folder granted to workflows below trusted: refused when it is, holds or lies in a place trusted work lives.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { WorkflowError } from '@skill/workflow-model';

/** The places of a project that untrusted containers must never reach. */
export interface ProtectedPlaces {
  /** The project folder. */
  cwd: string;
  workflowsDir: string;
  untrustedDir: string;
}

/** The path with symlinks resolved as far as it exists (the rest appended). */
function resolvedPath(target: string): string {
  const absolute = path.resolve(target);
  const rest: string[] = [];
  let current = absolute;
  for (let depth = 0; depth < 4096; depth += 1) {
    try {
      return path.join(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) break;
      rest.push(path.basename(current));
      current = parent;
    }
  }
  return absolute;
}

/** True when `inner` is `outer` or below it. */
function within(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Checks the data folder (`--data-dir`) and returns it resolved. Refused (`INVALID_VALUE`) when it
 * is the project folder or holds it, or lies in `.workflows`, `.skill`, `skills` or the API-created
 * workflows: a container writing there could make itself trusted.
 *
 * @example
 * checkDataDir('data', { cwd: '/srv/p', workflowsDir: '/srv/p/.workflows', untrustedDir: '/srv/p/.skill/workflows' });
 * // '/srv/p/data'
 */
export function checkDataDir(dataDir: string, places: ProtectedPlaces): string {
  const dir = resolvedPath(path.resolve(places.cwd, dataDir));
  const project = resolvedPath(places.cwd);
  const guarded = [
    places.workflowsDir,
    places.untrustedDir,
    path.join(places.cwd, '.skill'),
    path.join(places.cwd, '.workflows'),
    path.join(places.cwd, 'skills'),
  ].map(resolvedPath);
  const refuse = (why: string) =>
    new WorkflowError('INVALID_VALUE', `the data folder ${dataDir} ${why}; choose a folder of its own, e.g. ./data`, {
      retryable: false,
      field: 'dataDir',
    });
  if (within(project, dir)) throw refuse('is or holds the project folder');
  for (const place of guarded) {
    if (within(dir, place) || within(place, dir)) {
      throw refuse(
        `overlaps ${path.relative(project, place) || place}, where trusted workflows, skills or the store live`,
      );
    }
  }
  return dir;
}
