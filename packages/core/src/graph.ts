// workflowGraph(): the DAG of a workflow as nodes, edges and levels, for `skill workflow graph` and the API.
import {
  type GraphEdge,
  type GraphNode,
  type GraphStep,
  isStepOfType,
  type StepDefinition,
  type WorkflowDefinition,
  type WorkflowGraph,
} from '@skill/workflow-model';
import { computeLevels } from '@skill/workflow-scheduler';

function graphStep(step: StepDefinition): GraphStep {
  return {
    id: step.id,
    step_type: step.step_type,
    depends_on: [...step.depends_on],
    ...(step.inferred_depends_on?.length ? { inferred_depends_on: [...step.inferred_depends_on] } : {}),
    ...(step.when !== undefined ? { when: step.when } : {}),
    ...(isStepOfType(step, 'workflow') ? { workflow: step.workflow } : {}),
  };
}

/** One edge per dependency on another top-level step; `inferred` when only a reference implies it. */
function edgesOf(steps: readonly StepDefinition[]): GraphEdge[] {
  const ids = new Set(steps.map((s) => s.id));
  const edges: GraphEdge[] = [];
  for (const step of steps) {
    for (const dep of new Set(step.depends_on)) {
      if (!ids.has(dep)) continue;
      const inferred = step.inferred_depends_on?.includes(dep) ?? false;
      edges.push({ source: dep, target: step.id, ...(inferred ? { inferred: true as const } : {}) });
    }
  }
  return edges;
}

/**
 * The graph of a workflow's top-level steps (loop bodies nested in their foreach node), with the levels the
 * scheduler computes. Throws `DEPENDENCY_CYCLE` or `DUPLICATE_STEP_ID` for a definition the parser would refuse.
 *
 * @example
 * workflowGraph(definition).levels; // [['fetch'], ['parse', 'lint'], ['report']]
 */
export function workflowGraph(definition: WorkflowDefinition): WorkflowGraph {
  const levels = computeLevels(definition.steps);
  const levelOf = new Map<string, number>();
  levels.forEach((ids, level) => {
    for (const id of ids) levelOf.set(id, level);
  });
  const nodes = definition.steps.map((step): GraphNode => {
    const { when, ...rest } = graphStep(step);
    return {
      ...rest,
      level: levelOf.get(step.id) ?? 0,
      ...(when !== undefined ? { when } : {}),
      ...(isStepOfType(step, 'foreach') ? { loop: step.loop.map(graphStep) } : {}),
    };
  });
  return { levels, nodes, edges: edgesOf(definition.steps) };
}
