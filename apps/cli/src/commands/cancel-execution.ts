// `skill executions cancel <id>`: asks whichever process runs an execution to cancel it, and waits to see it stop.
import { isTerminalExecutionStatus, WorkflowError } from '@skill/workflow-model';
import type { CliIo } from '../cli-io.js';
import type { ExecutionsCancelCommand } from '../command-types.js';
import { withCliEngine } from '../engine.js';
import { ExitCode } from '../exit-codes.js';

/** How long the command watches for the execution to stop before it reports the request only. */
const WAIT_FOR_STOP_MS = 15_000;
const POLL_MS = 100;

/**
 * Records a cancel request for a pending or running execution; the process running it (another `skill workflow
 * run`, `skill serve`) sees it within a second. Exits 0 once the request is recorded (saying whether the
 * execution stopped within 15 s), 1 when it is not running, 2 when there is no such execution.
 */
export async function executionsCancelCommand(cmd: ExecutionsCancelCommand, io: CliIo): Promise<ExitCode> {
  const options = { env: io.env, store: 'read' as const, ...(cmd.database ? { database: cmd.database } : {}) };
  return withCliEngine(io.cwd, options, async (engine) => {
    const before = await engine.getExecution(cmd.id);
    if (!before) throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${cmd.id} not found`);
    const outcome = await engine.requestCancel(cmd.id, 'cancelled from the command line');
    let status = before.status;
    if (outcome !== 'not_running') {
      for (let waited = 0; waited < WAIT_FOR_STOP_MS && !isTerminalExecutionStatus(status); waited += POLL_MS) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        status = (await engine.getExecution(cmd.id))?.status ?? status;
      }
    }
    if (cmd.json) {
      io.stdout.write(`${JSON.stringify({ execution_id: cmd.id, outcome, status })}\n`);
    } else if (outcome === 'not_running') {
      io.stderr.write(`execution ${cmd.id} is not running (status ${status})\n`);
    } else if (isTerminalExecutionStatus(status)) {
      io.stdout.write(`execution ${cmd.id} ${status}\n`);
    } else {
      io.stdout.write(
        `cancel requested; execution ${cmd.id} is still ${status}: no process seems to run it now, ` +
          'so it will be cancelled when it is resumed (skill serve resumes unfinished executions)\n',
      );
    }
    return outcome === 'not_running' ? ExitCode.Failed : ExitCode.Completed;
  });
}
