// reportError: diagnostics and exit codes for user mistakes, no stack unless SKILL_DEBUG=1.
import { type Diagnostic, WorkflowError } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { formatDiagnosticStyled, reportError } from './report-error.js';
import { createStyle } from './terminal-style.js';

function capture(env: Record<string, string> = {}): { io: CliIo; err: () => string } {
  let err = '';
  const io: CliIo = {
    stdout: { write: () => {} },
    stderr: {
      write: (t) => {
        err += t;
      },
    },
    cwd: '/',
    env,
  };
  return { io, err: () => err };
}

const diagnostic: Diagnostic = {
  code: 'UNKNOWN_DEPENDENCY',
  severity: 'error',
  message: 'step "b" depends on "x", which does not exist',
  file: '.workflows/w.toml',
  line: 7,
  column: 14,
  step_id: 'b',
  hint: 'did you mean "a"?',
};

describe('reportError', () => {
  it('prints each diagnostic and exits 2', () => {
    const { io, err } = capture();
    const warning: Diagnostic = { ...diagnostic, severity: 'warning', code: 'X', line: 9 };
    const error = new WorkflowError('WORKFLOW_INVALID', 'invalid', { diagnostics: [diagnostic, warning] });
    expect(reportError(error, io, createStyle(false))).toBe(2);
    expect(err()).toBe(
      '.workflows/w.toml:7:14: error UNKNOWN_DEPENDENCY [step b]: step "b" depends on "x", which does not exist (did you mean "a"?)\n' +
        '.workflows/w.toml:9:14: warning X [step b]: step "b" depends on "x", which does not exist (did you mean "a"?)\n',
    );
  });

  it('exits 2 for a missing workflow and 1 for other engine errors', () => {
    const missing = capture();
    const notFound = new WorkflowError('WORKFLOW_NOT_FOUND', 'workflow "nope" not found: /x/.workflows/nope.toml');
    expect(reportError(notFound, missing.io, createStyle(false))).toBe(2);
    expect(missing.err()).toBe('error WORKFLOW_NOT_FOUND: workflow "nope" not found: /x/.workflows/nope.toml\n');
    const other = capture();
    expect(reportError(new WorkflowError('INTERNAL', 'store broke'), other.io, createStyle(false))).toBe(1);
    expect(other.err()).toBe('error INTERNAL: store broke\n');
  });

  it('prints unexpected errors without a stack unless SKILL_DEBUG=1', () => {
    const quiet = capture();
    expect(reportError(new TypeError('x is undefined'), quiet.io, createStyle(false))).toBe(1);
    expect(quiet.err()).toBe('internal error: x is undefined\n');
    const debug = capture({ SKILL_DEBUG: '1' });
    reportError(new TypeError('x is undefined'), debug.io, createStyle(false));
    expect(debug.err()).toMatch(/^internal error: x is undefined\nTypeError: x is undefined\n\s+at /);
  });
});

describe('formatDiagnosticStyled', () => {
  it('colours the severity only', () => {
    expect(formatDiagnosticStyled(diagnostic, createStyle(true))).toBe(
      '.workflows/w.toml:7:14: \u001b[31merror\u001b[39m UNKNOWN_DEPENDENCY [step b]: step "b" depends on "x", which does not exist (did you mean "a"?)',
    );
  });
});
