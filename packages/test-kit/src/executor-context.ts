// The ExecutorContext a step executor gets from the engine, with test defaults and the log lines it received.
import { type ExecutorContext, TRUSTED_BOUNDARY } from '@skill/workflow-model';

/** An ExecutorContext plus every `[line, stream]` the executor logged. */
export type RecordingContext = ExecutorContext & { lines: [string, string | undefined][] };

/**
 * A context for running one step in a test: execution `exec-test`, workflow `wf`, step `step`, attempt 1,
 * trusted, 16 MB output limit, base dir the current folder, a signal nobody aborts; `overrides` win.
 *
 * @example
 * const result = await executor.run(step, executorContext({ base_dir: dir, step_id: 'cmd' }));
 */
export function executorContext(overrides: Partial<ExecutorContext> = {}): RecordingContext {
  const lines: [string, string | undefined][] = [];
  return {
    signal: new AbortController().signal,
    execution_id: 'exec-test',
    workflow_name: 'wf',
    step_id: 'step',
    attempt: 1,
    base_dir: process.cwd(),
    output_limit_bytes: 16 * 1024 * 1024,
    boundary: TRUSTED_BOUNDARY,
    log: (line, stream) => {
      lines.push([line, stream]);
    },
    lines,
    ...overrides,
  };
}
