import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commandStep, executorContext, isProcessAlive, useTempDir, waitFor, workflowErrorOf } from '@skill/test-kit';
import type { ExecutorContext } from '@skill/workflow-model';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeMetadataDir } from '../output/metadata-dir.js';
import { createCommandExecutor } from './command-executor.js';

// Long enough that the test sees the stubborn processes alive between SIGTERM and SIGKILL.
const executor = createCommandExecutor({ killGraceMs: 1000 });
const baseDir = useTempDir('command-abort-test-');

afterAll(async () => {
  await disposeMetadataDir();
});

function context(signal: AbortSignal, outputLimitBytes = 16 * 1024 * 1024): ExecutorContext {
  return executorContext({
    execution_id: 'exec-abort',
    base_dir: baseDir(),
    step_id: 'cmd',
    signal,
    output_limit_bytes: outputLimitBytes,
  });
}

/** The pids listed in `file` once it lists `count` of them (polled with a bound by the caller). */
async function pidsIn(file: string, count: number): Promise<number[] | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pids = text.split('\n').filter(Boolean).map(Number);
  return pids.length >= count ? pids : undefined;
}

describe('command executor: abort', () => {
  it('kills the whole process group on abort with SIGTERM, before the grace period ends', async () => {
    const pidFile = join(baseDir(), 'group-pids');
    const controller = new AbortController();
    const script = `sleep 30 & echo $! > ${pidFile}; sleep 30 & echo $! >> ${pidFile}; echo $$ >> ${pidFile}; wait`;
    const running = executor.run(commandStep(script), context(controller.signal));
    const pids = await waitFor(() => pidsIn(pidFile, 3));
    expect(await Promise.all(pids.map(isProcessAlive))).toEqual([true, true, true]);
    controller.abort(new Error('user pressed cancel'));
    const error = await workflowErrorOf(running);
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toBe('command cancelled: user pressed cancel');
    expect(error.details.metadata).toEqual({ exit_code: 143 }); // SIGTERM ended it: no SIGKILL was needed
    // Every process of the group got the signal; one still on its way out on a busy machine gets a bounded wait.
    await waitFor(async () => (await Promise.all(pids.map(isProcessAlive))).every((alive) => !alive), 5_000);
  });

  it('sends SIGKILL after the grace period to processes that ignore SIGTERM', async () => {
    const pidFile = join(baseDir(), 'stubborn-pids');
    const termFile = join(baseDir(), 'stubborn-term');
    const controller = new AbortController();
    const readyFile = join(baseDir(), 'stubborn-watcher-ready');
    // A watcher in the same group, started before the trap, notes the SIGTERM: the test waits for it, not for time.
    // The pids are written once its trap is set (a bounded wait), so the abort never lands before the trap.
    const watcher = `(trap 'echo term > ${termFile}; exit' TERM; echo ready > ${readyFile}; sleep 30 & wait) &`;
    const ready = `i=0; while [ ! -e ${readyFile} ] && [ $i -lt 2000 ]; do sleep 0.01; i=$((i+1)); done;`;
    const script = `${watcher} trap '' TERM; ${ready} sleep 30 & echo $! > ${pidFile}; echo $$ >> ${pidFile}; wait`;
    const running = executor.run(commandStep(script), context(controller.signal));
    const pids = await waitFor(() => pidsIn(pidFile, 2));
    controller.abort();
    await waitFor(() => existsSync(termFile));
    expect(await Promise.all(pids.map(isProcessAlive))).toEqual([true, true]); // SIGTERM sent, and ignored
    const error = await workflowErrorOf(running);
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toBe('command cancelled');
    expect(error.details.metadata).toEqual({ exit_code: 137 });
    expect(await Promise.all(pids.map(isProcessAlive))).toEqual([false, false]);
  });
});

describe('command executor: background children', () => {
  it('finishes after the drain wait when a background child keeps stdout open, and kills that child', async () => {
    const quick = createCommandExecutor({ drainAfterExitMs: 200 });
    const started = Date.now();
    const result = await quick.run(commandStep('sleep 30 & echo $!'), context(new AbortController().signal));
    const elapsed = Date.now() - started;
    const pid = result.output as number;
    expect(typeof pid).toBe('number');
    expect(await isProcessAlive(pid)).toBe(false); // a step's leftovers do not outlive it
    expect(elapsed).toBeGreaterThanOrEqual(195);
    expect(elapsed).toBeLessThan(2000);
    expect(result.metadata).toEqual({ exit_code: 0 });
  });
});

describe('command executor: output cap', () => {
  it('keeps the first N bytes of a 5 MB stdout, flags truncation and lets the process finish', async () => {
    const cap = 1024 * 1024;
    const script = `head -c 5242880 /dev/zero | tr '\\0' x; echo done >&2`;
    const result = await executor.run(commandStep(script), context(new AbortController().signal, cap));
    expect(typeof result.output).toBe('string');
    expect((result.output as string).length).toBe(cap);
    expect(result.metadata).toEqual({
      exit_code: 0,
      stderr: 'done',
      truncated: true,
      stdout_truncated: true,
    });
  });
});
