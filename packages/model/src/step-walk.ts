// The one walk over a workflow's steps that enters foreach loops: file order, with key path and enclosing steps.
import { isStepOfType, type StepDefinition } from './workflow.js';

/** A key path inside a workflow document, e.g. `['steps', 2, 'loop', 0]`. */
export type StepPath = readonly (string | number)[];

/** One step met by a walk. */
export interface WalkedStep<S> {
  step: S;
  /** Where the step is: `['steps', 2]`, or `['steps', 2, 'loop', 0]` for a loop step. */
  path: StepPath;
  /** The enclosing foreach steps, outermost first (empty at the top level); its length is the loop depth. */
  ancestors: readonly S[];
  /** The innermost enclosing foreach step, if any. */
  parent: S | undefined;
}

/** How {@link walkStepTree} reads a step tree that has not been validated yet. */
export interface StepTreeShape<S> {
  /** True for the list entries that are steps (others are skipped, their index still counts). */
  isStep(value: unknown): value is S;
  /** The loop list of a step (not necessarily an array), or undefined when it has none. */
  loopOf(step: S): unknown;
}

/**
 * Visits every step of a step tree in file order, each before its loop steps (pre-order), with its
 * key path; `steps` that is not an array has no steps. Iterative: deep nesting cannot overflow the stack.
 */
export function* walkStepTree<S>(
  steps: unknown,
  shape: StepTreeShape<S>,
  root: StepPath = ['steps'],
): Generator<WalkedStep<S>> {
  type Pending = { list: readonly unknown[]; index: number; path: StepPath; ancestors: readonly S[] };
  const stack: Pending[] = Array.isArray(steps) ? [{ list: steps, index: 0, path: root, ancestors: [] }] : [];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Pending;
    if (top.index >= top.list.length) {
      stack.pop();
      continue;
    }
    const index = top.index++;
    const value = top.list[index];
    if (!shape.isStep(value)) continue;
    const path = [...top.path, index];
    yield { step: value, path, ancestors: top.ancestors, parent: top.ancestors[top.ancestors.length - 1] };
    const loop = shape.loopOf(value);
    if (Array.isArray(loop))
      stack.push({ list: loop, index: 0, path: [...path, 'loop'], ancestors: [...top.ancestors, value] });
  }
}

const DEFINITION_SHAPE: StepTreeShape<StepDefinition> = {
  isStep: (value): value is StepDefinition => typeof value === 'object' && value !== null,
  loopOf: (step) => (isStepOfType(step, 'foreach') ? step.loop : undefined),
};

/**
 * Visits every step of a workflow, loop steps included, in file order (each foreach before its loop steps).
 *
 * @example
 * const ids = [...walkSteps(definition.steps)].map(({ step }) => step.id);
 * for (const { step, parent } of walkSteps(definition.steps)) if (parent) console.log(`${step.id} is in ${parent.id}`);
 */
export function walkSteps(steps: readonly StepDefinition[]): Generator<WalkedStep<StepDefinition>> {
  return walkStepTree(steps, DEFINITION_SHAPE);
}
