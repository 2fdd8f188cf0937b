// layoutLevels(): collapsed levels become one node, edges attach to it once; open levels wrap at 40 columns.
import type { WorkflowGraph } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { COLUMN_WIDTH, layoutLevels, layoutSteps, levelNodeId, ROW_HEIGHT } from './layout.js';

/** Three levels of 50 steps, as the API serves them; step i of a level depends on steps i and i+1 of the level above. */
function threeLevels(): WorkflowGraph {
  const id = (level: number, i: number) => `l${level}s${i}`;
  const graph: WorkflowGraph = { levels: [], nodes: [], edges: [] };
  for (let level = 0; level < 3; level += 1) {
    graph.levels.push([]);
    for (let i = 0; i < 50; i += 1) {
      const deps = level === 0 ? [] : [id(level - 1, i), id(level - 1, (i + 1) % 50)];
      graph.levels[level]?.push(id(level, i));
      graph.nodes.push({ id: id(level, i), step_type: 'command', depends_on: deps, level });
      for (const dep of deps) graph.edges.push({ source: dep, target: id(level, i) });
    }
  }
  return graph;
}

describe('layoutLevels', () => {
  it('draws every collapsed level as one node with one edge between neighbours', () => {
    const layout = layoutLevels(threeLevels(), [false, false, false]);
    expect(layout.nodes.map((n) => [n.kind, n.id, n.y])).toEqual([
      ['level', 'level:1', 0],
      ['level', 'level:2', ROW_HEIGHT],
      ['level', 'level:3', 2 * ROW_HEIGHT],
    ]);
    expect(layout.edges.map((e) => e.id)).toEqual(['level:1->level:2', 'level:2->level:3']);
  });

  it('draws an open level step by step, wrapped at 40 columns, with a header and edges to its neighbours', () => {
    const layout = layoutLevels(threeLevels(), [false, true, false]);
    const steps = layout.nodes.filter((n) => n.kind === 'step');
    expect(steps).toHaveLength(50);
    expect(steps.filter((n) => n.y === ROW_HEIGHT)).toHaveLength(40);
    expect(steps.filter((n) => n.y === 2 * ROW_HEIGHT)).toHaveLength(10);
    const header = layout.nodes.find((n) => n.id === levelNodeId(1));
    expect(header).toMatchObject({ kind: 'level', expanded: true });
    expect(header?.x).toBeLessThan(0);
    // Level 3 moves down one row for the wrapped second row of level 2.
    expect(layout.nodes.find((n) => n.id === 'level:3')?.y).toBe(3 * ROW_HEIGHT);
    // 50 edges in from level 1 (deduplicated from 100 dependencies), 50 out to level 3.
    expect(layout.edges.filter((e) => e.source === 'level:1')).toHaveLength(50);
    expect(layout.edges.filter((e) => e.target === 'level:3')).toHaveLength(50);
    expect(new Set(layout.edges.map((e) => e.id)).size).toBe(layout.edges.length);
  });
});

describe('layoutSteps', () => {
  it("draws the graph's edges, an inferred dependency marked, each pair once (a listed one wins)", () => {
    const graph: WorkflowGraph = {
      levels: [['a'], ['b'], ['c']],
      nodes: [
        { id: 'a', step_type: 'command', depends_on: [], level: 0 },
        { id: 'b', step_type: 'command', depends_on: ['a'], level: 1 },
        { id: 'c', step_type: 'command', depends_on: ['b', 'a'], inferred_depends_on: ['a'], level: 2 },
      ],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'a', target: 'c', inferred: true },
      ],
    };
    const layout = layoutSteps(graph);
    expect(layout.edges).toEqual([
      { id: 'a->b', source: 'a', target: 'b' },
      { id: 'b->c', source: 'b', target: 'c' },
      { id: 'a->c', source: 'a', target: 'c', inferred: true },
    ]);
    const y = (id: string) => layout.nodes.find((n) => n.id === id)?.y ?? Number.NaN;
    expect(y('a')).toBeLessThan(y('b'));
    expect(y('b')).toBeLessThan(y('c'));
  });
});

describe('layoutSteps rows', () => {
  it('puts the steps of one level on one row, a column apart at least, whatever dagre ranks them', () => {
    // The quickstart's shape: `flaky` has no dependency but only `report` needs it, two levels below.
    const graph: WorkflowGraph = {
      levels: [['config', 'quality', 'flaky'], ['deploy'], ['report']],
      nodes: [
        { id: 'config', step_type: 'command', depends_on: [], level: 0 },
        { id: 'quality', step_type: 'command', depends_on: [], level: 0 },
        { id: 'flaky', step_type: 'command', depends_on: [], level: 0 },
        { id: 'deploy', step_type: 'foreach', depends_on: ['config', 'quality'], level: 1 },
        { id: 'report', step_type: 'command', depends_on: ['deploy', 'flaky'], level: 2 },
      ],
      edges: [
        { source: 'config', target: 'deploy' },
        { source: 'quality', target: 'deploy' },
        { source: 'deploy', target: 'report' },
        { source: 'flaky', target: 'report' },
      ],
    };
    const { nodes } = layoutSteps(graph);
    const at = (id: string) => nodes.find((n) => n.id === id) ?? { x: Number.NaN, y: Number.NaN };
    expect(['config', 'quality', 'flaky'].map((id) => at(id).y)).toEqual([0, 0, 0]);
    expect(at('deploy').y).toBe(ROW_HEIGHT);
    expect(at('report').y).toBe(2 * ROW_HEIGHT);
    const xs = ['config', 'quality', 'flaky'].map((id) => at(id).x).sort((a, b) => a - b);
    expect((xs[1] ?? 0) - (xs[0] ?? 0)).toBeGreaterThanOrEqual(COLUMN_WIDTH);
    expect((xs[2] ?? 0) - (xs[1] ?? 0)).toBeGreaterThanOrEqual(COLUMN_WIDTH);
  });
});
