// Checks over the step graph of the raw document: unique ids (loop steps included), depends_on naming
// a sibling step, self-dependencies, dependencies implied by references, cycles (named).

import { quoteText } from '@skill/workflow-model';
import { checkCycles } from './dependency-cycles.js';
import type { DiagnosticSink } from './diagnostic-sink.js';
import { NameSuggester } from './did-you-mean.js';
import { formatPath } from './key-path.js';
import {
  type Collected,
  collect,
  type Level,
  type LevelEdges,
  NO_INFERRED,
  pathOf,
  type RawStep,
  type StepReferences,
  siblingOf,
} from './step-levels.js';

export type { StepReferences } from './step-levels.js';

/**
 * "References imply order": a reference to a step of the same level, or of the level of an
 * enclosing foreach, orders the referencing step (or that enclosing foreach) after it, as if the
 * target were in `depends_on`. References to steps inside another loop imply nothing (the
 * reference check reports them).
 */
function inferDependencies({ levels, firstById }: Collected): void {
  for (const level of levels) {
    for (const step of level.steps) {
      for (const root of step.references) {
        for (let at: RawStep | undefined = step; at; at = at.parentStep) {
          if (root === at.id) break; // a step's own results, or its enclosing foreach's: reported elsewhere
          if (siblingOf(at.level, root, firstById) === undefined) continue;
          if (at.dependsOn.includes(root) || at.inferred.includes(root)) break;
          if (at.inferred === NO_INFERRED) at.inferred = [root];
          else at.inferred.push(root);
          break;
        }
      }
    }
  }
}

/** Reports repeated ids (steps and loop steps share one namespace). */
function checkIds({ duplicates }: Collected, sink: DiagnosticSink): void {
  for (const [step, earlier] of duplicates) {
    const line = sink.locate([...pathOf(earlier), 'id']).line;
    sink.error(
      'DUPLICATE_STEP_ID',
      [...pathOf(step), 'id'],
      `duplicate step id ${quoteText(String(step.id))}: ${formatPath(pathOf(earlier))} (line ${line}) already uses it`,
      'step ids must be unique in the whole file, loop steps included',
    );
  }
}

/** The ids of a level, each once, in file order (what "did you mean" picks from). */
function levelIds(level: Level, firstById: ReadonlyMap<string, RawStep>): string[] {
  const ids: string[] = [];
  for (const step of level.steps) {
    if (step.id !== undefined && siblingOf(level, step.id, firstById) === step) ids.push(step.id);
  }
  return ids;
}

/**
 * Checks that each `depends_on` of the level names another step of the level (reporting the others), and
 * returns the edges: those dependencies, then the inferred ones.
 */
function checkDependencies(level: Level, firstById: ReadonlyMap<string, RawStep>, sink: DiagnosticSink): LevelEdges {
  const steps = level.steps;
  const starts = new Int32Array(steps.length + 1);
  const targets: number[] = [];
  let suggester: NameSuggester | undefined;
  const suggest = () => {
    suggester ??= new NameSuggester(levelIds(level, firstById), { budget: sink.suggestions });
    return suggester;
  };
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as RawStep;
    starts[i] = targets.length;
    const deps = step.dependsOn;
    for (let index = 0; index < deps.length; index++) {
      const dep = deps[index];
      if (typeof dep !== 'string') continue;
      const target = dep === step.id ? undefined : siblingOf(level, dep, firstById);
      if (target !== undefined) targets.push(target.position);
      else reportDependency(step, dep, index, firstById, sink, suggest);
    }
    for (const root of step.inferred) {
      const target = siblingOf(level, root, firstById);
      if (target !== undefined) targets.push(target.position);
    }
  }
  starts[steps.length] = targets.length;
  return { starts, targets };
}
/** Reports `step`'s `depends_on[index]` = `dep`: itself, a step at another level, or no step. */
function reportDependency(
  step: RawStep,
  dep: string,
  index: number,
  firstById: ReadonlyMap<string, RawStep>,
  sink: DiagnosticSink,
  suggester: () => NameSuggester,
): void {
  const at = [...pathOf(step), 'depends_on', index];
  const who = step.id === undefined ? 'this step' : `step ${quoteText(step.id)}`;
  if (dep === step.id) {
    sink.error('DEPENDENCY_CYCLE', at, `${who} depends on itself`, `remove ${quoteText(dep)} from depends_on`);
    return;
  }
  const elsewhere = firstById.get(dep);
  if (elsewhere) {
    const scope =
      elsewhere.parent === undefined
        ? 'a top-level step'
        : `a loop step of foreach ${quoteText(String(elsewhere.parent))}`;
    const hint =
      step.parent === undefined
        ? `depend on the foreach step ${quoteText(String(elsewhere.parent))} instead`
        : `add it to depends_on of the foreach step ${quoteText(step.parent)} instead`;
    sink.error(
      'UNKNOWN_DEPENDENCY',
      at,
      `${who} depends on ${quoteText(dep)}, which is ${scope}; steps can only depend on steps at the same level`,
      hint,
    );
    return;
  }
  const suggestion = suggester().closest(dep);
  sink.error(
    'UNKNOWN_DEPENDENCY',
    at,
    `${who} depends on ${quoteText(dep)}, which does not exist`,
    suggestion ? `did you mean ${quoteText(suggestion)}?` : undefined,
  );
}

/**
 * Runs every graph check on `root.steps` (the step count was checked before, see workflow-limits.ts).
 * Returns, by step id, the dependencies implied by references that `depends_on` does not list.
 */
export function graphChecks(
  root: Readonly<Record<string, unknown>>,
  sink: DiagnosticSink,
  references?: StepReferences,
): Map<string, string[]> {
  const collected = collect(root.steps, references);
  inferDependencies(collected);
  checkIds(collected, sink);
  for (const level of collected.levels) {
    const edges = checkDependencies(level, collected.firstById, sink);
    checkCycles(level, edges, sink);
  }
  const all = collected.all;
  const inferred = new Map<string, string[]>();
  for (const step of all) if (step.id !== undefined && step.inferred.length) inferred.set(step.id, step.inferred);
  return inferred;
}
