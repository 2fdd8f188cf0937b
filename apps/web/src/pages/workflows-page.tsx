// The Workflows page: every workflow with its description, step count and validity.
import { api } from '../api.js';
import { Link, pathOf } from '../router.js';
import { ErrorState, Loading } from '../states.js';
import { useResource } from '../use-resource.js';

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
        <table className="table" data-testid="workflows-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Steps</th>
              <th scope="col">Valid</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((w) => (
              <tr key={w.name} data-testid={`workflow-row-${w.name}`}>
                <td>
                  <Link to={pathOf('workflows', w.name)}>{w.name}</Link>
                  {!w.trusted && <span className="badge muted-badge">untrusted</span>}
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
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
