// The /api/workflows routes: list, show (definition + TOML source), create (untrusted) and execute.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '@skill/workflow-core';
import { type Diagnostic, formatDiagnostic, WorkflowError } from '@skill/workflow-model';
import { Hono } from 'hono';
import { HttpErrorCode, httpError } from './http-errors.js';
import {
  checkWorkflowName,
  optionalBoolean,
  optionalObject,
  optionalString,
  readJsonObject,
  requiredString,
} from './request-input.js';

function relativeFile(engine: Engine, file: string | undefined): string | undefined {
  return file === undefined ? undefined : path.relative(engine.cwd, file) || file;
}

function invalidWorkflow(diagnostics: Diagnostic[]): WorkflowError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new WorkflowError('WORKFLOW_INVALID', `${first ? formatDiagnostic(first) : 'invalid workflow'}${more}`, {
    diagnostics,
  });
}

/** The workflow routes, relative to `/api/workflows`. */
export function workflowRoutes(engine: Engine): Hono {
  const routes = new Hono();

  routes.get('/', async (c) => {
    const items = (await engine.listWorkflows()).map((w) => ({
      name: w.name,
      ...(w.description !== undefined ? { description: w.description } : {}),
      file: relativeFile(engine, w.file),
      step_count: w.step_count,
      valid: w.valid,
      trusted: w.trusted,
      diagnostics: w.diagnostics,
    }));
    return c.json({ items });
  });

  routes.get('/:name', async (c) => {
    const name = checkWorkflowName(c.req.param('name'));
    const report = await engine.validate(name);
    const source = report.file ? await readFile(report.file, 'utf8').catch(() => undefined) : undefined;
    return c.json({
      name: report.definition?.name ?? name,
      valid: report.ok,
      trusted: report.trusted ?? true,
      file: relativeFile(engine, report.file) ?? null,
      source: source ?? null,
      definition: report.definition ?? null,
      diagnostics: report.diagnostics,
    });
  });

  routes.post('/', async (c) => {
    const body = await readJsonObject(c);
    const name = checkWorkflowName(body.name);
    const content = requiredString(body, 'content');
    const format = optionalString(body, 'format') ?? 'toml';
    if (format !== 'toml') {
      throw httpError(HttpErrorCode.InvalidRequest, `"format" must be "toml" (got "${format}")`, { field: 'format' });
    }
    // A trailing newline makes the engine read the content as TOML text, never as a file name.
    const text = content.endsWith('\n') ? content : `${content}\n`;
    const report = await engine.validate(text, { untrusted: true });
    if (!report.ok || !report.definition) throw invalidWorkflow(report.diagnostics);
    if (report.definition.name !== name) {
      throw httpError(
        HttpErrorCode.WorkflowNameMismatch,
        `"name" is "${name}" but the workflow's TOML says name = "${report.definition.name}"`,
        { field: 'name', expected: name, actual: report.definition.name },
      );
    }
    const saved = await engine.saveWorkflow(text);
    if (!saved.ok) throw invalidWorkflow(saved.diagnostics);
    return c.json(
      { name, trusted: false, file: relativeFile(engine, saved.file) ?? null, diagnostics: saved.diagnostics },
      201,
      { Location: `/api/workflows/${encodeURIComponent(name)}` },
    );
  });

  routes.post('/:name/execute', async (c) => {
    const name = checkWorkflowName(c.req.param('name'));
    const body = await readJsonObject(c);
    const inputs = optionalObject(body, 'inputs') ?? {};
    const asyncExecution = optionalBoolean(body, 'async_execution') ?? false;
    const started = await engine.start(name, inputs);
    const location = `/api/executions/${encodeURIComponent(started.executionId)}`;
    if (asyncExecution) {
      const record = await engine.getExecution(started.executionId);
      return c.json({ execution_id: started.executionId, status: record?.status ?? 'pending' }, 202, {
        Location: location,
      });
    }
    return c.json(await started.done, 200, { Location: location });
  });

  return routes;
}
