// workflowGraph(): the DAG of a workflow as levels and nodes, for `skill workflow graph` and the dashboard.
import { isStepOfType, type StepDefinition, type WorkflowDefinition } from '@skill/workflow-model';
import { computeLevels } from '@skill/workflow-scheduler';

/** One node of {@link WorkflowGraph}. */
export interface GraphNode {
  id: string;
  step_type: string;
  /** Every dependency, those implied by references included. */
  depends_on: string[];
  /** The dependencies implied by references (drawn as inferred edges). */
  inferred_depends_on?: string[];
  when?: string;
  level: number;
  /** The loop body of a foreach step. */
  loop?: Array<{ id: string; step_type: string; depends_on: string[]; inferred_depends_on?: string[]; when?: string }>;
}

function inferredOf(step: StepDefinition): { inferred_depends_on?: string[] } {
  return step.inferred_depends_on?.length ? { inferred_depends_on: [...step.inferred_depends_on] } : {};
}

/** Steps grouped in topological levels (steps of one level can run at once). */
export interface WorkflowGraph {
  levels: string[][];
  nodes: GraphNode[];
}

/** Computes the graph of a workflow's top-level steps (loop bodies nested in their foreach node). */
export function workflowGraph(definition: WorkflowDefinition): WorkflowGraph {
  const levels = computeLevels(definition.steps);
  const levelOf = new Map<string, number>();
  levels.forEach((ids, level) => {
    for (const id of ids) levelOf.set(id, level);
  });
  const nodes = definition.steps.map((step): GraphNode => {
    const node: GraphNode = {
      id: step.id,
      step_type: step.step_type,
      depends_on: [...step.depends_on],
      ...inferredOf(step),
      level: levelOf.get(step.id) ?? 0,
      ...(step.when !== undefined ? { when: step.when } : {}),
    };
    if (isStepOfType(step, 'foreach')) {
      node.loop = step.loop.map((s) => ({
        id: s.id,
        step_type: s.step_type,
        depends_on: [...s.depends_on],
        ...inferredOf(s),
        ...(s.when !== undefined ? { when: s.when } : {}),
      }));
    }
    return node;
  });
  return { levels, nodes };
}
