// Checks over the step graph of the raw document: unique ids (loop steps included), depends_on naming
// a sibling step, self-dependencies, dependencies implied by references, cycles (named).

import { isJsonObject, quoteText, shortenText } from '@skill/workflow-model';
import type { DiagnosticSink } from './diagnostic-sink.js';
import { NameSuggester } from './did-you-mean.js';
import { formatPath } from './key-path.js';

/** Names the roots of the `{ref}`s in a raw step's own fields and `when` (not its loop's steps). */
export type StepReferences = (raw: Readonly<Record<string, unknown>>) => Iterable<string>;

const NONE: readonly never[] = Object.freeze([]);
/** The `inferred` of every step until one is inferred (then the step gets its own list); never written to. */
const NO_INFERRED: string[] = [];

interface RawStep {
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
interface Level {
  steps: RawStep[];
  /** The first step of each id in this level whose first step in the file is in another level (rare). */
  ownFirsts: Map<string, RawStep> | undefined;
}

/** The key path of a step, e.g. `['steps', 2, 'loop', 0]` (built when a diagnostic needs it). */
function pathOf(step: RawStep): (string | number)[] {
  return step.parentStep ? [...pathOf(step.parentStep), 'loop', step.index] : ['steps', step.index];
}

/** What {@link collect} builds. */
interface Collected {
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
function siblingOf(level: Level, id: string, firstById: ReadonlyMap<string, RawStep>): RawStep | undefined {
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
function collect(steps: unknown, references: StepReferences | undefined): Collected {
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

/** The edges of a level as positions: those of step `i` are `targets[starts[i]]` up to `targets[starts[i + 1]]`. */
interface LevelEdges {
  starts: Int32Array;
  targets: number[];
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

/** Finds dependency cycles among `level` (iterative DFS, one report per distinct cycle). */
function checkCycles({ steps: level }: Level, { starts, targets }: LevelEdges, sink: DiagnosticSink): void {
  const state = new Uint8Array(level.length); // 0 new, 1 on stack, 2 done
  // the DFS stack: a node and the index in `targets` of its next edge to follow
  const stackNode = new Int32Array(level.length);
  const stackNext = new Int32Array(level.length);
  const reported = new Set<string>();
  let more = false;
  for (let root = 0; root < level.length; root++) {
    if (state[root] !== 0) continue;
    let depth = 1;
    stackNode[0] = root;
    stackNext[0] = starts[root] as number;
    state[root] = 1;
    while (depth > 0) {
      const node = stackNode[depth - 1] as number;
      const edge = stackNext[depth - 1] as number;
      if (edge >= (starts[node + 1] as number)) {
        state[node] = 2;
        depth--;
        continue;
      }
      stackNext[depth - 1] = edge + 1;
      const target = targets[edge] as number;
      if (state[target] === 0) {
        state[target] = 1;
        stackNode[depth] = target;
        stackNext[depth] = starts[target] as number;
        depth++;
      } else if (state[target] === 1) {
        if (reported.size >= MAX_CYCLES_REPORTED) {
          more = true;
          continue;
        }
        const from = stackNode.subarray(0, depth).indexOf(target);
        reportCycle(Array.from(stackNode.subarray(from, depth)), level, reported, sink);
      }
    }
  }
  if (more) {
    const first = level[0] as RawStep;
    sink.error(
      'DEPENDENCY_CYCLE',
      pathOf(first).slice(0, -1),
      `more dependency cycles than the ${MAX_CYCLES_REPORTED} reported among these steps`,
      'fix the cycles reported, then validate again',
    );
  }
}

/** A cycle message names at most this many steps. */
const MAX_CYCLE_SHOWN = 12;
/** Cycles reported per level at most (a crafted graph has millions). */
const MAX_CYCLES_REPORTED = 20;

/** `a -> b -> ... -> a`, the middle elided for long cycles. */
function cyclePath(raw: readonly string[]): string {
  const ids = raw.map(shortenText);
  const shown =
    ids.length <= MAX_CYCLE_SHOWN
      ? ids
      : [
          ...ids.slice(0, MAX_CYCLE_SHOWN - 2),
          `… (${ids.length - MAX_CYCLE_SHOWN + 1} more steps) …`,
          ...ids.slice(-1),
        ];
  return [...shown, ids[0]].join(' -> ');
}

function reportCycle(nodes: number[], level: readonly RawStep[], reported: Set<string>, sink: DiagnosticSink): void {
  const key = [...nodes].sort((a, b) => a - b).join(',');
  if (reported.has(key)) return;
  reported.add(key);
  const start = nodes.indexOf(Math.min(...nodes));
  const ordered = [...nodes.slice(start), ...nodes.slice(0, start)];
  const ids = ordered.map((n) => level[n]?.id ?? '?');
  const first = level[ordered[0] as number] as RawStep;
  const depIndex = first.dependsOn.indexOf(ids[1]);
  const implied = ordered.flatMap((n, k) => {
    const step = level[n] as RawStep;
    const next = ids[(k + 1) % ids.length] as string;
    return step.inferred.includes(next) ? [`${quoteText(String(step.id))} references ${quoteText(next)}`] : [];
  });
  if (implied.length > 3) implied.splice(3, implied.length - 3, `${implied.length - 3} more`);
  sink.error(
    'DEPENDENCY_CYCLE',
    [...pathOf(first), ...(depIndex >= 0 ? ['depends_on', depIndex] : [])],
    `dependency cycle: ${cyclePath(ids)}${implied.length ? ` (${implied.join(', ')}, which orders it after that step)` : ''}`,
    implied.length
      ? 'a reference to a step runs after it; remove the reference or one of the depends_on entries'
      : 'remove one of these depends_on entries',
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
