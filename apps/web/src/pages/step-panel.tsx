// The step panel of an execution: status, output and metadata (JSON trees), error, reason, attempts, live logs, retry.
import type { ChildLink, SkillStep, StepDefinition, StepRecord } from '@skill/workflow-model';
import { useState } from 'react';
import { ApiError, api } from '../api.js';
import { ForeachItems } from '../foreach/foreach-items.js';
import { foreachSummary } from '../foreach/foreach-results.js';
import { ItemDetail } from '../foreach/item-detail.js';
import { JsonTree } from '../json/json-tree.js';
import type { SubscribeToEvents } from '../live/use-execution.js';
import { Link, navigate, pathOf } from '../router.js';
import { formatDuration, formatTime, StatusBadge } from '../states.js';
import { ApprovalForm, waitOf } from './approval-form.js';
import { StepLogs } from './step-logs.js';
import { ChildLinks } from './sub-workflow-links.js';

function withoutResults(metadata: Record<string, unknown>): Record<string, unknown> {
  const { results: _results, ...rest } = metadata;
  return rest;
}

/** Details of step `stepId` of an execution, with "retry from here". */
export function StepPanel({
  executionId,
  step,
  record,
  canRetry,
  subscribe,
  item,
  childExecutions = [],
}: {
  executionId: string;
  step: StepDefinition | undefined;
  record: StepRecord | undefined;
  canRetry: boolean;
  /** The execution's live events, for the log lines. */
  subscribe: SubscribeToEvents;
  /** The foreach item whose detail is open. */
  item?: number;
  /** The sub-workflow executions of the execution (a `workflow` step's are linked). */
  childExecutions?: readonly ChildLink[];
}) {
  const stepId = step?.id ?? record?.step_id ?? '';
  const [downstream, setDownstream] = useState(true);
  const [retryError, setRetryError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const status = record?.status ?? 'pending';
  const skillStep = step?.step_type === 'skill' ? (step as SkillStep) : undefined;
  const isForeach = step?.step_type === 'foreach' || Array.isArray(record?.metadata.results);
  const summary = isForeach ? foreachSummary(record) : undefined;
  // The per-item results are listed above (windowed), not dumped as JSON.
  const metadata = summary && record ? withoutResults(record.metadata) : record?.metadata;
  const wait = status === 'waiting' ? waitOf(record?.metadata) : undefined;

  const retry = async () => {
    setBusy(true);
    setRetryError(undefined);
    try {
      const started = await api.retry(executionId, stepId, downstream);
      navigate(pathOf('executions', started.execution_id));
    } catch (error) {
      setRetryError(error instanceof ApiError ? `${error.code}: ${error.message}` : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="step-panel" data-testid="step-panel" aria-label={`step ${stepId}`}>
      <div className="step-panel-head">
        <h2>
          <code>{stepId}</code> <StatusBadge status={status} />
        </h2>
        <Link to={pathOf('executions', executionId)} aria-label="close the step panel" className="close">
          ✕
        </Link>
      </div>
      <dl className="facts">
        <dt>type</dt>
        <dd>{step?.step_type ?? '—'}</dd>
        {skillStep && (
          <>
            <dt>tool</dt>
            <dd>
              <Link to={pathOf('skills', skillStep.skill, skillStep.tool)} data-testid="step-skill-tool">
                {skillStep.skill}.{skillStep.tool}
              </Link>
            </dd>
          </>
        )}
        {step?.when !== undefined && (
          <>
            <dt>when</dt>
            <dd>
              <code>{step.when}</code>
            </dd>
          </>
        )}
        <ChildLinks stepId={stepId} links={childExecutions} />
        <dt>attempts</dt>
        <dd data-testid="step-attempts">{record?.attempts ?? 0}</dd>
        <dt>started</dt>
        <dd>{formatTime(record?.started_at)}</dd>
        <dt>duration</dt>
        <dd>{formatDuration(record?.duration_ms)}</dd>
        {record?.progress && (
          <>
            <dt>progress</dt>
            <dd>
              {record.progress.completed} done, {record.progress.failed} failed of {record.progress.total}
            </dd>
          </>
        )}
      </dl>
      {wait?.kind === 'approval' && <ApprovalForm key={stepId} executionId={executionId} stepId={stepId} wait={wait} />}
      {wait?.kind === 'sleep' && (
        <p data-testid="step-sleeping">
          <strong>Sleeping</strong> until {formatTime(wait.until)}
        </p>
      )}
      {record?.error !== undefined && (
        <div className="step-error" role="alert">
          <h3>Error {record.error_code && <code className="small">{record.error_code}</code>}</h3>
          <pre data-testid="step-error">{record.error}</pre>
        </div>
      )}
      {record?.reason !== undefined && (
        <p data-testid="step-reason">
          <strong>Reason:</strong> {record.reason}
        </p>
      )}
      {summary && item !== undefined && (
        <ItemDetail
          executionId={executionId}
          stepId={stepId}
          index={item}
          result={summary.results.find((r) => r.index === item)}
        />
      )}
      {summary && <ForeachItems executionId={executionId} stepId={stepId} summary={summary} />}
      {record?.output !== undefined && (
        <>
          <h3>Output</h3>
          <JsonTree value={record.output} testId="step-output" />
        </>
      )}
      {metadata && Object.keys(metadata).length > 0 && (
        <>
          <h3>Metadata</h3>
          <JsonTree value={metadata} testId="step-metadata" />
        </>
      )}
      <h3>Logs</h3>
      <StepLogs executionId={executionId} stepId={stepId} subscribe={subscribe} />
      {canRetry && (
        <div className="retry">
          <label>
            <input type="checkbox" checked={downstream} onChange={(e) => setDownstream(e.target.checked)} /> and
            everything downstream
          </label>
          <button type="button" onClick={retry} disabled={busy} data-testid="retry-step">
            Retry from this step
          </button>
          {retryError && (
            <p className="field-error" role="alert">
              {retryError}
            </p>
          )}
        </div>
      )}
    </aside>
  );
}
