// The /api/executions routes: list, show, cancel, retry, stored events and a step's log lines.
import type { Engine } from '@skill/workflow-core';
import {
  type ExecutionRecord,
  type ExecutionStatus,
  STORED_EXECUTION_STATUSES,
  type StepDefinition,
  type WorkflowEvent,
  walkSteps,
} from '@skill/workflow-model';
import { Hono } from 'hono';
import { HttpErrorCode, httpError } from './http-errors.js';
import { optionalBoolean, optionalString, queryInteger, readJsonObject } from './request-input.js';

const STATUSES: readonly string[] = STORED_EXECUTION_STATUSES;

function summary(record: ExecutionRecord): Omit<ExecutionRecord, 'definition'> {
  const { definition: _definition, ...rest } = record;
  return rest;
}

function hasStep(steps: readonly StepDefinition[] | undefined, id: string): boolean {
  return Array.from(walkSteps(steps ?? [])).some(({ step }) => step.id === id);
}

/** One line of a step's live output. */
interface LogLine {
  seq: number;
  timestamp: string;
  stream: 'stdout' | 'stderr' | null;
  message: string;
}

function logLines(events: readonly WorkflowEvent[], stepId: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const event of events) {
    if (event.type !== 'step_progress' || event.step_id !== stepId || event.message === undefined) continue;
    lines.push({ seq: event.seq, timestamp: event.timestamp, stream: event.stream ?? null, message: event.message });
  }
  return lines;
}

/** The execution routes, relative to `/api/executions`. */
export function executionRoutes(engine: Engine): Hono {
  const routes = new Hono();

  routes.get('/', async (c) => {
    const status = c.req.query('status') || undefined;
    if (status !== undefined && !STATUSES.includes(status)) {
      throw httpError(HttpErrorCode.InvalidRequest, `"status" must be one of ${STATUSES.join(', ')}`, {
        field: 'status',
      });
    }
    const workflowName = c.req.query('workflow_name') || undefined;
    const cursor = c.req.query('cursor') || undefined;
    if (cursor !== undefined && cursor.length > 200) {
      throw httpError(HttpErrorCode.InvalidRequest, '"cursor" is too long', { field: 'cursor' });
    }
    const limit = queryInteger(c.req.query('limit'), 'limit', 1, 1000);
    const page = await engine.listExecutions({
      ...(workflowName !== undefined ? { workflow_name: workflowName } : {}),
      ...(status !== undefined ? { status: status as ExecutionStatus } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
    });
    return c.json({ items: page.items.map(summary), next_cursor: page.next_cursor ?? null });
  });

  routes.get('/:id', async (c) => c.json(await engine.requireExecution(c.req.param('id'))));

  routes.post('/:id/cancel', async (c) => {
    const id = c.req.param('id');
    // Run here: stopped at once. Run by another process sharing the store: it sees the request within ~0.5 s.
    const { outcome, record, ended } = await engine.cancel(id, {
      reason: 'cancelled through the HTTP API',
      wait: true,
    });
    if (outcome === 'not_running') {
      throw httpError(HttpErrorCode.ExecutionNotRunning, `execution ${id} is not running (status ${record.status})`, {
        status: record.status,
      });
    }
    return c.json(record, ended ? 200 : 202);
  });

  routes.post('/:id/retry', async (c) => {
    const id = c.req.param('id');
    const body = await readJsonObject(c);
    const from = optionalString(body, 'from');
    const downstream = optionalBoolean(body, 'downstream');
    const started = await engine.retry(id, {
      ...(from !== undefined ? { from } : {}),
      ...(downstream !== undefined ? { downstream } : {}),
    });
    const record = await engine.getExecution(started.executionId);
    return c.json(
      { execution_id: started.executionId, status: record?.status ?? 'pending', retry_of: record?.retry_of ?? null },
      202,
      { Location: `/api/executions/${encodeURIComponent(started.executionId)}` },
    );
  });

  routes.get('/:id/events', async (c) => {
    const id = c.req.param('id');
    await engine.requireExecution(id);
    const since = queryInteger(c.req.query('since'), 'since', 0, Number.MAX_SAFE_INTEGER);
    return c.json({ items: await engine.listEvents(id, since) });
  });

  routes.get('/:id/steps/:step/logs', async (c) => {
    const id = c.req.param('id');
    const stepId = c.req.param('step');
    const record = await engine.requireExecution(id);
    if (!record.steps[stepId] && !hasStep(record.definition?.steps, stepId)) {
      throw httpError(HttpErrorCode.NotFound, `execution ${id} has no step "${stepId}"`, { step_id: stepId });
    }
    const since = queryInteger(c.req.query('since'), 'since', 0, Number.MAX_SAFE_INTEGER);
    return c.json({ execution_id: id, step_id: stepId, lines: logLines(await engine.listEvents(id, since), stepId) });
  });

  return routes;
}
