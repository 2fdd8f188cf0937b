// The precomputed shape of a step DAG (indexes, dependency and dependent lists, in-degrees) and its levels.
import { ErrorCode, type StepDefinition, WorkflowError } from '@skill/workflow-model';

/** A DAG ready to run many times: built once per step list, shared by every run of it (every foreach iteration). */
export interface GraphPlan {
  readonly steps: readonly StepDefinition[];
  readonly index: ReadonlyMap<string, number>;
  /** Indexes of each step's dependencies inside this graph (ids outside it are ignored). */
  readonly deps: readonly (readonly number[])[];
  /** Indexes of the steps that depend on each step, in definition order. */
  readonly dependents: readonly (readonly number[])[];
  readonly indegree: Int32Array;
}

const NO_EDGES: readonly number[] = Object.freeze([]);

/** Builds the plan; throws `DUPLICATE_STEP_ID` or `DEPENDENCY_CYCLE` (naming the cycle). */
export function buildGraphPlan(steps: readonly StepDefinition[]): GraphPlan {
  const n = steps.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = (steps[i] as StepDefinition).id;
    if (index.has(id)) {
      throw new WorkflowError(ErrorCode.DuplicateStepId, `duplicate step id "${id}"`, { stepId: id, retryable: false });
    }
    index.set(id, i);
  }
  const deps: (readonly number[])[] = new Array(n);
  const dependents: number[][] = new Array(n);
  const indegree = new Int32Array(n);
  for (let i = 0; i < n; i++) dependents[i] = [];
  for (let i = 0; i < n; i++) {
    const dependsOn = (steps[i] as StepDefinition).depends_on;
    if (!dependsOn || dependsOn.length === 0) {
      deps[i] = NO_EDGES;
      continue;
    }
    const list: number[] = [];
    for (const id of dependsOn) {
      const d = index.get(id);
      if (d === undefined) continue;
      list.push(d);
      (dependents[d] as number[]).push(i);
    }
    deps[i] = list;
    indegree[i] = list.length;
  }
  const plan: GraphPlan = { steps, index, deps, dependents, indegree };
  topologicalLevels(plan);
  return plan;
}

/** Level of every step (0 for steps without dependencies); throws `DEPENDENCY_CYCLE`. */
function topologicalLevels(plan: GraphPlan): Int32Array {
  const n = plan.steps.length;
  const remaining = plan.indegree.slice();
  const level = new Int32Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) if (remaining[i] === 0) queue[tail++] = i;
  for (let head = 0; head < tail; head++) {
    const i = queue[head] as number;
    for (const d of plan.dependents[i] as readonly number[]) {
      if ((level[d] as number) < (level[i] as number) + 1) level[d] = (level[i] as number) + 1;
      remaining[d] = (remaining[d] as number) - 1;
      if (remaining[d] === 0) queue[tail++] = d;
    }
  }
  if (tail < n) throw cycleError(plan, remaining);
  return level;
}

function cycleError(plan: GraphPlan, remaining: Int32Array): WorkflowError {
  // Every step left has an unfinished dependency that is also left: walk them until one repeats.
  let current = remaining.findIndex((r) => r > 0);
  const seen = new Map<number, number>();
  const path: number[] = [];
  for (let guard = 0; guard <= plan.steps.length && !seen.has(current); guard++) {
    seen.set(current, path.length);
    path.push(current);
    const next = (plan.deps[current] as readonly number[]).find((d) => (remaining[d] as number) > 0);
    if (next === undefined) break;
    current = next;
  }
  const start = seen.get(current) ?? 0;
  const cycle = path.slice(start).map((i) => (plan.steps[i] as StepDefinition).id);
  cycle.reverse();
  cycle.push(cycle[0] as string);
  return new WorkflowError(ErrorCode.DependencyCycle, `dependency cycle: ${cycle.join(' -> ')}`, {
    stepId: cycle[0],
    retryable: false,
  });
}

/**
 * Groups step ids by topological level: level 0 has no dependencies, level k depends on level k-1 at most.
 * Dependencies on unknown ids are ignored; throws `DUPLICATE_STEP_ID` or `DEPENDENCY_CYCLE`.
 *
 * @example
 * computeLevels(steps); // [['fetch'], ['parse', 'lint'], ['report']]
 */
export function computeLevels(steps: readonly StepDefinition[]): string[][] {
  const plan = buildGraphPlan(steps);
  const level = topologicalLevels(plan);
  const levels: string[][] = [];
  for (let i = 0; i < steps.length; i++) {
    const l = level[i] as number;
    while (levels.length <= l) levels.push([]);
    (levels[l] as string[]).push((steps[i] as StepDefinition).id);
  }
  return levels;
}
