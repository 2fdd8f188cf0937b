// Checks over the step graph of the raw document: unique ids (loop steps included), depends_on naming
// a sibling step, self-dependencies, cycles (named), and max_total_steps.

import type { DiagnosticSink } from './diagnostic-sink.js';
import { closestName } from './did-you-mean.js';
import { formatPath, isTable } from './key-path.js';
import type { KeyPath } from './source-map.js';

interface RawStep {
  id?: string;
  dependsOn: unknown[];
  path: KeyPath;
  /** Id of the foreach step this step is a loop step of. */
  parent?: string;
}

/** Collects the steps of one level, and recursively of their loops, in file order. */
function collect(list: unknown, path: KeyPath, parent: string | undefined, all: RawStep[], levels: RawStep[][]): void {
  if (!Array.isArray(list)) return;
  const level: RawStep[] = [];
  levels.push(level);
  list.forEach((raw, index) => {
    if (!isTable(raw)) return;
    const here = [...path, index];
    const step: RawStep = {
      ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
      dependsOn: Array.isArray(raw.depends_on) ? raw.depends_on : [],
      path: here,
      ...(parent === undefined ? {} : { parent }),
    };
    all.push(step);
    level.push(step);
    collect(raw.loop, [...here, 'loop'], step.id ?? parent, all, levels);
  });
}

function checkIds(all: readonly RawStep[], sink: DiagnosticSink): void {
  const first = new Map<string, RawStep>();
  for (const step of all) {
    if (step.id === undefined) continue;
    const earlier = first.get(step.id);
    if (!earlier) {
      first.set(step.id, step);
      continue;
    }
    const line = sink.locate([...earlier.path, 'id']).line;
    sink.error(
      'DUPLICATE_STEP_ID',
      [...step.path, 'id'],
      `duplicate step id "${step.id}": ${formatPath(earlier.path)} (line ${line}) already uses it`,
      'step ids must be unique in the whole file, loop steps included',
    );
  }
}

function checkDependencies(level: readonly RawStep[], all: readonly RawStep[], sink: DiagnosticSink): void {
  const siblings = new Set(level.flatMap((s) => (s.id === undefined ? [] : [s.id])));
  for (const step of level) {
    step.dependsOn.forEach((dep, index) => {
      if (typeof dep !== 'string') return;
      const at = [...step.path, 'depends_on', index];
      const who = step.id === undefined ? 'this step' : `step "${step.id}"`;
      if (dep === step.id) {
        sink.error('DEPENDENCY_CYCLE', at, `${who} depends on itself`, `remove "${dep}" from depends_on`);
        return;
      }
      if (siblings.has(dep)) return;
      const elsewhere = all.find((s) => s.id === dep);
      if (elsewhere) {
        const scope =
          elsewhere.parent === undefined ? 'a top-level step' : `a loop step of foreach "${elsewhere.parent}"`;
        const hint =
          step.parent === undefined
            ? `depend on the foreach step "${elsewhere.parent}" instead`
            : `add it to depends_on of the foreach step "${step.parent}" instead`;
        sink.error(
          'UNKNOWN_DEPENDENCY',
          at,
          `${who} depends on "${dep}", which is ${scope}; steps can only depend on steps at the same level`,
          hint,
        );
        return;
      }
      const suggestion = closestName(dep, siblings);
      sink.error(
        'UNKNOWN_DEPENDENCY',
        at,
        `${who} depends on "${dep}", which does not exist`,
        suggestion ? `did you mean "${suggestion}"?` : undefined,
      );
    });
  }
}

/** Finds dependency cycles among `level` (iterative DFS, one report per distinct cycle). */
function checkCycles(level: readonly RawStep[], sink: DiagnosticSink): void {
  const index = new Map<string, number>();
  level.forEach((s, i) => {
    if (s.id !== undefined && !index.has(s.id)) index.set(s.id, i);
  });
  const edges = level.map((s) =>
    s.dependsOn.flatMap((d) => (typeof d === 'string' && d !== s.id && index.has(d) ? [index.get(d) as number] : [])),
  );
  const state = new Array<number>(level.length).fill(0); // 0 new, 1 on stack, 2 done
  const reported = new Set<string>();
  for (let root = 0; root < level.length; root++) {
    if (state[root] !== 0) continue;
    const stack: { node: number; next: number }[] = [{ node: root, next: 0 }];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: number; next: number };
      const target = edges[top.node]?.[top.next++];
      if (target === undefined) {
        state[top.node] = 2;
        stack.pop();
      } else if (state[target] === 0) {
        state[target] = 1;
        stack.push({ node: target, next: 0 });
      } else if (state[target] === 1) {
        const from = stack.findIndex((f) => f.node === target);
        reportCycle(
          stack.slice(from).map((f) => f.node),
          level,
          reported,
          sink,
        );
      }
    }
  }
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
  sink.error(
    'DEPENDENCY_CYCLE',
    [...first.path, 'depends_on', ...(depIndex >= 0 ? [depIndex] : [])],
    `dependency cycle: ${[...ids, ids[0]].join(' -> ')}`,
    'remove one of these depends_on entries',
  );
}

/** Runs every graph check on `root.steps`; `maxTotalSteps` comes from the effective config. */
export function graphChecks(
  root: Readonly<Record<string, unknown>>,
  maxTotalSteps: number,
  sink: DiagnosticSink,
): void {
  const all: RawStep[] = [];
  const levels: RawStep[][] = [];
  collect(root.steps, ['steps'], undefined, all, levels);
  checkIds(all, sink);
  for (const level of levels) {
    checkDependencies(level, all, sink);
    checkCycles(level, sink);
  }
  const beyond = all[maxTotalSteps];
  if (beyond) {
    sink.error(
      'TOO_MANY_STEPS',
      beyond.path,
      `the workflow has ${all.length} steps (loop steps included), more than max_total_steps = ${maxTotalSteps}`,
      'raise max_total_steps in [config] or split the workflow',
    );
  }
}
