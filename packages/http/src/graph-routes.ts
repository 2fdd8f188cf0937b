// GET /api/executions/:id/graph: the step graph of an execution's definition snapshot (core's workflowGraph).
import { type Engine, workflowGraph } from '@skill/workflow-core';
import { WorkflowError, type WorkflowGraph } from '@skill/workflow-model';
import { Hono } from 'hono';

const EMPTY_GRAPH: WorkflowGraph = { levels: [], nodes: [], edges: [] };

/** The graph route of executions, relative to `/api/executions`; an execution without a snapshot has an empty graph. */
export function executionGraphRoutes(engine: Engine): Hono {
  const routes = new Hono();
  routes.get('/:id/graph', async (c) => {
    const id = c.req.param('id');
    const record = await engine.getExecution(id);
    if (!record) throw new WorkflowError('EXECUTION_NOT_FOUND', `execution ${id} not found`);
    return c.json(record.definition ? workflowGraph(record.definition) : EMPTY_GRAPH);
  });
  return routes;
}
