import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultStepFields, executorContext, isProcessAlive, useTempDir, workflowErrorOf } from '@skill/test-kit';
import type { CommandStep, ExecutorContext } from '@skill/workflow-model';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeMetadataDir } from '../output/metadata-dir.js';
import { createCommandExecutor } from './command-executor.js';

const GRACE_MS = 400;
const executor = createCommandExecutor({ killGraceMs: GRACE_MS });
const baseDir = useTempDir('command-abort-test-');

afterAll(async () => {
  await disposeMetadataDir();
});

function step(command: string): CommandStep {
  return {
    id: 'cmd',
    step_type: 'command',
    command,
    env: {},
    ...defaultStepFields(),
  };
}

function context(signal: AbortSignal, outputLimitBytes = 16 * 1024 * 1024): ExecutorContext {
  return executorContext({
    execution_id: 'exec-abort',
    base_dir: baseDir(),
    step_id: 'cmd',
    signal,
    output_limit_bytes: outputLimitBytes,
  });
}

/** Waits (bounded) until `file` holds `count` pids. */
async function readPids(file: string, count: number): Promise<number[]> {
  for (let i = 0; i < 100; i += 1) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const pids = text.split('\n').filter(Boolean).map(Number);
    if (pids.length >= count) return pids;
    await sleep(20);
  }
  throw new Error(`${file} never listed ${count} pids`);
}

describe('command executor: abort', () => {
  it('kills the whole process group on abort, within the grace period', async () => {
    const pidFile = join(baseDir(), 'group-pids');
    const controller = new AbortController();
    const script = `sleep 30 & echo $! > ${pidFile}; sleep 30 & echo $! >> ${pidFile}; echo $$ >> ${pidFile}; wait`;
    const running = executor.run(step(script), context(controller.signal));
    const pids = await readPids(pidFile, 3);
    expect(await Promise.all(pids.map(isProcessAlive))).toEqual([true, true, true]);
    const started = Date.now();
    controller.abort(new Error('user pressed cancel'));
    const error = await workflowErrorOf(running);
    expect(Date.now() - started).toBeLessThan(GRACE_MS);
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toBe('command cancelled: user pressed cancel');
    expect(await Promise.all(pids.map(isProcessAlive))).toEqual([false, false, false]);
  });

  it('sends SIGKILL after the grace period to processes that ignore SIGTERM', async () => {
    const pidFile = join(baseDir(), 'stubborn-pids');
    const controller = new AbortController();
    const script = `trap '' TERM; sleep 30 & echo $! > ${pidFile}; echo $$ >> ${pidFile}; wait`;
    const running = executor.run(step(script), context(controller.signal));
    const pids = await readPids(pidFile, 2);
    const started = Date.now();
    controller.abort();
    await sleep(GRACE_MS / 2);
    expect(await Promise.all(pids.map(isProcessAlive))).toEqual([true, true]);
    const error = await workflowErrorOf(running);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(GRACE_MS - 5);
    expect(elapsed).toBeLessThan(GRACE_MS + 1000);
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
    const result = await quick.run(step('sleep 30 & echo $!'), context(new AbortController().signal));
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
    const result = await executor.run(step(script), context(new AbortController().signal, cap));
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
