// stepToShow() and firstViewNodes(): a large graph opens on its first failed, running or selected step.
import type { StepRecord, StepStatus, WorkflowGraph } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { firstViewNodes, stepToShow } from './first-view.js';
import { COLUMN_WIDTH, layoutLevels, ROW_HEIGHT } from './layout.js';

const record = (status: StepStatus) => ({ status }) as unknown as StepRecord;

describe('stepToShow', () => {
  const ids = ['a', 'b', 'c', 'd'];

  it('prefers the first failed step, then the first running one, then the selected one', () => {
    const records = { a: record('completed'), b: record('running'), c: record('failed'), d: record('failed') };
    expect(stepToShow(ids, records, 'a')).toBe('c');
    expect(stepToShow(ids, { ...records, c: record('completed'), d: record('completed') }, 'a')).toBe('b');
    expect(stepToShow(ids, { a: record('completed') }, 'd')).toBe('d');
  });

  it('is undefined without such a step, or when the selected one is not drawn', () => {
    expect(stepToShow(ids, { a: record('completed') }, undefined)).toBeUndefined();
    expect(stepToShow(ids, undefined, 'nowhere')).toBeUndefined();
  });
});

describe('firstViewNodes', () => {
  // One open level of 60 steps: 40 in the first row, 20 in the second.
  const ids = Array.from({ length: 60 }, (_, i) => `s${i}`);
  const graph: WorkflowGraph = {
    levels: [ids],
    nodes: ids.map((id) => ({ id, step_type: 'command', depends_on: [], level: 0 })),
    edges: [],
  };
  const layout = layoutLevels(graph, [true]);
  const positions = (ids: string[]) =>
    ids
      .filter((id) => id.startsWith('s'))
      .map((id) => {
        const node = layout.nodes.find((n) => n.id === id);
        return [(node?.x ?? 0) / COLUMN_WIDTH, (node?.y ?? 0) / ROW_HEIGHT];
      });

  it('fits the top-left corner without a step to show, or when that step is already there', () => {
    const corner = firstViewNodes(layout.nodes);
    expect(corner).toContain('level:1');
    expect(positions(corner)).toEqual([
      ...[0, 1, 2, 3, 4, 5].map((column) => [column, 0]),
      ...[0, 1, 2, 3, 4, 5].map((column) => [column, 1]),
    ]);
    expect(firstViewNodes(layout.nodes, 's41')).toEqual(corner);
  });

  it('centres the view on a step far to the right', () => {
    const around = firstViewNodes(layout.nodes, 's20');
    expect(around).not.toContain('level:1');
    expect(positions(around)).toEqual([
      ...[18, 19, 20, 21, 22].map((column) => [column, 0]),
      ...[18, 19].map((column) => [column, 1]),
    ]);
  });
});
