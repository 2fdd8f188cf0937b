// `skill workflow validate <files...>`: check each workflow without running it; exit 2 if any is invalid.
import {
  type Engine,
  explainWorkflow,
  isWorkflowError,
  type ValidationReport,
  type WorkflowExplanation,
} from '@skill/workflow-core';
import type { Diagnostic, TrustLevel } from '@skill/workflow-model';
import type { CliIo } from '../cli-io.js';
import { withWorkflowEngine } from '../engine.js';
import { ExitCode } from '../exit-codes.js';
import { terminalJson, terminalSafeDeep } from '../render/terminal-safe.js';
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
  /** The trust level it would run at (docs/security.md). */
  trust?: TrustLevel;
  diagnostics: Diagnostic[];
  /** Why the file could not be validated at all (e.g. WORKFLOW_NOT_FOUND). */
  error?: { code: string; message: string };
  /** With `--explain`: raw-template opt-outs, inferred dependencies and secrets used. */
  explain?: WorkflowExplanation;
}

function fromReport(file: string, report: ValidationReport, explain: boolean): FileReport {
  return {
    file,
    ...(report.file ? { path: report.file } : {}),
    ok: report.ok,
    ...(report.definition ? { name: report.definition.name, step_count: report.definition.steps.length } : {}),
    ...(report.trust ? { trust: report.trust } : {}),
    diagnostics: report.diagnostics,
    ...(explain && report.definition ? { explain: explainWorkflow(report.definition) } : {}),
  };
}

/** The `--explain` lines of one valid workflow. */
function explanationLines(explain: WorkflowExplanation): string[] {
  const lines = [
    explain.raw_templates.length
      ? `raw templates (spliced unquoted, trusted workflows only): ${explain.raw_templates.map((t) => `${t.step_id} ${t.template}`).join(', ')}`
      : 'raw templates: none (every value reaches commands and code as data)',
  ];
  for (const dep of explain.inferred_dependencies) {
    lines.push(`inferred order: ${dep.step_id} runs after ${dep.after.join(', ')} (referenced, not in depends_on)`);
  }
  if (explain.secrets.length) lines.push(`secrets used: ${explain.secrets.join(', ')}`);
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One report per file (all of them, even after an invalid one). */
async function validateFiles(engine: Engine, files: string[], explain: boolean): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const file of files) {
    try {
      reports.push(fromReport(file, await engine.validate(file), explain));
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
  return reports;
}

/** Validates every file (all of them, even after an invalid one) and prints the reports. */
export async function validateCommand(
  cmd: { files: string[]; json: boolean; explain?: boolean },
  io: CliIo,
): Promise<ExitCode> {
  const reports = await withWorkflowEngine(io.cwd, (engine) => validateFiles(engine, cmd.files, cmd.explain ?? false));
  if (cmd.json) {
    io.stdout.write(`${terminalJson(reports, 2)}\n`);
  } else {
    const style = createStyle(colorEnabled(io.stdout, io.env));
    for (const r of terminalSafeDeep(reports)) {
      if (r.ok) {
        const level = r.trust && r.trust !== 'trusted' ? `, trust: ${r.trust}` : '';
        io.stdout.write(
          `${style.green(StatusSymbol.completed)} ${r.file} (${r.name}, ${plural(r.step_count ?? 0, 'step')}${level})\n`,
        );
      } else {
        const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
        const why = r.error ? r.error.message : plural(errors, 'error');
        io.stdout.write(`${style.red(StatusSymbol.failed)} ${r.file}: ${why}\n`);
      }
      for (const d of r.diagnostics) io.stdout.write(`  ${formatDiagnosticStyled(d, style)}\n`);
      if (r.explain) for (const line of explanationLines(r.explain)) io.stdout.write(`  ${line}\n`);
    }
  }
  return reports.every((r) => r.ok) ? ExitCode.Completed : ExitCode.Invalid;
}
