// One skill: its tools, each with its description, its arguments and the JSON Schema a step's `args` must fit.
import { useEffect } from 'react';
import { api, type SkillToolSummary } from '../api.js';
import { JsonTree } from '../json/json-tree.js';
import { Link, pathOf } from '../router.js';
import { ErrorState, Loading, NotFound } from '../states.js';
import { TableHead } from '../table-head.js';
import { useResource } from '../use-resource.js';

interface Argument {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

/** The top-level properties of a tool's argument schema. */
function argumentsOf(schema: Record<string, unknown>): Argument[] {
  const properties = (schema.properties ?? {}) as Record<string, { type?: unknown; description?: unknown }>;
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(properties).map(([name, spec]) => ({
    name,
    type: Array.isArray(spec?.type) ? spec.type.join(' | ') : typeof spec?.type === 'string' ? spec.type : 'any',
    required: required.includes(name),
    description: typeof spec?.description === 'string' ? spec.description : '',
  }));
}

function ToolSection({ skill, tool, selected }: { skill: string; tool: SkillToolSummary; selected: boolean }) {
  const args = argumentsOf(tool.input_schema);
  return (
    <section
      id={`tool-${tool.name}`}
      className={selected ? 'tool selected' : 'tool'}
      data-testid={`tool-${tool.name}`}
      aria-current={selected ? 'true' : undefined}
    >
      <h2>
        <Link to={pathOf('skills', skill, tool.name)}>
          <code>{tool.name}</code>
        </Link>
      </h2>
      {tool.description && <p>{tool.description}</p>}
      {args.length === 0 ? (
        <p className="muted">No arguments.</p>
      ) : (
        <table className="table">
          <TableHead columns={['Argument', 'Type', 'Required', 'Description']} />
          <tbody>
            {args.map((arg) => (
              <tr key={arg.name}>
                <td>
                  <code>{arg.name}</code>
                </td>
                <td>{arg.type}</td>
                <td>{arg.required ? 'yes' : 'no'}</td>
                <td>{arg.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details>
        <summary>Input schema</summary>
        <JsonTree value={tool.input_schema} testId={`tool-schema-${tool.name}`} />
      </details>
    </section>
  );
}

/** The page of skill `name`; `tool` is scrolled to and highlighted. */
export function SkillPage({ name, tool }: { name: string; tool?: string }) {
  const { data, error, reload } = useResource(`skill:${name}`, () => api.getSkill(name));
  useEffect(() => {
    if (data && tool) document.getElementById(`tool-${tool}`)?.scrollIntoView({ block: 'start' });
  }, [data, tool]);
  if (error?.status === 404)
    return <NotFound what={`The skill ${name}`} back={{ to: '/skills', label: 'Go to skills' }} />;
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading what="the skill" />;
  return (
    <section data-testid="skill-page">
      <h1>
        {data.name} <span className="badge muted-badge">{data.origin}</span>
      </h1>
      {data.description && <p>{data.description}</p>}
      {data.unavailable && (
        <div className="state state-error" role="alert" data-testid="skill-unavailable">
          {data.unavailable}
        </div>
      )}
      {tool !== undefined && !data.tools.some((t) => t.name === tool) && (
        <p className="field-error" data-testid="tool-missing">
          This skill has no tool <code>{tool}</code>.
        </p>
      )}
      {data.tools.map((t) => (
        <ToolSection key={t.name} skill={data.name} tool={t} selected={t.name === tool} />
      ))}
    </section>
  );
}
