// `skill workflow list`: the workflows of .workflows/ with step counts, descriptions and broken ones flagged.
import type { WorkflowSummary } from '@skill/workflow-core';
import type { CliIo } from '../cli-io.js';
import { withWorkflowEngine } from '../engine.js';
import { ExitCode } from '../exit-codes.js';
import { terminalJson, terminalSafeDeep } from '../render/terminal-safe.js';
import { colorEnabled, createStyle, type Style } from '../terminal-style.js';

/** The list as aligned text lines: NAME, STEPS, DESCRIPTION (or `invalid (N errors)`). */
export function listLines(workflows: WorkflowSummary[], style: Style): string[] {
  const nameWidth = Math.max(4, ...workflows.map((w) => w.name.length));
  const header = style.bold(`${'NAME'.padEnd(nameWidth)}  STEPS  DESCRIPTION`);
  const rows = workflows.map((w) => {
    const name = w.name.padEnd(nameWidth);
    if (!w.valid) {
      const errors = w.diagnostics.filter((d) => d.severity === 'error').length;
      return `${name}  ${'-'.padStart(5)}  ${style.red(`invalid (${errors} error${errors === 1 ? '' : 's'})`)}`;
    }
    return `${name}  ${String(w.step_count).padStart(5)}  ${w.description ?? ''}`.trimEnd();
  });
  return [header, ...rows];
}

/** Prints the workflows of the workflows folder; always exits 0. */
export async function listCommand(cmd: { json: boolean }, io: CliIo): Promise<ExitCode> {
  const workflows = await withWorkflowEngine(io.cwd, (engine) => engine.listWorkflows());
  if (cmd.json) {
    io.stdout.write(`${terminalJson(workflows, 2)}\n`);
  } else if (workflows.length === 0) {
    io.stdout.write('no workflows in .workflows/\n');
  } else {
    io.stdout.write(
      `${listLines(terminalSafeDeep(workflows), createStyle(colorEnabled(io.stdout, io.env))).join('\n')}\n`,
    );
  }
  return ExitCode.Completed;
}
