// The Executions page: a table refreshed every 2 s, filtered by status and workflow (kept in the URL), paged.
import type { ExecutionRecord } from '@skill/workflow-model';
import { useState } from 'react';
import { api } from '../api.js';
import { Link, navigate, pathOf } from '../router.js';
import { ErrorState, formatDuration, formatTime, Loading, StatusBadge } from '../states.js';
import { TableHead } from '../table-head.js';
import { useResource } from '../use-resource.js';

const STATUSES = ['pending', 'queued', 'running', 'completed', 'failed', 'cancelled', 'skipped'] as const;
const PAGE = 50;

function durationOf(e: ExecutionRecord, now: number): number | undefined {
  if (e.duration_ms !== undefined) return e.duration_ms;
  if (e.status === 'running' && e.started_at) return now - Date.parse(e.started_at);
  return undefined;
}

/** Lists executions, newest first; `search` carries the `status` and `workflow` filters. */
export function ExecutionsPage({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const status = params.get('status') ?? '';
  const workflow = params.get('workflow') ?? '';
  const [pages, setPages] = useState(1);
  const key = `executions:${status}:${workflow}:${pages}`;
  const executions = useResource(
    key,
    () => api.listExecutions({ status, workflow, limit: Math.min(PAGE * pages, 1000) }),
    2_000,
  );
  const workflows = useResource('workflows', api.listWorkflows);

  const setFilter = (name: 'status' | 'workflow', value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setPages(1);
    const query = next.toString();
    navigate(`/executions${query ? `?${query}` : ''}`, { replace: true });
  };

  const { data, error, reload } = executions;
  const now = Date.now();
  return (
    <section>
      <h1>Executions</h1>
      <div className="filters">
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setFilter('status', e.target.value)} data-testid="filter-status">
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Workflow{' '}
          <select
            value={workflow}
            onChange={(e) => setFilter('workflow', e.target.value)}
            data-testid="filter-workflow"
          >
            <option value="">any</option>
            {workflow && !workflows.data?.items.some((w) => w.name === workflow) && (
              <option value={workflow}>{workflow}</option>
            )}
            {workflows.data?.items.map((w) => (
              <option key={w.name} value={w.name}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">refreshes every 2 s</span>
      </div>
      {error && !data ? (
        <ErrorState error={error} retry={reload} />
      ) : !data ? (
        <Loading what="executions" />
      ) : data.items.length === 0 ? (
        <p className="state" data-testid="executions-empty">
          No executions{status || workflow ? ' match these filters' : ' yet'}.
        </p>
      ) : (
        <>
          {error && <ErrorState error={error} />}
          <table className="table" data-testid="executions-table">
            <TableHead columns={['Status', 'Workflow', 'Execution', 'Started', 'Duration']} />
            <tbody>
              {data.items.map((e) => (
                <tr key={e.id} data-testid={`execution-row-${e.id}`}>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                  <td>
                    <Link to={pathOf('workflows', e.workflow_name)}>{e.workflow_name}</Link>
                  </td>
                  <td>
                    <Link to={pathOf('executions', e.id)}>
                      <code>{e.id}</code>
                    </Link>
                  </td>
                  <td>{formatTime(e.started_at ?? e.created_at)}</td>
                  <td className="num">{formatDuration(durationOf(e, now))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.next_cursor && (
            <button type="button" onClick={() => setPages((n) => n + 1)} data-testid="load-more">
              Show more
            </button>
          )}
        </>
      )}
    </section>
  );
}
