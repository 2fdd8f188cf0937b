// The Skills page: every skill steps can call (built in, skills/ modules, MCP servers of skills.toml) and its tools.
import { api, type SkillSummary } from '../api.js';
import { Link, pathOf } from '../router.js';
import { ErrorState, Loading } from '../states.js';
import { TableHead } from '../table-head.js';
import { useResource } from '../use-resource.js';

function SkillsTable({ items }: { items: SkillSummary[] }) {
  return (
    <table className="table" data-testid="skills-table">
      <TableHead columns={['Name', 'Origin', 'Tools', 'Description']} />
      <tbody>
        {items.map((skill) => (
          <tr key={skill.name} data-testid={`skill-row-${skill.name}`}>
            <td>
              <Link to={pathOf('skills', skill.name)}>{skill.name}</Link>
            </td>
            <td>
              <span className="badge muted-badge">{skill.origin}</span>
            </td>
            <td>
              {skill.tools.map((tool, index) => (
                <span key={tool.name}>
                  {index > 0 && ', '}
                  <Link to={pathOf('skills', skill.name, tool.name)}>{tool.name}</Link>
                </span>
              ))}
            </td>
            <td>
              {skill.unavailable ? (
                <span
                  className="badge status-failed"
                  title={skill.unavailable}
                  data-testid={`skill-unavailable-${skill.name}`}
                >
                  unavailable
                </span>
              ) : (
                (skill.description ?? <span className="muted">—</span>)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Lists the skills of the server's project. */
export function SkillsPage() {
  const { data, error, reload } = useResource('skills', api.listSkills);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading what="skills" />;
  return (
    <section>
      <h1>Skills</h1>
      <p className="muted">
        Called by <code>step_type = "skill"</code> steps. MCP servers are declared in <code>skills.toml</code>.
      </p>
      <SkillsTable items={data.items} />
    </section>
  );
}
