// `skill workflow validate <files...>`: check each workflow without running it; exit 2 if any is invalid.
import { isWorkflowError, type ValidationReport } from '@skill/workflow-core';
import type { Diagnostic } from '@skill/workflow-model';
import type { CliIo } from '../cli-io.js';
import { createWorkflowEngine } from '../engine.js';
import { ExitCode } from '../exit-codes.js';
import { formatDiagnosticStyled } from '../report-error.js';
import { colorEnabled, createStyle, StatusSymbol } from '../terminal-style.js';

/** One entry of `validate --json`. */
export interface FileReport {
  /** The argument as given. */
  file: string;
  /** The absolute path read, when the file was found. */
  path?: string;
  ok: boolean;
  name?: string;
  step_count?: number;
  diagnostics: Diagnostic[];
  /** Why the file could not be validated at all (e.g. WORKFLOW_NOT_FOUND). */
  error?: { code: string; message: string };
}

function fromReport(file: string, report: ValidationReport): FileReport {
  return {
    file,
    ...(report.file ? { path: report.file } : {}),
    ok: report.ok,
    ...(report.definition ? { name: report.definition.name, step_count: report.definition.steps.length } : {}),
    diagnostics: report.diagnostics,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Validates every file (all of them, even after an invalid one) and prints the reports. */
export async function validateCommand(cmd: { files: string[]; json: boolean }, io: CliIo): Promise<ExitCode> {
  const engine = createWorkflowEngine(io.cwd);
  const reports: FileReport[] = [];
  for (const file of cmd.files) {
    try {
      reports.push(fromReport(file, await engine.validate(file)));
    } catch (error) {
      if (!isWorkflowError(error)) throw error;
      reports.push({
        file,
        ok: false,
        diagnostics: error.diagnostics,
        error: { code: error.code, message: error.message },
      });
    }
  }
  if (cmd.json) {
    io.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  } else {
    const style = createStyle(colorEnabled(io.stdout, io.env));
    for (const r of reports) {
      if (r.ok) {
        io.stdout.write(
          `${style.green(StatusSymbol.completed)} ${r.file} (${r.name}, ${plural(r.step_count ?? 0, 'step')})\n`,
        );
      } else {
        const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
        const why = r.error ? r.error.message : plural(errors, 'error');
        io.stdout.write(`${style.red(StatusSymbol.failed)} ${r.file}: ${why}\n`);
      }
      for (const d of r.diagnostics) io.stdout.write(`  ${formatDiagnosticStyled(d, style)}\n`);
    }
  }
  return reports.every((r) => r.ok) ? ExitCode.Completed : ExitCode.Invalid;
}
