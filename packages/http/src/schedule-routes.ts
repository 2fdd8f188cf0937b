// GET /api/schedules and POST /api/schedules/:workflow/:index/pause|resume: the [[triggers]] schedules of the
// project's workflows, their next fire times and latest ticks; pauses are kept in the store for every server.
import { type Engine, listSchedules, setSchedulePaused } from '@skill/workflow-core';
import { Hono } from 'hono';
import { HttpErrorCode, httpError } from './http-errors.js';
import { checkWorkflowName } from './request-input.js';

/** The most triggers a workflow may declare (the JSON Schema's `maxItems`). */
const MAX_TRIGGER_INDEX = 31;

function triggerIndex(text: string): number {
  const index = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
  if (!(index >= 0 && index <= MAX_TRIGGER_INDEX)) {
    throw httpError(
      HttpErrorCode.InvalidRequest,
      `invalid trigger index ${JSON.stringify(text)}: use 0 to ${MAX_TRIGGER_INDEX}`,
      {
        field: 'index',
      },
    );
  }
  return index;
}

/** The schedule routes, relative to `/api/schedules`. */
export function scheduleRoutes(engine: Engine): Hono {
  const routes = new Hono();
  routes.get('/', async (c) => c.json({ items: await listSchedules(engine) }));
  for (const action of ['pause', 'resume'] as const) {
    routes.post(`/:workflow/:index/${action}`, async (c) => {
      const key = {
        workflow_name: checkWorkflowName(c.req.param('workflow'), 'workflow'),
        trigger_index: triggerIndex(c.req.param('index')),
      };
      return c.json(await setSchedulePaused(engine, key, action === 'pause'));
    });
  }
  return routes;
}
