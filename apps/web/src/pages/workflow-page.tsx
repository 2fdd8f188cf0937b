// A workflow's page: its DAG, the Run form from its inputs, its TOML source and diagnostics.
import { api } from '../api.js';
import { DagView } from '../dag/dag-view.js';
import { Link } from '../router.js';
import { ErrorState, Loading, NotFound } from '../states.js';
import { useResource } from '../use-resource.js';
import { RunForm } from './run-form.js';
import { TomlSource } from './toml-source.js';

/** Shows workflow `name`. */
export function WorkflowPage({ name }: { name: string }) {
  const { data, error, reload } = useResource(`workflow:${name}`, () => api.getWorkflow(name));
  if (error?.status === 404)
    return <NotFound what={`Workflow "${name}"`} back={{ to: '/workflows', label: 'All workflows' }} />;
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading what="the workflow" />;
  const definition = data.definition;
  return (
    <section data-testid="workflow-page">
      <p className="crumbs">
        <Link to="/workflows">Workflows</Link> /
      </p>
      <h1>
        {data.name}{' '}
        {data.valid ? (
          <span className="badge status-completed">valid</span>
        ) : (
          <span className="badge status-failed">invalid</span>
        )}{' '}
        <span className="badge muted-badge" title="trust level (docs/security.md)" data-testid="workflow-trust">
          {data.trust}
        </span>
      </h1>
      {definition?.description && <p>{definition.description}</p>}
      <p>
        <Link to={`/executions?workflow=${encodeURIComponent(data.name)}`}>Executions of this workflow</Link>
      </p>
      {data.diagnostics.length > 0 && (
        <ul className="diagnostics" data-testid="diagnostics">
          {data.diagnostics.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: diagnostics have no identity
            <li key={i} className={`diag-${d.severity}`}>
              <strong>{d.severity}</strong> {d.code}: {d.message}
            </li>
          ))}
        </ul>
      )}
      <div className="columns">
        <div className="column-main">
          <h2>Graph</h2>
          {data.graph ? <DagView graph={data.graph} /> : <p className="muted">No graph: the workflow is invalid.</p>}
        </div>
        <aside className="column-side">
          <h2>Run</h2>
          {definition ? (
            <RunForm name={data.name} inputs={definition.inputs} />
          ) : (
            <p className="muted">Fix the diagnostics to run it.</p>
          )}
        </aside>
      </div>
      <h2>Source {data.file && <span className="muted small">{data.file}</span>}</h2>
      {data.source !== null ? <TomlSource source={data.source} /> : <p className="muted">No source file.</p>}
    </section>
  );
}
