// The one place the CLI builds its engine (a persistent store will be wired here later).
import { createEngine, type Engine } from '@skill/workflow-core';

/** The engine `skill` commands use: workflows and `.workflows/` resolve against `cwd`. */
export function createCliEngine(cwd: string): Engine {
  return createEngine({ cwd });
}
