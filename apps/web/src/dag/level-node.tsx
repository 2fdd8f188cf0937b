// A level node of a large DAG: collapsed, a summary with counts by status; open, a small header that collapses it.
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { LEVEL_HEADER_SIZE, LEVEL_SUMMARY_SIZE } from './layout.js';
import { type LevelSummary, levelSummaryText } from './level-summary.js';

/** What a level node shows. */
export interface LevelNodeData extends Record<string, unknown> {
  summary: LevelSummary;
  expanded: boolean;
  /** Opens or closes level `level` (1-based). */
  onToggle: (level: number, expand: boolean) => void;
}
/** A level node of React Flow. */
export type LevelNode = Node<LevelNodeData, 'level'>;

function StatusBar({ summary }: { summary: LevelSummary }) {
  if (summary.counts.length === 0) return null;
  return (
    <span className="dag-level-bar" aria-hidden="true">
      {summary.counts.map(([status, n]) => (
        <span key={status} className={`dag-level-bar-part status-${status}`} style={{ flexGrow: n }} />
      ))}
    </span>
  );
}

/** A collapsed level (click to open) or the header of an open one (click to collapse). */
export const LevelNodeView = memo(function LevelNodeView({ data }: NodeProps<LevelNode>) {
  const { summary, expanded, onToggle } = data;
  const text = levelSummaryText(summary);
  const testAttributes = {
    'data-testid': `dag-level-${summary.level}`,
    'data-status': summary.status,
    'data-expanded': String(expanded),
  };
  if (expanded) {
    return (
      <div className={`dag-level-header status-${summary.status}`} {...testAttributes} style={LEVEL_HEADER_SIZE}>
        <button
          type="button"
          className="nodrag"
          aria-expanded={true}
          onClick={() => onToggle(summary.level, false)}
          title={`${text} (collapse)`}
        >
          ▾ level {summary.level} · {summary.size}
        </button>
      </div>
    );
  }
  return (
    <div className={`dag-node dag-level status-${summary.status}`} {...testAttributes} style={LEVEL_SUMMARY_SIZE}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <button
        type="button"
        className="dag-node-body nodrag"
        aria-expanded={false}
        onClick={() => onToggle(summary.level, true)}
        aria-label={`${text} (expand)`}
        title={text}
      >
        <span className="dag-node-title">
          <span className="dag-node-icon" aria-hidden="true">
            ▸
          </span>
          level {summary.level}: {summary.size} {summary.size === 1 ? 'step' : 'steps'}
        </span>
        <span className="dag-node-meta" data-testid={`dag-level-${summary.level}-counts`}>
          {summary.counts.map(([status, n]) => `${n} ${status}`).join(', ') || 'collapsed'}
        </span>
        <StatusBar summary={summary} />
      </button>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
