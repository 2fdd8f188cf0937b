// The /api/workflows routes: list, show (definition, graph, TOML source), create / replace (untrusted) and execute.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Engine, hideLocalPathsDeep, workflowGraph } from '@skill/workflow-core';
import { type Diagnostic, formatDiagnostic, isWorkflowError, WorkflowError } from '@skill/workflow-model';
import type { Context } from 'hono';
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

/** The WORKFLOW_EXISTS error of the API: says whether PUT can replace the workflow. */
function existsError(error: WorkflowError, name: string): WorkflowError {
  const trusted = error.details?.trusted === true;
  const message = trusted
    ? `a workflow named "${name}" already exists in the project's workflows folder and cannot be replaced through the API`
    : `a workflow named "${name}" already exists; replace it with PUT /api/workflows/${encodeURIComponent(name)}`;
  return new WorkflowError('WORKFLOW_EXISTS', message, { name, trusted });
}

/**
 * Creates (`replace` false: 409 `WORKFLOW_EXISTS` when the name is taken) or replaces an API workflow
 * from a `{name?, content, format?}` body; answers 201 when created, 200 when replaced.
 */
async function saveWorkflow(
  c: Context,
  engine: Engine,
  body: Record<string, unknown>,
  name: string,
  replace: boolean,
): Promise<Response> {
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
  const existed = replace && (await engine.listWorkflows()).some((w) => w.name === name && !w.trusted);
  const saved = await engine.saveWorkflow(text, { replace }).catch((error: unknown) => {
    throw isWorkflowError(error) && error.code === 'WORKFLOW_EXISTS' ? existsError(error, name) : error;
  });
  if (!saved.ok) throw invalidWorkflow(saved.diagnostics);
  const file = relativeFile(engine, saved.file) ?? null;
  return c.json(
    { name, trusted: false, trust: saved.trust, file, diagnostics: saved.diagnostics },
    existed ? 200 : 201,
    {
      Location: `/api/workflows/${encodeURIComponent(name)}`,
    },
  );
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
      trust: w.trust,
      diagnostics: hideLocalPathsDeep(w.diagnostics, engine.cwd),
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
      trust: report.trust ?? 'trusted',
      file: relativeFile(engine, report.file) ?? null,
      source: source ?? null,
      definition: report.definition ?? null,
      graph: report.ok && report.definition ? workflowGraph(report.definition) : null,
      diagnostics: hideLocalPathsDeep(report.diagnostics, engine.cwd),
    });
  });

  routes.post('/', async (c) => {
    const body = await readJsonObject(c);
    return saveWorkflow(c, engine, body, checkWorkflowName(body.name), false);
  });

  routes.put('/:name', async (c) => {
    const body = await readJsonObject(c);
    const name = checkWorkflowName(c.req.param('name'));
    if (body.name !== undefined && body.name !== name) {
      throw httpError(
        HttpErrorCode.WorkflowNameMismatch,
        `"name" is "${String(body.name)}" but the URL says "${name}"`,
        {
          field: 'name',
          expected: name,
          actual: body.name,
        },
      );
    }
    return saveWorkflow(c, engine, body, name, true);
  });

  routes.post('/:name/execute', async (c) => {
    const name = checkWorkflowName(c.req.param('name'));
    const body = await readJsonObject(c);
    const inputs = optionalObject(body, 'inputs') ?? {};
    const asyncExecution = optionalBoolean(body, 'async_execution') ?? false;
    const started = await engine.start(name, inputs);
    const location = `/api/executions/${encodeURIComponent(started.executionId)}`;
    // Accepted once recorded: the answer reads nothing more (the run starts after it, see engine.start).
    if (asyncExecution)
      return c.json({ execution_id: started.executionId, status: 'pending' }, 202, { Location: location });
    return c.json(await started.done, 200, { Location: location });
  });

  return routes;
}
