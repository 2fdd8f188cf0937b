// The step graph of a workflow as the API serves it (`graph` of GET /api/workflows/:name): nodes, edges, levels.

/** A step of the graph: a top-level step or a step of a foreach loop body. */
export interface GraphStep {
  id: string;
  step_type: string;
  /** Every dependency, those implied by references included. */
  depends_on: string[];
  /** The dependencies implied by references (`{fetch.output}` without `depends_on = ["fetch"]`). */
  inferred_depends_on?: string[];
  when?: string;
  /** A `workflow` step's child workflow. */
  workflow?: string;
}

/** A top-level step of the graph, with its level and, for a foreach step, its loop body. */
export interface GraphNode extends GraphStep {
  /** 0-based topological level, as the scheduler computes it (0: no dependencies). */
  level: number;
  /** The loop body of a foreach step. */
  loop?: GraphStep[];
}

/** One dependency between top-level steps: `target` depends on `source`. */
export interface GraphEdge {
  source: string;
  target: string;
  /** The dependency is implied by a reference, not listed in `depends_on`. */
  inferred?: true;
}

/** A workflow's top-level steps, their dependency edges and their topological levels (steps of one level can run at once). */
export interface WorkflowGraph {
  /** Step ids by level: index 0 holds the steps without dependencies. */
  levels: string[][];
  /** The top-level steps in definition order. */
  nodes: GraphNode[];
  /** One edge per dependency, in node order. */
  edges: GraphEdge[];
}
