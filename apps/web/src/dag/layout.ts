// Lays out a workflow's steps top-down: dagre for ordinary graphs, a linear level grid for large ones.
import dagre from '@dagrejs/dagre';
import type { StepDefinition } from '@skill/workflow-model';

/** Width and height of a step node, in pixels. */
export const NODE_SIZE = { width: 200, height: 72 } as const;
/** Above this many steps dagre's crossing minimisation takes seconds: the level grid is used instead. */
export const DAGRE_MAX_STEPS = 250;
const GAP = { x: 32, y: 48 } as const;
const GRID_COLUMNS = 40;

/** A positioned step and the dependency edges. */
export interface DagLayout {
  nodes: { id: string; x: number; y: number; step: StepDefinition }[];
  edges: { id: string; source: string; target: string }[];
}

function edgesOf(steps: StepDefinition[]): DagLayout['edges'] {
  const ids = new Set(steps.map((s) => s.id));
  return steps.flatMap((step) =>
    step.depends_on
      .filter((dep) => ids.has(dep))
      .map((dep) => ({ id: `${dep}->${step.id}`, source: dep, target: step.id })),
  );
}

/** Level = 1 + the deepest dependency (steps come in dependency order or not; cycles were refused by the parser). */
function levelsOf(steps: StepDefinition[]): Map<string, number> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const levels = new Map<string, number>();
  const visit = (id: string, depth: number): number => {
    const known = levels.get(id);
    if (known !== undefined) return known;
    const step = byId.get(id);
    if (!step || depth > steps.length) return 0;
    let level = 0;
    for (const dep of step.depends_on) if (byId.has(dep)) level = Math.max(level, visit(dep, depth + 1) + 1);
    levels.set(id, level);
    return level;
  };
  for (const step of steps) visit(step.id, 0);
  return levels;
}

/** Rows by level; a level wider than GRID_COLUMNS wraps onto several rows. O(steps + edges). */
function gridLayout(steps: StepDefinition[]): DagLayout {
  const levels = levelsOf(steps);
  const byLevel: StepDefinition[][] = [];
  for (const step of steps) {
    const level = levels.get(step.id) ?? 0;
    const row = byLevel[level];
    if (row) row.push(step);
    else byLevel[level] = [step];
  }
  const nodes: DagLayout['nodes'] = [];
  let row = 0;
  for (const level of byLevel) {
    if (!level) continue;
    const width = Math.min(level.length, GRID_COLUMNS);
    level.forEach((step, i) => {
      const column = i % GRID_COLUMNS;
      const offset = ((GRID_COLUMNS - width) * (NODE_SIZE.width + GAP.x)) / 2;
      nodes.push({
        id: step.id,
        x: offset + column * (NODE_SIZE.width + GAP.x),
        y: (row + Math.floor(i / GRID_COLUMNS)) * (NODE_SIZE.height + GAP.y),
        step,
      });
    });
    row += Math.ceil(level.length / GRID_COLUMNS);
  }
  return { nodes, edges: edgesOf(steps) };
}

function dagreLayout(steps: StepDefinition[]): DagLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: GAP.x, ranksep: GAP.y });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const step of steps) graph.setNode(step.id, { width: NODE_SIZE.width, height: NODE_SIZE.height });
  const edges = edgesOf(steps);
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  const nodes = steps.map((step) => {
    const placed = graph.node(step.id) as { x: number; y: number } | undefined;
    return {
      id: step.id,
      x: (placed?.x ?? 0) - NODE_SIZE.width / 2,
      y: (placed?.y ?? 0) - NODE_SIZE.height / 2,
      step,
    };
  });
  return { nodes, edges };
}

/** Positions `steps` (top-left corners) so that each step sits below what it depends on. */
export function layoutSteps(steps: StepDefinition[]): DagLayout {
  return steps.length > DAGRE_MAX_STEPS ? gridLayout(steps) : dagreLayout(steps);
}
