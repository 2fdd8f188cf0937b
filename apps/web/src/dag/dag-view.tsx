// The workflow DAG drawn with React Flow: one node per step (type, `when`, status, duration, attempt).
import type { StepDefinition, StepRecord, StepStatus } from '@skill/workflow-model';
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from '@xyflow/react';
import { memo, useMemo } from 'react';
import '@xyflow/react/dist/style.css';
import { formatDuration } from '../states.js';
import { DAGRE_MAX_STEPS, layoutSteps, NODE_SIZE } from './layout.js';

const TYPE_ICONS: Record<string, string> = {
  command: '›_',
  http: '⇄',
  skill: '✦',
  foreach: '↻',
  docker_container: '▣',
  inline_code: '{}',
};

interface StepNodeData extends Record<string, unknown> {
  step: StepDefinition;
  record?: StepRecord;
  selected: boolean;
  onOpen?: (id: string) => void;
}
type StepNode = Node<StepNodeData, 'step'>;

const StepNodeView = memo(function StepNodeView({ data }: NodeProps<StepNode>) {
  const { step, record, selected, onOpen } = data;
  const status: StepStatus | 'none' = record?.status ?? (onOpen ? 'pending' : 'none');
  const content = (
    <>
      <span className="dag-node-title">
        <span className="dag-node-icon" aria-hidden="true">
          {TYPE_ICONS[step.step_type] ?? '•'}
        </span>
        {step.id}
      </span>
      <span className="dag-node-meta">
        {step.step_type}
        {record && record.status !== 'pending' ? ` · ${record.status}` : ''}
        {record?.duration_ms !== undefined ? ` · ${formatDuration(record.duration_ms)}` : ''}
        {record && record.attempts > 1 ? ` · attempt ${record.attempts}` : ''}
      </span>
      {step.when !== undefined && (
        <span className="dag-node-when" title={`when ${step.when}`}>
          when {step.when}
        </span>
      )}
    </>
  );
  return (
    <div
      className={`dag-node status-${status}${selected ? ' dag-node-selected' : ''}`}
      data-testid={`dag-node-${step.id}`}
      data-status={status}
      style={{ width: NODE_SIZE.width, height: NODE_SIZE.height }}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      {onOpen ? (
        <button
          type="button"
          className="dag-node-body nodrag"
          onClick={() => onOpen(step.id)}
          aria-label={`step ${step.id}, ${status}`}
        >
          {content}
        </button>
      ) : (
        <div className="dag-node-body">{content}</div>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { step: StepNodeView };
const LARGE_FIRST_VIEW = 12;

/** Props of {@link DagView}. */
export interface DagViewProps {
  steps: StepDefinition[];
  /** Step records of an execution: nodes are coloured by status. */
  records?: Record<string, StepRecord>;
  selected?: string;
  /** Makes nodes buttons that open a step. */
  onOpen?: (id: string) => void;
}

/** The DAG of `steps`, laid out with dagre; statuses come from `records`. */
export function DagView({ steps, records, selected, onOpen }: DagViewProps) {
  const layout = useMemo(() => layoutSteps(steps), [steps]);
  const nodes = useMemo<StepNode[]>(
    () =>
      layout.nodes.map((n) => {
        const record = records?.[n.id];
        return {
          id: n.id,
          type: 'step',
          position: { x: n.x, y: n.y },
          // Fixed sizes: React Flow shows a node only once it knows its size, and new node objects
          // (every status change) would otherwise wait for a re-measure that never comes.
          width: NODE_SIZE.width,
          height: NODE_SIZE.height,
          measured: { width: NODE_SIZE.width, height: NODE_SIZE.height },
          data: {
            step: n.step,
            ...(record ? { record } : {}),
            selected: n.id === selected,
            ...(onOpen ? { onOpen } : {}),
          },
        };
      }),
    [layout, records, selected, onOpen],
  );
  const edges = useMemo<Edge[]>(
    () =>
      layout.edges.map((e) => {
        const status = records?.[e.source]?.status;
        return {
          ...e,
          animated: status === 'running',
          markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
          className: `dag-edge status-${status ?? 'none'}`,
        };
      }),
    [layout, records],
  );
  const large = steps.length > DAGRE_MAX_STEPS;
  // A large graph opens on its first rows at a readable zoom (only what is on screen is rendered).
  const fitViewOptions = useMemo(
    () => ({
      padding: 0.15,
      maxZoom: 1.2,
      ...(large ? { nodes: layout.nodes.slice(0, LARGE_FIRST_VIEW).map((n) => ({ id: n.id })) } : {}),
    }),
    [large, layout],
  );
  return (
    <div className="dag" data-testid="dag">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        {...(onOpen ? { onNodeClick: (_: unknown, node: StepNode) => onOpen(node.id) } : {})}
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
