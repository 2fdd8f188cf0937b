// The step graph served by the API: `graph` of GET /api/workflows/:name and GET /api/executions/:id/graph.
import { workflowFixtures } from '@skill/test-kit';
import { describe, expect, it } from 'vitest';
import { httpWorkflows, useHttpFixture } from '../test/http-fixture.js';

/** The graph of `test/workflows/fanout.toml`: `report` uses fetch's output without listing it (inferred). */
const EXPECTED_GRAPH = {
  levels: [['fetch'], ['parse', 'each'], ['report']],
  nodes: [
    { id: 'fetch', step_type: 'command', depends_on: [], level: 0 },
    { id: 'parse', step_type: 'command', depends_on: ['fetch'], level: 1 },
    {
      id: 'report',
      step_type: 'command',
      depends_on: ['parse', 'fetch'],
      inferred_depends_on: ['fetch'],
      level: 2,
    },
    {
      id: 'each',
      step_type: 'foreach',
      depends_on: ['fetch'],
      level: 1,
      loop: [{ id: 'inner', step_type: 'command', depends_on: [] }],
    },
  ],
  edges: [
    { source: 'fetch', target: 'parse' },
    { source: 'parse', target: 'report' },
    { source: 'fetch', target: 'report', inferred: true },
    { source: 'fetch', target: 'each' },
  ],
};

describe('graph routes', () => {
  const fx = useHttpFixture({ ...httpWorkflows('fanout'), ...workflowFixtures('broken') });

  it('GET /api/workflows/:name carries the graph: nodes, declared and inferred edges, the scheduler levels', async () => {
    const reply = await fx().api('/api/workflows/fanout');
    expect(reply.status).toBe(200);
    expect(reply.body.graph).toEqual(EXPECTED_GRAPH);
  });

  it('GET /api/workflows/:name has a null graph for an invalid workflow', async () => {
    const reply = await fx().api('/api/workflows/broken');
    expect(reply.status).toBe(200);
    expect(reply.body.graph).toBeNull();
  });

  it("GET /api/executions/:id/graph is the graph of the execution's definition snapshot", async () => {
    const record = await fx().engine.run('fanout');
    const reply = await fx().api(`/api/executions/${record.id}/graph`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(EXPECTED_GRAPH);
  });

  it('GET /api/executions/:id/graph answers 404 for an unknown execution', async () => {
    const reply = await fx().api('/api/executions/nope/graph');
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('EXECUTION_NOT_FOUND');
  });
});
