// `skill workflow run`: load, coerce inputs, run with live progress; Ctrl-C cancels, a second Ctrl-C exits.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { coerceInputs } from '@skill/workflow-core';
import { WorkflowError } from '@skill/workflow-model';
import type { CliIo } from '../cli-io.js';
import type { RunCommand } from '../command-line.js';
import { createCliEngine } from '../engine.js';
import type { ExitCode } from '../exit-codes.js';
import { createRunRenderer, type RenderMode } from '../render/run-renderer.js';
import { colorEnabled, createStyle } from '../terminal-style.js';
import { type RunOutcome, superviseRun } from './supervise-run.js';

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

/** How progress is shown for `--json`, `--quiet`, a terminal or a pipe. */
export function renderMode(cmd: { json: boolean; quiet: boolean }, io: CliIo): RenderMode {
  if (cmd.json) return 'json';
  if (cmd.quiet) return 'quiet';
  return io.stdout.isTTY ? 'live' : 'plain';
}

/** Runs the workflow and returns the exit code; throws `WorkflowError` for an invalid workflow or inputs. */
export async function runCommand(cmd: RunCommand, io: CliIo): Promise<ExitCode> {
  const cli = await createCliEngine(io.cwd, {
    env: io.env,
    tracing: true,
    ...(cmd.database ? { database: cmd.database } : {}),
    ...(cmd.queue ? { queue: cmd.queue } : {}),
  });
  let outcome: RunOutcome | undefined;
  try {
    const { engine } = cli;
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
    outcome = await superviseRun(io, renderer, err, (signal) =>
      engine.run(definition, inputs, { signal, onEvent: (event) => renderer.onEvent(event) }),
    );
    return outcome.code;
  } finally {
    // After a forced exit the run is still stopping: release the store once it is over.
    if (outcome?.forced) void outcome.settled.then(() => cli.close());
    else await cli.close();
  }
}
