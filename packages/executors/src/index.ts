// Public entry of @skill/workflow-executors: the built-in step executors and the shared output helpers.
import type { CommandStep, HttpStep, StepExecutor } from '@skill/workflow-model';
import { createCommandExecutor } from './command/command-executor.js';
import { createHttpExecutor } from './http/http-executor.js';

export {
  type CommandExecutorOptions,
  createCommandExecutor,
  DEFAULT_KILL_GRACE_MS,
} from './command/command-executor.js';
export { createHttpExecutor, type HttpExecutorOptions } from './http/http-executor.js';
export { readMetadataFile } from './output/metadata-file.js';
export { parseProcessOutput } from './output/parse-output.js';

/**
 * Runs `command` steps: a string through `/bin/sh -c`, an array as argv. stdout becomes the output
 * (JSON parsed when it is JSON), stderr and exit_code go to metadata with the step's SKILL_METADATA keys.
 * Abort kills the whole process group (SIGTERM, SIGKILL after 2 s).
 *
 * @example
 * const { output } = await commandExecutor.run(step, ctx); // step.command = "echo '{\"n\": 1}'" -> { n: 1 }
 */
export const commandExecutor: StepExecutor<CommandStep> = createCommandExecutor();

/**
 * Runs `http` steps with undici: JSON or text output, `status_code`, `headers`, `url` and `method` in
 * metadata; a status >= 400 (or outside `accept_status`) fails with `HTTP_STATUS`.
 *
 * @example
 * const { output, metadata } = await httpExecutor.run(step, ctx); // metadata.status_code === 200
 */
export const httpExecutor: StepExecutor<HttpStep> = createHttpExecutor();

/** The executors every engine registers by default: `[commandExecutor, httpExecutor]`. */
export function builtinExecutors(): StepExecutor[] {
  return [commandExecutor, httpExecutor];
}
