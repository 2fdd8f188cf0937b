// POST /api/hooks/:workflow: webhook triggers. Not behind the server's token (callers such as GitHub cannot send
// it): each call is checked against the workflow's own signature secret or token instead (see receiveWebhook).
import { type Engine, receiveWebhook } from '@skill/workflow-core';
import { Hono } from 'hono';
import { checkWorkflowName } from './request-input.js';

/** The path prefix of webhook routes, which the access guard lets through without the server's token. */
export const HOOKS_PREFIX = '/api/hooks/';

/** The webhook routes, relative to `/api/hooks`. */
export function hookRoutes(engine: Engine): Hono {
  const routes = new Hono();
  routes.post('/:workflow', async (c) => {
    const workflow = checkWorkflowName(c.req.param('workflow'), 'workflow');
    const body = new Uint8Array(await c.req.arrayBuffer());
    const answer = await receiveWebhook(engine, { workflow, header: (name) => c.req.header(name), body });
    if (answer.status === 202) return c.json({ execution_id: answer.execution_id, status: 'pending' }, 202);
    if (answer.status === 401) c.header('WWW-Authenticate', 'Bearer');
    return c.json({ error: { code: answer.code, message: answer.message } }, answer.status);
  });
  return routes;
}
