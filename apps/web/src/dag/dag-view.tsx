// The workflow DAG drawn with React Flow: one node per step; a large graph shows each level collapsed into a
// summary node (counts by status) unless it holds running, failed or selected steps, and a click opens it; the
// first view shows the step that matters (first failed, else running, else selected).
import type { StepRecord, WorkflowGraph } from '@skill/workflow-model';
import { Background, Controls, type Edge, MarkerType, ReactFlow, type ReactFlowInstance } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import '@xyflow/react/dist/style.css';
import { firstViewNodes, stepToShow } from './first-view.js';
import {
  DAGRE_MAX_STEPS,
  LEVEL_HEADER_SIZE,
  LEVEL_SUMMARY_SIZE,
  layoutLevels,
  layoutSteps,
  levelNodeId,
  NODE_SIZE,
} from './layout.js';
import { type LevelNode, LevelNodeView } from './level-node.js';
import { summarizeLevel } from './level-summary.js';
import { type StepNode, StepNodeView } from './step-node.js';
import { useRefitOnResize } from './use-refit-on-resize.js';
import { useWindowFill } from './use-window-fill.js';

type FlowNode = StepNode | LevelNode;

const nodeTypes = { step: StepNodeView, level: LevelNodeView };
/** Opening a level brings its first steps into view. */
const OPENED_LEVEL_VIEW = 5;

/** Props of {@link DagView}. */
export interface DagViewProps {
  /** The graph as the API serves it (nodes, edges, levels). */
  graph: WorkflowGraph;
  /** Step records of an execution: nodes are coloured by status. */
  records?: Record<string, StepRecord>;
  selected?: string;
  /** Makes nodes buttons that open a step. */
  onOpen?: (id: string) => void;
}

/** Fixed sizes: React Flow shows a node only once it knows its size, and new node objects (every status change)
 * would otherwise wait for a re-measure that never comes. */
function sized(size: { width: number; height: number }) {
  return { width: size.width, height: size.height, measured: { width: size.width, height: size.height } };
}

/** The DAG of `graph`, laid out with dagre (or in levels when large); statuses come from `records`. */
export function DagView({ graph, records, selected, onOpen }: DagViewProps) {
  const large = graph.nodes.length > DAGRE_MAX_STEPS;
  const levels = useMemo(() => (large ? graph.levels : []), [large, graph]);
  const summaries = useMemo(
    () => levels.map((level, i) => summarizeLevel(i + 1, level, records, selected)),
    [levels, records, selected],
  );
  // The reader's choices by level (1-based); other levels follow their summary's default.
  const [choices, setChoices] = useState<ReadonlyMap<number, boolean>>(() => new Map());
  const expandedKey = summaries.map((s) => ((choices.get(s.level) ?? s.startsExpanded) ? '1' : '0')).join('');
  const layout = useMemo(
    () =>
      large
        ? layoutLevels(
            graph,
            [...expandedKey].map((flag) => flag === '1'),
          )
        : layoutSteps(graph),
    [large, graph, expandedKey],
  );

  // The step that matters when the page opens, fixed then: live updates never move the view.
  const [shownOnLoad] = useState(() => (large ? stepToShow(levels.flat(), records, selected) : undefined));

  const flow = useRef<ReactFlowInstance<FlowNode, Edge>>(undefined);
  const [focus, setFocus] = useState<{ level: number; expand: boolean }>();
  const onToggle = useCallback((level: number, expand: boolean) => {
    setChoices((old) => new Map(old).set(level, expand));
    setFocus({ level, expand });
  }, []);
  // After a level opens or closes (and React Flow has the new nodes), keep it in view.
  useEffect(() => {
    const instance = flow.current;
    if (!focus || !instance) return;
    setFocus(undefined);
    const first = focus.expand ? (levels[focus.level - 1] ?? []).slice(0, OPENED_LEVEL_VIEW) : [];
    void instance.fitView({
      nodes: [{ id: levelNodeId(focus.level - 1) }, ...first.map((id) => ({ id }))],
      padding: 0.15,
      maxZoom: focus.expand ? 1.2 : instance.getZoom(),
    });
  }, [focus, levels]);

  const nodes = useMemo<FlowNode[]>(
    () =>
      layout.nodes.map((n): FlowNode => {
        if (n.kind === 'level') {
          const summary = summaries[n.level - 1] ?? summarizeLevel(n.level, [], records);
          return {
            id: n.id,
            type: 'level',
            position: { x: n.x, y: n.y },
            ...sized(n.expanded ? LEVEL_HEADER_SIZE : LEVEL_SUMMARY_SIZE),
            data: { summary, expanded: n.expanded, onToggle },
          };
        }
        const record = records?.[n.id];
        return {
          id: n.id,
          type: 'step',
          position: { x: n.x, y: n.y },
          ...sized(NODE_SIZE),
          data: {
            step: n.step,
            ...(record ? { record } : {}),
            selected: n.id === selected,
            ...(onOpen ? { onOpen } : {}),
          },
        };
      }),
    [layout, records, summaries, selected, onOpen, onToggle],
  );
  const edges = useMemo<Edge[]>(() => {
    const levelStatus = new Map(summaries.map((s) => [levelNodeId(s.level - 1), s.status]));
    return layout.edges.map((e) => {
      const status = records?.[e.source]?.status ?? levelStatus.get(e.source);
      return {
        ...e,
        animated: status === 'running',
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        className: `dag-edge status-${status ?? 'none'}${e.inferred ? ' inferred' : ''}`,
        ...(e.inferred ? { label: 'inferred', style: { strokeDasharray: '6 4' } } : {}),
      };
    });
  }, [layout, records, summaries]);
  const fitViewOptions = useMemo(
    () => ({
      padding: 0.15,
      maxZoom: 1.2,
      ...(large ? { nodes: firstViewNodes(layout.nodes, shownOnLoad).map((id) => ({ id })) } : {}),
    }),
    [large, layout, shownOnLoad],
  );
  const canvas = useRef<HTMLDivElement>(null);
  const fill = useWindowFill(canvas);
  // A graph drawn whole is fitted again to a narrower or wider canvas; a large one keeps the reader's view.
  useRefitOnResize(canvas, () => {
    if (!large) void flow.current?.fitView(fitViewOptions);
  });
  return (
    <div ref={canvas} className="dag" style={fill} data-testid="dag" data-layout={large ? 'levels' : 'dagre'}>
      <ReactFlow<FlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        {...(onOpen ? { onNodeClick: (_: unknown, node: FlowNode) => node.type === 'step' && onOpen(node.id) } : {})}
        onInit={(instance) => {
          flow.current = instance;
        }}
        fitView
        onlyRenderVisibleElements={large}
        fitViewOptions={fitViewOptions}
        minZoom={0.05}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
