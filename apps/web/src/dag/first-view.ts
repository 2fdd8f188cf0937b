// The first view of a large graph: around the step that matters (first failed, else first running, else the
// selected one) when it lies beyond the top-left corner, otherwise the top-left corner of the level grid.
import type { StepRecord } from '@skill/workflow-model';
import { COLUMN_WIDTH, type LaidOutNode, ROW_HEIGHT } from './layout.js';

/** How much of a large graph the first view shows, in grid rows and columns (only what is on screen is rendered). */
export const FIRST_VIEW = { rows: 3, columns: 6 } as const;

/**
 * The step a page should open on: the first failed step of `stepIds` (in drawing order), else the first waiting
 * one (an approval to decide), else the first running one, else `selected`; undefined when there is none.
 */
export function stepToShow(
  stepIds: readonly string[],
  records: Record<string, StepRecord> | undefined,
  selected: string | undefined,
): string | undefined {
  if (records) {
    const failed = stepIds.find((id) => records[id]?.status === 'failed');
    if (failed !== undefined) return failed;
    // A waiting approval is what the reader has to act on: its form opens with the page.
    const waiting = stepIds.find((id) => records[id]?.status === 'waiting');
    if (waiting !== undefined) return waiting;
    const running = stepIds.find((id) => records[id]?.status === 'running');
    if (running !== undefined) return running;
  }
  return selected !== undefined && stepIds.includes(selected) ? selected : undefined;
}

/** Whether the node at (x, y) lies in the top-left window of FIRST_VIEW rows and columns. */
const inTopLeft = (node: { x: number; y: number }) =>
  node.y < FIRST_VIEW.rows * ROW_HEIGHT && node.x < FIRST_VIEW.columns * COLUMN_WIDTH;

/**
 * Ids of the nodes the first view fits: the top-left window of the grid, or, when `focus` (a node id) lies outside
 * it, a window of about FIRST_VIEW rows and columns centred on `focus`.
 */
export function firstViewNodes(nodes: readonly LaidOutNode[], focus?: string): string[] {
  const target = focus === undefined ? undefined : nodes.find((n) => n.id === focus);
  if (!target || inTopLeft(target)) return nodes.filter(inTopLeft).map((n) => n.id);
  const halfWidth = (FIRST_VIEW.columns / 2) * COLUMN_WIDTH;
  const halfHeight = ((FIRST_VIEW.rows - 1) / 2) * ROW_HEIGHT;
  return nodes
    .filter((n) => Math.abs(n.x - target.x) < halfWidth && Math.abs(n.y - target.y) <= halfHeight)
    .map((n) => n.id);
}
