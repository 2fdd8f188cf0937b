// The Workflows page: every workflow with its description, step count, validity and last run (refreshed while
// the page is open).
import type { ExecutionRecord } from '@skill/workflow-model';
import { api, type WorkflowSummary } from '../api.js';
import { Link, pathOf } from '../router.js';
import { ErrorState, formatTime, Loading, StatusBadge } from '../states.js';
import { TableHead } from '../table-head.js';
import { formatTimeAgo } from '../time-ago.js';
import { useResource } from '../use-resource.js';
import { useVisibleRefresh } from '../use-visible-refresh.js';
import { loadLastRuns } from './last-runs.js';

/** How often the "Last run" column is read again while the page is visible. */
export const LAST_RUNS_REFRESH_MS = 10_000;

function LastRun({ name, lastRuns }: { name: string; lastRuns: Map<string, ExecutionRecord> | undefined }) {
  if (!lastRuns) return <span className="muted">…</span>;
  const last = lastRuns.get(name);
  if (!last) return <span className="muted">never run</span>;
  const when = last.started_at ?? last.created_at;
  return (
    <Link to={pathOf('executions', last.id)} className="last-run" title={`${last.id}, ${formatTime(when)}`}>
      <StatusBadge status={last.status} /> <span className="muted">{formatTimeAgo(when)}</span>
    </Link>
  );
}

function WorkflowsTable({ items }: { items: WorkflowSummary[] }) {
  const names = items.map((w) => w.name).join('\n');
  // A failure leaves the column at "…" rather than hiding the list.
  // A refresh keeps the old values on screen until the new ones arrive.
  const lastRuns = useResource(`last-runs:${names}`, () => loadLastRuns(items.map((w) => w.name)));
  useVisibleRefresh(lastRuns.reload, LAST_RUNS_REFRESH_MS);
  return (
    <table className="table" data-testid="workflows-table">
      <TableHead columns={['Name', 'Description', 'Steps', 'Valid', 'Last run']} />
      <tbody>
        {items.map((w) => (
          <tr key={w.name} data-testid={`workflow-row-${w.name}`}>
            <td>
              <Link to={pathOf('workflows', w.name)}>{w.name}</Link>
              {w.trust !== 'trusted' && (
                <span
                  className="badge muted-badge"
                  title="trust level (docs/security.md)"
                  data-testid={`workflow-trust-${w.name}`}
                >
                  {w.trust}
                </span>
              )}
            </td>
            <td>{w.description ?? <span className="muted">—</span>}</td>
            <td className="num">{w.step_count}</td>
            <td>
              {w.valid ? (
                <span className="badge status-completed">valid</span>
              ) : (
                <span
                  className="badge status-failed"
                  title={w.diagnostics.map((d) => d.message).join('\n')}
                  data-testid={`workflow-invalid-${w.name}`}
                >
                  invalid
                </span>
              )}
            </td>
            <td data-testid={`workflow-last-run-${w.name}`}>
              <LastRun name={w.name} lastRuns={lastRuns.data} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Lists the project's workflows. */
export function WorkflowsPage() {
  const { data, error, reload } = useResource('workflows', api.listWorkflows);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading what="workflows" />;
  return (
    <section>
      <h1>Workflows</h1>
      {data.items.length === 0 ? (
        <p className="state" data-testid="workflows-empty">
          No workflows yet: add <code>.workflows/&lt;name&gt;.toml</code> files to the project.
        </p>
      ) : (
        <WorkflowsTable items={data.items} />
      )}
    </section>
  );
}
