// The Schedules page: the [[triggers]] schedules of the server's workflows, their next fire time, latest tick and
// a pause / resume button (the pause is kept in the store, for every server).
import { useState } from 'react';
import { ApiError, api, type ScheduleSummary, type ScheduleTick } from '../api.js';
import { Link, pathOf } from '../router.js';
import { ErrorState, formatTime, Loading } from '../states.js';
import { TableHead } from '../table-head.js';
import { useResource } from '../use-resource.js';

function LastTick({ tick }: { tick: ScheduleTick | undefined }) {
  if (!tick) return <span className="muted">never fired</span>;
  const when = formatTime(tick.tick);
  return (
    <span title={tick.note}>
      {tick.execution_id ? <Link to={pathOf('executions', tick.execution_id)}>{when}</Link> : when}{' '}
      <span className={`badge ${tick.outcome === 'failed' ? 'status-failed' : 'muted-badge'}`}>{tick.outcome}</span>
    </span>
  );
}

function ScheduleRow({ schedule, changed }: { schedule: ScheduleSummary; changed: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const id = `${schedule.workflow_name}-${schedule.trigger_index}`;
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.setSchedulePaused(schedule.workflow_name, schedule.trigger_index, !schedule.paused);
      changed();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr data-testid={`schedule-row-${id}`}>
      <td>
        <Link to={pathOf('workflows', schedule.workflow_name)}>{schedule.workflow_name}</Link>{' '}
        <span className="muted">#{schedule.trigger_index}</span>
      </td>
      <td>
        <code>{schedule.cron}</code> <span className="muted">{schedule.timezone}</span>
      </td>
      <td data-testid={`schedule-next-${id}`}>
        {schedule.paused ? (
          <span className="badge muted-badge">paused</span>
        ) : schedule.next_fire ? (
          formatTime(schedule.next_fire)
        ) : (
          <span className="muted">never</span>
        )}
      </td>
      <td>
        <LastTick tick={schedule.last_ticks[0]} />
      </td>
      <td className="muted">
        overlap {schedule.overlap}, catch-up {schedule.catch_up}
      </td>
      <td>
        <button type="button" onClick={toggle} disabled={busy} data-testid={`schedule-toggle-${id}`}>
          {schedule.paused ? 'Resume' : 'Pause'}
        </button>
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}

/** Lists the schedules of the server's workflows; refreshed every 5 s. */
export function SchedulesPage() {
  const { data, error, reload } = useResource('schedules', api.listSchedules, 5_000);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading what="schedules" />;
  return (
    <section>
      <h1>Schedules</h1>
      <p className="muted">
        The <code>[[triggers]]</code> of the workflows; <code>skill serve</code> fires them, each tick once across
        servers sharing the database.
      </p>
      {data.items.length === 0 ? (
        <p className="muted" data-testid="schedules-empty">
          No schedules: add <code>[[triggers]]</code> with <code>cron = "…"</code> to a workflow.
        </p>
      ) : (
        <table className="table" data-testid="schedules-table">
          <TableHead columns={['Workflow', 'Cron', 'Next fire', 'Last tick', 'Policies', '']} />
          <tbody>
            {data.items.map((schedule) => (
              <ScheduleRow
                key={`${schedule.workflow_name}#${schedule.trigger_index}`}
                schedule={schedule}
                changed={reload}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
