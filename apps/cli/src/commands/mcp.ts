// `skill mcp`: the MCP server on the process's stdin/stdout until stdin closes; nothing else goes to stdout.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveMcpStdio } from '@skill/workflow-mcp';
import { WorkflowError } from '@skill/workflow-model';
import type { CliIo } from '../cli-io.js';
import type { McpCommand } from '../command-types.js';
import { withCliEngine } from '../engine.js';
import { ExitCode } from '../exit-codes.js';

/** How long executions started over MCP may go on after the client leaves (then they are left to resume). */
function graceMs(env: Record<string, string | undefined>): number {
  const value = Number(env.SKILL_SHUTDOWN_GRACE_MS);
  return env.SKILL_SHUTDOWN_GRACE_MS && Number.isSafeInteger(value) && value >= 0 ? value : 10_000;
}

/** The built CLI entry beside this file (dist/bin.js); undefined when running from sources. */
function builtBin(): string | undefined {
  const bin = fileURLToPath(new URL('../bin.js', import.meta.url));
  return bin.endsWith('.js') && existsSync(bin) ? bin : undefined;
}

/**
 * Async runs go to a detached `skill executions resume <id>` of their own session: MCP clients close stdin and
 * kill the server about 2 s later, and a run must not die with it. Undefined (run here) without a built CLI.
 */
function detachedRunner(cmd: McpCommand, io: CliIo): ((executionId: string) => void) | undefined {
  const bin = builtBin();
  if (bin === undefined) return undefined;
  return (executionId) => {
    const args = [bin, 'executions', 'resume', executionId, '--quiet'];
    if (cmd.database) args.push('--database-url', cmd.database);
    spawn(process.execPath, args, { cwd: io.cwd, env: io.env, detached: true, stdio: 'ignore' }).unref();
  };
}

/** Serves one MCP session; exits 0 when stdin ends or on SIGINT/SIGTERM. */
export async function mcpCommand(cmd: McpCommand, io: CliIo): Promise<ExitCode> {
  const stdio = io.stdio;
  if (!stdio) throw new WorkflowError('INVALID_VALUE', 'skill mcp needs the process stdin and stdout');
  const options = {
    env: io.env,
    stepEnvironment: 'clean' as const, // an MCP client's steps see none of this process's credentials
    tracing: true,
    ...(cmd.database ? { database: cmd.database } : {}),
    ...(cmd.allowUntrusted ? { allowUntrusted: true } : {}),
  };
  return withCliEngine(io.cwd, options, async (engine) => {
    const handOffAsync = detachedRunner(cmd, io);
    const session = await serveMcpStdio({
      engine,
      cwd: io.cwd,
      input: stdio.input,
      output: stdio.output,
      ...(handOffAsync ? { handOffAsync } : {}),
    });
    const stopListening = io.onSignal?.(() => void session.close());
    try {
      await session.closed;
    } finally {
      stopListening?.();
    }
    await engine.shutdown({ graceMs: graceMs(io.env) });
    return ExitCode.Completed;
  });
}
