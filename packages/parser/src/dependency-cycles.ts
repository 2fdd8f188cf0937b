// Dependency cycles among the steps of one level: an iterative search over flat edge arrays, each distinct cycle
// reported once (named, long ones elided), at most MAX_CYCLES_REPORTED of them.
import { quoteText, shortenText } from '@skill/workflow-model';
import type { DiagnosticSink } from './diagnostic-sink.js';
import { type Level, type LevelEdges, pathOf, type RawStep } from './step-levels.js';

/** Finds dependency cycles among `level` (iterative DFS, one report per distinct cycle). */
export function checkCycles({ steps: level }: Level, { starts, targets }: LevelEdges, sink: DiagnosticSink): void {
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
