// The Workers page: the live `skill worker`s of the server's queue (name, labels, running steps, last heartbeat).
import { api } from '../api.js';
import { ErrorState, formatTime, Loading } from '../states.js';
import { TableHead } from '../table-head.js';
import { useResource } from '../use-resource.js';

/** Lists the workers heard from in the last 5 s; refreshed every 2 s. */
export function WorkersPage() {
  const { data, error, reload } = useResource('workers', api.listWorkers, 2_000);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading what="workers" />;
  return (
    <section>
      <h1>Workers</h1>
      <p className="muted">
        <code>skill worker</code> processes taking steps from the server's queue (<code>skill serve --queue</code>).
      </p>
      {data.items.length === 0 ? (
        <p className="muted" data-testid="workers-empty">
          No live workers: steps run in the server's process, or no worker has sent a heartbeat in the last 5 s.
        </p>
      ) : (
        <table className="table" data-testid="workers-table">
          <TableHead columns={['Name', 'Labels', 'Running', 'Last heartbeat', 'Host']} />
          <tbody>
            {data.items.map((worker) => (
              <tr key={worker.name} data-testid={`worker-row-${worker.name}`}>
                <td>{worker.name}</td>
                <td>
                  {worker.labels.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    worker.labels.map((label) => (
                      <span key={label} className="badge muted-badge">
                        {label}
                      </span>
                    ))
                  )}
                </td>
                <td>
                  {worker.running} / {worker.concurrency}
                </td>
                <td>{formatTime(worker.last_heartbeat)}</td>
                <td className="muted">{worker.host ? `${worker.host} (pid ${worker.pid ?? '?'})` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
