// layoutLevels(): collapsed levels become one node, edges attach to it once; open levels wrap at 40 columns.
import type { StepDefinition } from '@skill/workflow-model';
import { describe, expect, it } from 'vitest';
import { layoutLevels, levelNodeId, ROW_HEIGHT } from './layout.js';
import { stepsByLevel } from './level-summary.js';

const step = (id: string, depends_on: string[] = []) => ({ id, depends_on }) as unknown as StepDefinition;

/** Three levels of 50 steps; step i of a level depends on steps i and i+1 of the level above. */
function threeLevels(): StepDefinition[][] {
  const id = (level: number, i: number) => `l${level}s${i}`;
  const steps: StepDefinition[] = [];
  for (let level = 0; level < 3; level += 1) {
    for (let i = 0; i < 50; i += 1) {
      steps.push(step(id(level, i), level === 0 ? [] : [id(level - 1, i), id(level - 1, (i + 1) % 50)]));
    }
  }
  return stepsByLevel(steps);
}

describe('layoutLevels', () => {
  it('draws every collapsed level as one node with one edge between neighbours', () => {
    const layout = layoutLevels(threeLevels(), [false, false, false]);
    expect(layout.nodes.map((n) => [n.kind, n.id, n.y])).toEqual([
      ['level', 'level:1', 0],
      ['level', 'level:2', ROW_HEIGHT],
      ['level', 'level:3', 2 * ROW_HEIGHT],
    ]);
    expect(layout.edges.map((e) => e.id)).toEqual(['level:1->level:2', 'level:2->level:3']);
  });

  it('draws an open level step by step, wrapped at 40 columns, with a header and edges to its neighbours', () => {
    const layout = layoutLevels(threeLevels(), [false, true, false]);
    const steps = layout.nodes.filter((n) => n.kind === 'step');
    expect(steps).toHaveLength(50);
    expect(steps.filter((n) => n.y === ROW_HEIGHT)).toHaveLength(40);
    expect(steps.filter((n) => n.y === 2 * ROW_HEIGHT)).toHaveLength(10);
    const header = layout.nodes.find((n) => n.id === levelNodeId(1));
    expect(header).toMatchObject({ kind: 'level', expanded: true });
    expect(header?.x).toBeLessThan(0);
    // Level 3 moves down one row for the wrapped second row of level 2.
    expect(layout.nodes.find((n) => n.id === 'level:3')?.y).toBe(3 * ROW_HEIGHT);
    // 50 edges in from level 1 (deduplicated from 100 dependencies), 50 out to level 3.
    expect(layout.edges.filter((e) => e.source === 'level:1')).toHaveLength(50);
    expect(layout.edges.filter((e) => e.target === 'level:3')).toHaveLength(50);
    expect(new Set(layout.edges.map((e) => e.id)).size).toBe(layout.edges.length);
  });
});
