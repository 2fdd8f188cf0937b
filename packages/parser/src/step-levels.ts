// The raw steps of a document gathered for the graph checks: each with its level (the top level, or one foreach's
// loop), the first step of each id, and the repeats.
import { isJsonObject } from '@skill/workflow-model';

/** Names the roots of the `{ref}`s in a raw step's own fields and `when` (not its loop's steps). */
export type StepReferences = (raw: Readonly<Record<string, unknown>>) => Iterable<string>;

const NONE: readonly never[] = Object.freeze([]);
/** The `inferred` of every step until one is inferred (then the step gets its own list); never written to. */
export const NO_INFERRED: string[] = [];

export interface RawStep {
  id: string | undefined;
  dependsOn: readonly unknown[];
  /** Roots the step's templates and `when` reference (step ids among them imply an order). */
  references: readonly string[];
  /** Sibling ids this step must run after because it (or one of its loop steps) references them. */
  inferred: string[];
  /** The step's index in its list (`steps`, or its foreach's `loop`); see {@link pathOf}. */
  index: number;
  /** The step's index among the steps of its level (entries that are not tables are not steps). */
  position: number;
  /** The level the step is in. */
  level: Level;
  /** Id of the foreach step this step is a loop step of. */
  parent: string | undefined;
  /** The foreach step this step is a loop step of. */
  parentStep: RawStep | undefined;
}

/** The steps of one level (the top level, or one foreach's loop); see {@link siblingOf} for its ids. */
export interface Level {
  steps: RawStep[];
  /** The first step of each id in this level whose first step in the file is in another level (rare). */
  ownFirsts: Map<string, RawStep> | undefined;
}

/** The key path of a step, e.g. `['steps', 2, 'loop', 0]` (built when a diagnostic needs it). */
export function pathOf(step: RawStep): (string | number)[] {
  return step.parentStep ? [...pathOf(step.parentStep), 'loop', step.index] : ['steps', step.index];
}

/** What {@link collect} builds. */
export interface Collected {
  /** Every step in file order. */
  all: RawStep[];
  /** The levels, in the order their first step comes. */
  levels: Level[];
  /** The first step of each id in the file. */
  firstById: Map<string, RawStep>;
  /** Steps whose id an earlier step has, in file order, each with that earlier step. */
  duplicates: [step: RawStep, earlier: RawStep][];
}

/** The first step of `level` with id `id` (one lookup in the usual case of unique ids). */
export function siblingOf(level: Level, id: string, firstById: ReadonlyMap<string, RawStep>): RawStep | undefined {
  const first = firstById.get(id);
  if (first === undefined || first.level === level) return first;
  return level.ownFirsts?.get(id);
}

/** Records `step` (of `level`) under its id: the first in the file, or a duplicate (then maybe the first of its level). */
function recordId(step: RawStep, id: string, level: Level, out: Collected): void {
  const earlier = out.firstById.get(id);
  if (earlier === undefined) {
    out.firstById.set(id, step);
    return;
  }
  out.duplicates.push([step, earlier]);
  if (earlier.level === level) return;
  level.ownFirsts ??= new Map();
  if (!level.ownFirsts.has(id)) level.ownFirsts.set(id, step);
}

/**
 * Collects the steps of `list` (a level: `steps`, or the loop of `parentStep`) and, right after each foreach,
 * its loop steps: file order, as `walkStepTree` visits them. Entries that are not tables are not steps (their
 * index still counts). Recursive: the nesting depth was checked before (workflow-limits.ts).
 */
function collectLevel(
  list: readonly unknown[],
  parentStep: RawStep | undefined,
  references: StepReferences | undefined,
  out: Collected,
): void {
  let level: Level | undefined;
  const parent = parentStep?.id ?? parentStep?.parent;
  for (let index = 0; index < list.length; index++) {
    const raw = list[index];
    if (!isJsonObject(raw)) continue;
    const found = references ? references(raw) : NONE;
    const roots = Array.isArray(found) ? (found as string[]) : [...found];
    if (level === undefined) {
      level = { steps: [], ownFirsts: undefined };
      out.levels.push(level);
    }
    const id = typeof raw.id === 'string' ? raw.id : undefined;
    const dependsOn = raw.depends_on;
    const step: RawStep = {
      id,
      dependsOn: Array.isArray(dependsOn) ? dependsOn : NONE,
      references: roots.length > 1 ? [...new Set(roots)] : roots,
      inferred: NO_INFERRED,
      index,
      position: level.steps.length,
      level,
      parent,
      parentStep,
    };
    out.all.push(step);
    if (id !== undefined) out.firstById.set(id, step); // the last step of each id for now: see collect

    level.steps.push(step);
    const loop = raw.loop;
    if (Array.isArray(loop)) collectLevel(loop, step, references, out); // only a foreach is ever a parent
  }
}

/**
 * Collects the steps, loop steps included, in file order, and the levels (the top level, each loop) they form.
 * Ids are first mapped in one pass (one lookup per step); only when some id repeats are they mapped again, the
 * first step of each id winning and the repeats listed.
 */
export function collect(steps: unknown, references: StepReferences | undefined): Collected {
  const out: Collected = { all: [], levels: [], firstById: new Map(), duplicates: [] };
  if (Array.isArray(steps)) collectLevel(steps, undefined, references, out);
  let withIds = 0;
  for (const step of out.all) if (step.id !== undefined) withIds++;
  if (out.firstById.size !== withIds) {
    out.firstById.clear();
    for (const step of out.all) if (step.id !== undefined) recordId(step, step.id, step.level, out);
  }
  return out;
}

/** The edges of a level as positions: those of step `i` are `targets[starts[i]]` up to `targets[starts[i + 1]]`. */
export interface LevelEdges {
  starts: Int32Array;
  targets: number[];
}
