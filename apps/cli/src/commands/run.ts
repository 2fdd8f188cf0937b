// `skill workflow run`: load, coerce inputs, run with live progress; Ctrl-C cancels, a second Ctrl-C exits.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { coerceInputs } from '@skill/workflow-core';
import { WorkflowError } from '@skill/workflow-model';
import type { CliIo } from '../cli-io.js';
import type { RunCommand } from '../command-line.js';
import type { ExitCode } from '../exit-codes.js';
import { showRun } from './show-run.js';

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

/** Runs the workflow and returns the exit code; throws `WorkflowError` for an invalid workflow or inputs. */
export function runCommand(cmd: RunCommand, io: CliIo): Promise<ExitCode> {
  return showRun(cmd, io, async (engine) => {
    const { definition } = await engine.load(cmd.workflow);
    const fromFile = cmd.inputsFile ? await readInputsFile(path.resolve(io.cwd, cmd.inputsFile)) : {};
    const inputs = { ...fromFile, ...coerceInputs(definition, cmd.inputs) };
    return { definition, run: (signal, onEvent) => engine.run(definition, inputs, { signal, onEvent }) };
  });
}
