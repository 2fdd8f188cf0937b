// Shared page states: loading, error (API down or failing), not found, and status badges.
import type { ExecutionStatus, StepStatus } from '@skill/workflow-model';
import type { ApiError } from './api.js';
import { Link } from './router.js';

/** A quiet loading line. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" data-testid="loading">
      Loading {what}…
    </p>
  );
}

/** The error state: "cannot reach the API" or the API's error, with a retry button. */
export function ErrorState({ error, retry }: { error: ApiError; retry?: () => void }) {
  const down = error.status === 0;
  return (
    <div className="state state-error" role="alert" data-testid={down ? 'api-down' : 'api-error'}>
      <h2>{down ? 'The API server is not reachable' : 'Something went wrong'}</h2>
      <p>{down ? 'Check that `skill serve` is running, then try again.' : `${error.code}: ${error.message}`}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** The not-found state, with a way back. */
export function NotFound({ what, back }: { what: string; back: { to: string; label: string } }) {
  return (
    <div className="state" data-testid="not-found">
      <h2>Not found</h2>
      <p>{what} does not exist.</p>
      <Link to={back.to}>{back.label}</Link>
    </div>
  );
}

/** A coloured status label. */
export function StatusBadge({ status }: { status: ExecutionStatus | StepStatus }) {
  return (
    <span className={`badge status-${status}`} data-status={status}>
      {status}
    </span>
  );
}

/** `1.2 s`, `340 ms`, `2 m 5 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A local date-time, or a dash. */
export function formatTime(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}
