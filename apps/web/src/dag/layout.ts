// Lays out a workflow's graph (as the API serves it) top-down: dagre for ordinary graphs; for large ones a level
// grid where a level can be collapsed into one summary node.
import dagre from '@dagrejs/dagre';
import type { GraphEdge, GraphNode, WorkflowGraph } from '@skill/workflow-model';

/** Width and height of a step node, in pixels. */
export const NODE_SIZE = { width: 200, height: 72 } as const;
/** Above this many steps dagre's crossing minimisation takes seconds: the level grid is used instead. */
export const DAGRE_MAX_STEPS = 250;
const GAP = { x: 32, y: 48 } as const;
const GRID_COLUMNS = 40;
/** Width of one grid column (a step and the gap after it), in pixels. */
export const COLUMN_WIDTH = NODE_SIZE.width + GAP.x;
/** Height of one grid row, in pixels. */
export const ROW_HEIGHT = NODE_SIZE.height + GAP.y;
/** A collapsed level: one node two columns wide. */
export const LEVEL_SUMMARY_SIZE = { width: 2 * COLUMN_WIDTH - GAP.x, height: NODE_SIZE.height } as const;
/** The "collapse" label left of an open level's first row. */
export const LEVEL_HEADER_SIZE = { width: 150, height: 32 } as const;

/** A positioned node: a step, or a level (collapsed: its summary; open: its header). */
export type LaidOutNode =
  | { kind: 'step'; id: string; x: number; y: number; step: GraphNode }
  | { kind: 'level'; id: string; x: number; y: number; level: number; expanded: boolean };

/** Positioned nodes (top-left corners) and the dependency edges between them. */
export interface DagLayout {
  nodes: LaidOutNode[];
  /** `inferred`: the dependency is implied by a reference, not listed in `depends_on`. */
  edges: { id: string; source: string; target: string; inferred?: boolean }[];
}

/** The node id of level `level` (0-based index). */
export const levelNodeId = (level: number) => `level:${level + 1}`;

/** The graph's edges drawn between the nodes that stand for their ends (`nodeOf`), each pair once. */
function edgesOf(graphEdges: readonly GraphEdge[], nodeOf: (stepId: string) => string | undefined): DagLayout['edges'] {
  const edges = new Map<string, DagLayout['edges'][number]>();
  for (const edge of graphEdges) {
    const source = nodeOf(edge.source);
    const target = nodeOf(edge.target);
    if (source === undefined || target === undefined || source === target) continue;
    const id = `${source}->${target}`;
    const known = edges.get(id);
    if (!known) edges.set(id, { id, source, target, ...(edge.inferred ? { inferred: true } : {}) });
    else if (!edge.inferred && known.inferred) delete known.inferred; // a listed dependency wins
  }
  return [...edges.values()];
}

/** The graph's nodes by level (index 0: no dependencies), as the server computed the levels. */
function nodesByLevel(graph: WorkflowGraph): GraphNode[][] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return graph.levels.map((ids) => ids.flatMap((id) => byId.get(id) ?? []));
}

/**
 * The level grid: one row per level (a level wider than GRID_COLUMNS wraps), left-aligned; a collapsed level
 * is a single summary node and edges to or from its steps attach to it. O(steps + edges).
 */
export function layoutLevels(graph: WorkflowGraph, expanded: readonly boolean[]): DagLayout {
  const levels = nodesByLevel(graph);
  const nodes: LaidOutNode[] = [];
  const nodeOfStep = new Map<string, string>();
  let row = 0;
  levels.forEach((level, index) => {
    const y = row * ROW_HEIGHT;
    const id = levelNodeId(index);
    if (!expanded[index]) {
      nodes.push({ kind: 'level', id, x: 0, y, level: index + 1, expanded: false });
      for (const step of level) nodeOfStep.set(step.id, id);
      row += 1;
      return;
    }
    const headerY = y + (NODE_SIZE.height - LEVEL_HEADER_SIZE.height) / 2;
    nodes.push({
      kind: 'level',
      id,
      x: -(LEVEL_HEADER_SIZE.width + GAP.x),
      y: headerY,
      level: index + 1,
      expanded: true,
    });
    level.forEach((step, i) => {
      const x = (i % GRID_COLUMNS) * COLUMN_WIDTH;
      nodes.push({ kind: 'step', id: step.id, x, y: y + Math.floor(i / GRID_COLUMNS) * ROW_HEIGHT, step });
      nodeOfStep.set(step.id, step.id);
    });
    row += Math.ceil(level.length / GRID_COLUMNS);
  });
  return { nodes, edges: edgesOf(graph.edges, (id) => nodeOfStep.get(id)) };
}

/**
 * Rows from the server's levels: steps that can start together share a row (dagre would sink a step without
 * dependencies towards its dependents). Within a row dagre's order is kept, each step at least a column from the
 * previous one.
 */
function onLevelRows(graph: WorkflowGraph, xOf: (id: string) => number): Map<string, { x: number; y: number }> {
  const rows = new Map<number, string[]>();
  graph.levels.forEach((ids, level) => {
    rows.set(level, [...ids]);
  });
  const known = new Set(graph.levels.flat());
  for (const node of graph.nodes)
    if (!known.has(node.id)) rows.set(node.level, [...(rows.get(node.level) ?? []), node.id]);
  const placed = new Map<string, { x: number; y: number }>();
  for (const [level, ids] of rows) {
    let previous = Number.NEGATIVE_INFINITY;
    for (const id of [...ids].sort((a, b) => xOf(a) - xOf(b))) {
      const x = Math.max(xOf(id), previous + COLUMN_WIDTH);
      placed.set(id, { x, y: level * ROW_HEIGHT });
      previous = x;
    }
  }
  return placed;
}

/** Positions the graph's steps with dagre, on the rows of their levels, so that each step sits below what it depends on. */
export function layoutSteps(graph: WorkflowGraph): DagLayout {
  const dagreGraph = new dagre.graphlib.Graph();
  dagreGraph.setGraph({ rankdir: 'TB', nodesep: GAP.x, ranksep: GAP.y });
  dagreGraph.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) dagreGraph.setNode(node.id, { width: NODE_SIZE.width, height: NODE_SIZE.height });
  const ids = new Set(graph.nodes.map((n) => n.id));
  const edges = edgesOf(graph.edges, (id) => (ids.has(id) ? id : undefined));
  for (const edge of edges) dagreGraph.setEdge(edge.source, edge.target);
  dagre.layout(dagreGraph);
  const xOf = (id: string) => ((dagreGraph.node(id) as { x: number } | undefined)?.x ?? 0) - NODE_SIZE.width / 2;
  const rows = onLevelRows(graph, xOf);
  const nodes = graph.nodes.map((step): LaidOutNode => {
    const placed = rows.get(step.id) ?? { x: xOf(step.id), y: step.level * ROW_HEIGHT };
    return { kind: 'step', id: step.id, x: placed.x, y: placed.y, step };
  });
  return { nodes, edges };
}
