// A step node of the DAG: type icon, id, status, duration, attempt and `when`; a button that opens the step.
import type { GraphNode, StepRecord, StepStatus } from '@skill/workflow-model';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { formatDuration } from '../states.js';
import { NODE_SIZE } from './layout.js';

const TYPE_ICONS: Record<string, string> = {
  command: '›_',
  http: '⇄',
  skill: '✦',
  foreach: '↻',
  docker_container: '▣',
  inline_code: '{}',
  approval: '✋',
  sleep: '⏾',
  workflow: '⤷',
};

/** What a step node shows. */
export interface StepNodeData extends Record<string, unknown> {
  step: GraphNode;
  record?: StepRecord;
  selected: boolean;
  onOpen?: (id: string) => void;
}
/** A step node of React Flow. */
export type StepNode = Node<StepNodeData, 'step'>;

/** A step: icon, id, type, status, duration, attempt and `when`; a button when it can be opened. */
export const StepNodeView = memo(function StepNodeView({ data }: NodeProps<StepNode>) {
  const { step, record, selected, onOpen } = data;
  const status: StepStatus | 'none' = record?.status ?? (onOpen ? 'pending' : 'none');
  const typeText = step.workflow === undefined ? step.step_type : `${step.step_type} ${step.workflow}`;
  const state = [
    record && record.status !== 'pending' ? record.status : '',
    record?.duration_ms !== undefined ? formatDuration(record.duration_ms) : '',
    record && record.attempts > 1 ? `attempt ${record.attempts}` : '',
  ].filter(Boolean);
  // One line each, cut with an ellipsis: a long id, type or condition never pushes another line out; the whole
  // text is in the title (and the condition in the step panel).
  const content = (
    <>
      <span className="dag-node-title" title={step.id} data-testid="dag-title">
        <span className="dag-node-icon" aria-hidden="true">
          {TYPE_ICONS[step.step_type] ?? '•'}
        </span>
        {step.id}
      </span>
      <span className="dag-node-meta" data-testid="dag-meta">
        <span className="dag-node-type" title={typeText}>
          {typeText}
        </span>
        {state.length > 0 && <span className="dag-node-state">{` · ${state.join(' · ')}`}</span>}
      </span>
      {step.when !== undefined && (
        <span className="dag-node-when" title={`when ${step.when}`} data-testid="dag-when">
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
