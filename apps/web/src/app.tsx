// The dashboard shell: header navigation and the page for the current URL.
import { ExecutionPage } from './pages/execution-page.js';
import { ExecutionsPage } from './pages/executions-page.js';
import { SchedulesPage } from './pages/schedules-page.js';
import { SkillPage } from './pages/skill-page.js';
import { SkillsPage } from './pages/skills-page.js';
import { WorkersPage } from './pages/workers-page.js';
import { WorkflowPage } from './pages/workflow-page.js';
import { WorkflowsPage } from './pages/workflows-page.js';
import { Link, parseRoute, useLocation } from './router.js';
import { NotFound } from './states.js';

/** The whole dashboard. */
export function App() {
  const { pathname, search } = useLocation();
  const route = parseRoute(pathname);
  const section =
    route.page === 'workflows' || route.page === 'workflow'
      ? 'workflows'
      : route.page === 'skills' || route.page === 'skill'
        ? 'skills'
        : route.page === 'schedules' || route.page === 'workers'
          ? route.page
          : 'executions';
  return (
    <>
      <header className="top">
        <Link to="/workflows" className="brand">
          skill workflows
        </Link>
        <nav aria-label="main">
          <Link to="/workflows" aria-current={section === 'workflows' ? 'page' : undefined} data-testid="nav-workflows">
            Workflows
          </Link>
          <Link
            to="/executions"
            aria-current={section === 'executions' ? 'page' : undefined}
            data-testid="nav-executions"
          >
            Executions
          </Link>
          <Link to="/skills" aria-current={section === 'skills' ? 'page' : undefined} data-testid="nav-skills">
            Skills
          </Link>
          <Link to="/schedules" aria-current={section === 'schedules' ? 'page' : undefined} data-testid="nav-schedules">
            Schedules
          </Link>
          <Link to="/workers" aria-current={section === 'workers' ? 'page' : undefined} data-testid="nav-workers">
            Workers
          </Link>
        </nav>
      </header>
      <main>
        {route.page === 'workflows' && <WorkflowsPage />}
        {route.page === 'workflow' && <WorkflowPage key={route.name} name={route.name} />}
        {route.page === 'executions' && <ExecutionsPage search={search} />}
        {route.page === 'execution' && (
          <ExecutionPage
            key={route.id}
            id={route.id}
            {...(route.step !== undefined ? { step: route.step } : {})}
            {...(route.item !== undefined ? { item: route.item } : {})}
          />
        )}
        {route.page === 'skills' && <SkillsPage />}
        {route.page === 'schedules' && <SchedulesPage />}
        {route.page === 'workers' && <WorkersPage />}
        {route.page === 'skill' && (
          <SkillPage key={route.name} name={route.name} {...(route.tool !== undefined ? { tool: route.tool } : {})} />
        )}
        {route.page === 'not-found' && (
          <NotFound what={`The page ${route.path}`} back={{ to: '/workflows', label: 'Go to workflows' }} />
        )}
      </main>
    </>
  );
}
