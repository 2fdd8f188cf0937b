// `skill workflow run`: load, coerce inputs, run with live progress; Ctrl-C cancels, a second Ctrl-C exits.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { coerceInputs } from '@skill/workflow-core';
import { type ExecutionStatus, WorkflowError } from '@skill/workflow-model';
import type { CliIo } from '../cli-io.js';
import type { RunCommand } from '../command-line.js';
import { createCliEngine } from '../engine.js';
import { ExitCode } from '../exit-codes.js';
import { createRunRenderer, type RenderMode } from '../render/run-renderer.js';
import { colorEnabled, createStyle } from '../terminal-style.js';

/** The exit code for how an execution ended. */
export function exitCodeForStatus(status: ExecutionStatus): ExitCode {
  if (status === 'completed') return ExitCode.Completed;
  if (status === 'cancelled') return ExitCode.Cancelled;
  return ExitCode.Failed;
}

/** Reads `--inputs-file`: a JSON object whose values are already typed. */
export async function readInputsFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new WorkflowError('INPUTS_INVALID', `cannot read inputs file ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WorkflowError('INPUTS_INVALID', `inputs file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WorkflowError('INPUTS_INVALID', `inputs file ${file} must hold a JSON object of input values`);
  }
  return value as Record<string, unknown>;
}

function renderMode(cmd: RunCommand, io: CliIo): RenderMode {
  if (cmd.json) return 'json';
  if (cmd.quiet) return 'quiet';
  return io.stdout.isTTY ? 'live' : 'plain';
}

/** Runs the workflow and returns the exit code; throws `WorkflowError` for an invalid workflow or inputs. */
export async function runCommand(cmd: RunCommand, io: CliIo): Promise<ExitCode> {
  const engine = createCliEngine(io.cwd);
  const { definition } = await engine.load(cmd.workflow);
  const fromFile = cmd.inputsFile ? await readInputsFile(path.resolve(io.cwd, cmd.inputsFile)) : {};
  const inputs = { ...fromFile, ...coerceInputs(definition, cmd.inputs) };

  const err = createStyle(colorEnabled(io.stderr, io.env));
  const renderer = createRunRenderer(renderMode(cmd, io), {
    io,
    definition,
    out: createStyle(colorEnabled(io.stdout, io.env)),
    err,
  });
  const controller = new AbortController();
  let interrupts = 0;
  let left = false;
  let leaveNow: (code: ExitCode) => void = () => {};
  const forced = new Promise<ExitCode>((resolve) => {
    leaveNow = resolve;
  });
  const stopListening = io.onSignal?.((signal) => {
    interrupts += 1;
    if (interrupts === 1) {
      renderer.notice(`${err.yellow('cancelling…')} ${err.dim('(press Ctrl-C again to exit now)')}`);
      controller.abort(`interrupted (${signal})`);
      return;
    }
    left = true;
    renderer.abort();
    leaveNow(ExitCode.Cancelled);
    io.exit?.(ExitCode.Cancelled);
  });
  try {
    const run = engine
      .run(definition, inputs, { signal: controller.signal, onEvent: (event) => renderer.onEvent(event) })
      .then((record) => {
        if (!left) renderer.finish(record);
        return exitCodeForStatus(record.status);
      });
    // After a forced exit nobody awaits the run any more; its late failure must not become unhandled.
    run.catch(() => {});
    return await Promise.race([run, forced]);
  } catch (error) {
    renderer.abort();
    throw error;
  } finally {
    stopListening?.();
  }
}
