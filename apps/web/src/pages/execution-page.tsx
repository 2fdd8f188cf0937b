// An execution's page: the live DAG coloured by status, run facts, Cancel, Re-run and the step panel (deep-linkable).
import { useCallback, useState } from 'react';
import { ApiError, api } from '../api.js';
import { DagView } from '../dag/dag-view.js';
import { useExecution } from '../live/use-execution.js';
import { Link, navigate, pathOf } from '../router.js';
import { ErrorState, formatDuration, formatTime, Loading, NotFound, StatusBadge } from '../states.js';
import { TimelineView } from '../timeline/timeline-view.js';
import { useResource } from '../use-resource.js';
import { StepPanel } from './step-panel.js';
import { ParentCrumb, useChildren } from './sub-workflow-links.js';

type View = 'dag' | 'timeline';

/** Shows execution `id`, with the panel of `step` (and its foreach `item`) open when given. */
export function ExecutionPage({ id, step, item }: { id: string; step?: string; item?: number }) {
  const [view, setView] = useState<View>('dag');
  const { record, error, connection, refresh, subscribe } = useExecution(id);
  const graph = useResource(`execution-graph:${id}`, () => api.executionGraph(id));
  const [actionError, setActionError] = useState<string>();
  const [cancelling, setCancelling] = useState(false);
  const [rerunning, setRerunning] = useState(false);
  const open = useCallback((stepId: string) => navigate(pathOf('executions', id, 'steps', stepId)), [id]);
  const children = useChildren(record);

  if (error?.status === 404) {
    return <NotFound what={`Execution "${id}"`} back={{ to: '/executions', label: 'All executions' }} />;
  }
  if (error) return <ErrorState error={error} retry={refresh} />;
  if (!record) return <Loading what="the execution" />;

  const steps = record.definition?.steps ?? [];
  const running = record.status === 'running' || record.status === 'pending' || record.status === 'queued';
  const cancel = async () => {
    setCancelling(true);
    setActionError(undefined);
    try {
      await api.cancel(id);
    } catch (failure) {
      setActionError(failure instanceof ApiError ? `${failure.code}: ${failure.message}` : String(failure));
    } finally {
      setCancelling(false);
      refresh();
    }
  };
  const rerun = async () => {
    setRerunning(true);
    setActionError(undefined);
    try {
      const started = await api.execute(record.workflow_name, record.inputs);
      navigate(pathOf('executions', started.execution_id));
    } catch (failure) {
      setActionError(failure instanceof ApiError ? `${failure.code}: ${failure.message}` : String(failure));
      setRerunning(false);
    }
  };
  const selected = step === undefined ? undefined : steps.find((s) => s.id === step);
  const waitingIds = Object.values(record.steps)
    .filter((s) => s.status === 'waiting')
    .map((s) => s.step_id);

  return (
    <section data-testid="execution-page" data-status={record.status}>
      <p className="crumbs">
        <Link to="/executions">Executions</Link> / {record.parent && <ParentCrumb parent={record.parent} />}
        <Link to={pathOf('workflows', record.workflow_name)}>{record.workflow_name}</Link> /
      </p>
      <div className="title-row">
        <h1>
          <code>{record.id}</code>{' '}
          <span data-testid="execution-status">
            <StatusBadge status={record.status} />
          </span>
          {running && waitingIds.length > 0 && (
            <span className="muted small" data-testid="execution-waiting">
              {' '}
              waiting for{' '}
              {waitingIds.map((stepId, i) => (
                <span key={stepId}>
                  {i > 0 && ', '}
                  <Link to={pathOf('executions', id, 'steps', stepId)}>{stepId}</Link>
                </span>
              ))}
            </span>
          )}
        </h1>
        <div className="actions">
          <span className={`conn conn-${connection}`} data-testid="connection">
            {connection === 'live' ? '● live' : connection === 'ended' ? '' : connection}
          </span>
          {!running && (
            <button
              type="button"
              onClick={rerun}
              disabled={rerunning}
              title={`Run ${record.workflow_name} again with the same inputs`}
              data-testid="rerun"
            >
              {rerunning ? 'Starting…' : 'Re-run'}
            </button>
          )}
          {running && (
            <button type="button" className="danger" onClick={cancel} disabled={cancelling} data-testid="cancel">
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
        </div>
      </div>
      <dl className="facts inline">
        <dt>started</dt>
        <dd>{formatTime(record.started_at ?? record.created_at)}</dd>
        <dt>duration</dt>
        <dd>{formatDuration(record.duration_ms)}</dd>
        {record.retry_of && (
          <>
            <dt>retry of</dt>
            <dd>
              <Link to={pathOf('executions', record.retry_of.execution_id)}>{record.retry_of.execution_id}</Link> from{' '}
              <code>{record.retry_of.from}</code>
            </dd>
          </>
        )}
        {record.trigger && (
          <>
            <dt>started by</dt>
            <dd data-testid="execution-trigger">
              {record.trigger.type === 'schedule' ? (
                <>
                  <Link to="/schedules">schedule #{record.trigger.index}</Link>, tick {formatTime(record.trigger.tick)}
                </>
              ) : (
                <>
                  webhook #{record.trigger.index}, delivery <code>{record.trigger.delivery_id}</code>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {record.status === 'queued' && record.waiting_for && (
        <p className="execution-waiting" role="status" data-testid="execution-waiting">
          {record.waiting_for.reason}
        </p>
      )}
      {record.error && (
        <p className="step-error" role="alert" data-testid="execution-error">
          <code>{record.error.code}</code> {record.error.message}
        </p>
      )}
      {actionError && (
        <p className="field-error" role="alert">
          {actionError}
        </p>
      )}
      <div className="columns">
        <div className="column-main">
          <div className="tabs" role="tablist" aria-label="execution view">
            {(['dag', 'timeline'] as const).map((v) => (
              <button
                key={v}
                type="button"
                role="tab"
                aria-selected={view === v}
                className={view === v ? 'tab tab-active' : 'tab'}
                onClick={() => setView(v)}
                data-testid={`tab-${v}`}
              >
                {v === 'dag' ? 'Graph' : 'Timeline'}
              </button>
            ))}
          </div>
          {view === 'timeline' ? (
            <TimelineView record={record} {...(step ? { selected: step } : {})} onOpen={open} />
          ) : graph.data ? (
            <DagView graph={graph.data} records={record.steps} {...(step ? { selected: step } : {})} onOpen={open} />
          ) : graph.error ? (
            <ErrorState error={graph.error} retry={graph.reload} />
          ) : (
            <Loading what="the graph" />
          )}
        </div>
        {step !== undefined && (
          <div className="column-side">
            {selected || record.steps[step] ? (
              <StepPanel
                key={step}
                executionId={id}
                step={selected}
                record={record.steps[step]}
                canRetry={!running}
                childExecutions={children}
                subscribe={subscribe}
                {...(item !== undefined ? { item } : {})}
              />
            ) : (
              <NotFound what={`Step "${step}"`} back={{ to: pathOf('executions', id), label: 'Close' }} />
            )}
          </div>
        )}
      </div>
    </section>
  );
}
