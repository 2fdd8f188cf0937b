// `skill workflow retry <execution-id>` (a new execution from a step) and `skill executions resume <id>` (an
// interrupted execution continued under its id), each shown to its end like `skill workflow run`.
import type { Engine, StartedExecution } from '@skill/workflow-core';
import type { CliIo } from '../cli-io.js';
import type { ExecutionsResumeCommand, RetryCommand } from '../command-types.js';
import type { ExitCode } from '../exit-codes.js';
import { showRun } from './show-run.js';

/** Starts the retry and follows it; throws `WorkflowError` for an unknown execution or step. */
export function retryCommand(cmd: RetryCommand, io: CliIo): Promise<ExitCode> {
  const options = { ...(cmd.from !== undefined ? { from: cmd.from } : {}), downstream: cmd.downstream };
  return startAndFollow(cmd, io, (engine) => engine.retry(cmd.executionId, options));
}

/** Resumes an interrupted execution and follows it; throws `WorkflowError` when it is not interrupted. */
export function resumeCommand(cmd: ExecutionsResumeCommand, io: CliIo): Promise<ExitCode> {
  return startAndFollow(cmd, io, (engine) => engine.resume(cmd.id));
}

/** Shows a started execution to its end, following its events in the store. */
function startAndFollow(
  cmd: { json: boolean; quiet: boolean; database?: string },
  io: CliIo,
  begin: (engine: Engine) => Promise<StartedExecution>,
): Promise<ExitCode> {
  return showRun(cmd, io, async (engine) => {
    const started = await begin(engine);
    const id = started.executionId;
    const record = await engine.getExecution(id);
    if (!record?.definition) throw new Error(`retry ${id} was created without a definition snapshot`);
    return {
      definition: record.definition,
      async run(signal, onEvent) {
        const cancel = () => void engine.cancel(id, { reason: String(signal.reason ?? 'interrupted') }).catch(() => {});
        signal.addEventListener('abort', cancel, { once: true });
        for await (const event of engine.follow(id)) onEvent(event);
        return started.done;
      },
    };
  });
}
