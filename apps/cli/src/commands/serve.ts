// `skill serve`: starts the server of @skill/workflow-server, prints its URL first, stops gracefully on SIGINT/SIGTERM.
import { configFromEnv, startServer } from '@skill/workflow-server';
import type { CliIo, InterruptSignal } from '../cli-io.js';
import type { ServeCommand } from '../command-types.js';
import { ExitCode } from '../exit-codes.js';

/** Runs the server until the first interrupt, then shuts it down and exits 0; a second interrupt leaves at once. */
export async function serveCommand(cmd: ServeCommand, io: CliIo): Promise<ExitCode> {
  const config = configFromEnv(io.env, {
    cwd: io.cwd,
    ...(cmd.port !== undefined ? { port: cmd.port } : {}),
    ...(cmd.host !== undefined ? { host: cmd.host } : {}),
    ...(cmd.workflowsDir !== undefined ? { workflowsDir: cmd.workflowsDir } : {}),
    ...(cmd.database !== undefined ? { databaseUrl: cmd.database } : {}),
    ...(cmd.token !== undefined ? { token: cmd.token } : {}),
    ...(cmd.tokenFile !== undefined ? { tokenFile: cmd.tokenFile } : {}),
    ...(cmd.allowUntrusted ? { allowUntrusted: true } : {}),
    ...(cmd.apiTrust ? { apiTrust: cmd.apiTrust } : {}),
    ...(cmd.dataDir ? { dataDir: cmd.dataDir } : {}),
    ...(cmd.allowedNetworks ? { allowedNetworks: cmd.allowedNetworks } : {}),
    ...(cmd.httpAllowList ? { httpAllowList: cmd.httpAllowList } : {}),
    ...(cmd.untrustedMcpServers ? { untrustedMcpServers: cmd.untrustedMcpServers } : {}),
  });
  if (cmd.token !== undefined) {
    io.stderr.write(
      'warning: --token is visible to other users of this machine (ps); use --token-file or SKILL_TOKEN\n',
    );
  }
  // Loaded only with --queue: a plain `skill serve` loads no queue client.
  const dispatcher = cmd.queue
    ? await (await import('@skill/workflow-queue')).createQueueDispatcher(cmd.queue)
    : undefined;
  if (dispatcher) config.stepDispatcher = dispatcher;
  let signals = 0;
  let stopRequested: (signal: InterruptSignal) => void = () => {};
  const stopped = new Promise<InterruptSignal>((resolve) => {
    stopRequested = resolve;
  });
  const stopListening = io.onSignal?.((signal) => {
    signals += 1;
    if (signals === 1) stopRequested(signal);
    else io.exit?.(ExitCode.Cancelled);
  });
  try {
    const server = await startServer(config);
    io.stdout.write(`skill server listening on ${server.url}\n`);
    if (server.resumed.length > 0) io.stderr.write(`resumed ${server.resumed.length} unfinished execution(s)\n`);
    const signal = await stopped;
    io.stderr.write(`${signal}: shutting down (running steps get ${config.shutdownGraceMs}ms)…\n`);
    await server.close();
    io.stderr.write('server stopped\n');
    return ExitCode.Completed;
  } finally {
    stopListening?.();
    await dispatcher?.close();
  }
}
