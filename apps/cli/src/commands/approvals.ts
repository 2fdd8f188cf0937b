// `skill executions approve|reject <id> <step>`: decide a waiting approval step, wherever its execution runs.
import { userInfo } from 'node:os';
import type { CliIo } from '../cli-io.js';
import type { ExecutionsDecideCommand } from '../command-types.js';
import { withCliEngine } from '../engine.js';
import { ExitCode } from '../exit-codes.js';
import { terminalJson, terminalSafe } from '../render/terminal-safe.js';

/** Who decides from this command line: `cli:<login name>` (`cli` when the system cannot say). */
function cliCaller(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/**
 * Records the decision in the store; the process running the execution (`skill serve`, another `skill workflow
 * run`) picks it up within a second, or the next engine does when none runs it now. Exits 0 once recorded, 1 when
 * the step is not waiting, 2 for an unknown execution or step, a usage mistake or form values that do not fit.
 */
export async function executionsDecideCommand(cmd: ExecutionsDecideCommand, io: CliIo): Promise<ExitCode> {
  const [id, step, ...extra] = cmd.target;
  if (id === undefined || step === undefined || extra.length > 0) {
    io.stderr.write(`error: expected <execution-id> <step-id>, got ${terminalSafe(cmd.target.join(' '))}\n`);
    return ExitCode.Invalid;
  }
  const decision = cmd.kind === 'executions-approve' ? 'approve' : 'reject';
  const options = { env: io.env, store: 'write' as const, ...(cmd.database ? { database: cmd.database } : {}) };
  const recorded = await withCliEngine(io.cwd, options, (engine) =>
    engine.decideApproval(id, step, {
      decision,
      textFields: cmd.fields,
      decidedBy: cliCaller(),
      ...(cmd.comment === undefined ? {} : { comment: cmd.comment }),
    }),
  );
  if (cmd.json) io.stdout.write(`${terminalJson(recorded)}\n`);
  else
    io.stdout.write(
      `step ${terminalSafe(step)} of execution ${terminalSafe(id)} ${recorded.decision} by ${terminalSafe(recorded.decided_by)}\n`,
    );
  return ExitCode.Completed;
}
