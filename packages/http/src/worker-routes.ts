// GET /api/workers: the live `skill worker`s of the server's queue (name, labels, running steps, last heartbeat).
import type { Engine } from '@skill/workflow-core';
import { Hono } from 'hono';

/** The worker routes, relative to `/api/workers`; empty when steps run in the server's own process. */
export function workerRoutes(engine: Engine): Hono {
  const routes = new Hono();
  routes.get('/', async (c) => c.json({ items: await engine.listWorkers() }));
  return routes;
}
