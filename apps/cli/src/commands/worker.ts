// `skill worker` (runs dispatched steps until SIGTERM) and `skill workers list` (the live workers of a queue).
import { UsageError } from '../arg-parsing.js';
import type { CliIo } from '../cli-io.js';
import type { Command, WorkerCommand } from '../command-types.js';
import { ExitCode } from '../exit-codes.js';
import { terminalSafe } from '../render/terminal-safe.js';

function queueOf(cmd: { queue?: string }, topic: 'worker' | 'workers-list'): string {
  if (cmd.queue === undefined) throw new UsageError('--queue is required (a redis:// or postgres:// URL)', topic);
  return cmd.queue;
}

/** Runs the worker until the first SIGINT/SIGTERM, then stops within `--grace`; a second signal leaves at once. */
export async function workerCommand(cmd: WorkerCommand, io: CliIo): Promise<ExitCode> {
  const url = queueOf(cmd, 'worker');
  const queue = await import('@skill/workflow-queue');
  let stopRequested: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  let signals = 0;
  const stopListening = io.onSignal?.(() => {
    signals += 1;
    if (signals === 1) stopRequested();
    else io.exit?.(ExitCode.Cancelled);
  });
  let running = () => 0;
  const metrics = queue.createWorkerMetrics(() => running());
  try {
    const worker = await queue.startStepWorker({
      url,
      concurrency: cmd.concurrency,
      labels: cmd.labels,
      ...(cmd.name !== undefined ? { name: cmd.name } : {}),
      engine: { cwd: io.cwd, stepEnvironment: 'clean' },
      onStepDone: metrics.stepDone,
    });
    running = () => worker.info().running;
    const health =
      cmd.healthPort === undefined
        ? undefined
        : await queue.serveWorkerHealth(cmd.healthHost, cmd.healthPort, worker.info, metrics);
    const address = health?.address();
    const where = address && typeof address === 'object' ? `; health on http://${cmd.healthHost}:${address.port}` : '';
    io.stdout.write(
      `skill worker ${terminalSafe(worker.name)} taking steps from ${queue.redactQueueUrl(url)}${where}\n`,
    );
    await stopped;
    io.stderr.write(`stopping: running steps get ${cmd.graceMs}ms…\n`);
    await worker.stop(cmd.graceMs);
    await new Promise<void>((resolve) => (health ? health.close(() => resolve()) : resolve()));
    io.stderr.write('worker stopped\n');
    return ExitCode.Completed;
  } finally {
    stopListening?.();
  }
}

/** Prints the workers whose heartbeat is recent. */
export async function workersListCommand(
  cmd: Extract<Command, { kind: 'workers-list' }>,
  io: CliIo,
): Promise<ExitCode> {
  const url = queueOf(cmd, 'workers-list');
  const queue = await import('@skill/workflow-queue');
  const connection = await queue.openQueueConnection(url);
  const registry = await queue.watchWorkers(connection);
  try {
    await registry.settled();
    const workers = registry.list();
    if (cmd.json) {
      io.stdout.write(`${JSON.stringify(workers, null, 2)}\n`);
    } else if (workers.length === 0) {
      io.stdout.write('no live workers\n');
    } else {
      for (const w of workers) {
        const labels = w.labels.length > 0 ? w.labels.join(',') : '-';
        const line = `${w.name}  labels=${labels}  running=${w.running}/${w.concurrency}  last_heartbeat=${w.last_heartbeat}`;
        io.stdout.write(`${terminalSafe(line)}\n`);
      }
    }
    return ExitCode.Completed;
  } finally {
    await registry.close();
  }
}
