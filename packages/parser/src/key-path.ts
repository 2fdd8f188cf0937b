// Key paths inside a raw workflow: display form (`steps[2].retry.backoff`), JSON-pointer conversion,
// the id of the step a path belongs to, and how raw steps (loops included) are walked.
import { isJsonObject, quoteText, type StepTreeShape } from '@skill/workflow-model';
import type { KeyPath } from './source-map.js';

const BARE = /^[A-Za-z0-9_-]+$/;

/** Formats a path as `steps[2].retry.backoff`; keys that are not bare TOML keys are quoted. */
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = BARE.test(part) ? part : quoteText(part);
      out += out === '' ? key : `.${key}`;
    }
  }
  return out;
}

/** Converts an ajv instance path (`/steps/1/retry`) to a key path, numbering array elements of `root`. */
export function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: unknown = root;
  for (const encoded of pointer.slice(1).split('/')) {
    const key = encoded.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      path.push(Number(key));
      node = node[Number(key)];
    } else {
      path.push(key);
      node = isJsonObject(node) ? node[key] : undefined;
    }
  }
  return path;
}

/** How `walkStepTree` reads raw steps: tables are steps (other entries are skipped), `loop` holds a foreach's steps. */
export const RAW_STEP_TREE: StepTreeShape<Record<string, unknown>> = {
  isStep: isJsonObject,
  loopOf: (raw) => raw.loop,
};

/** The id of the innermost step (`steps[i]` or `...loop[j]`) that `path` lies in, if it has a string id. */
export function stepIdAt(root: unknown, path: KeyPath): string | undefined {
  const index = path[1];
  if (path[0] !== 'steps' || typeof index !== 'number' || !isJsonObject(root) || !Array.isArray(root.steps))
    return undefined;
  let step: unknown = root.steps[index];
  for (let i = 2; path[i] === 'loop' && typeof path[i + 1] === 'number'; i += 2) {
    step = isJsonObject(step) && Array.isArray(step.loop) ? step.loop[path[i + 1] as number] : undefined;
  }
  return isJsonObject(step) && typeof step.id === 'string' ? step.id : undefined;
}
