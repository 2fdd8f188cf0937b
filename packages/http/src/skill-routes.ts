// GET /api/skills and GET /api/skills/:name: the catalogue of skills (built-in, skills/ modules, MCP servers of
// skills.toml) with each tool's argument schema, as `skill skills list|describe` shows it.
import { type Engine, hideLocalPathsDeep } from '@skill/workflow-core';
import { WorkflowError } from '@skill/workflow-model';
import { Hono } from 'hono';

/** The skill routes, relative to `/api/skills`; local paths (an MCP server's command) are shown relative to the project. */
export function skillRoutes(engine: Engine): Hono {
  const routes = new Hono();
  routes.get('/', async (c) => {
    const skills = await engine.listSkills();
    return c.json({ items: hideLocalPathsDeep(skills, engine.cwd) });
  });
  routes.get('/:name', async (c) => {
    const name = c.req.param('name');
    const skill = (await engine.listSkills()).find((candidate) => candidate.name === name);
    if (!skill) throw new WorkflowError('SKILL_NOT_FOUND', `no skill named "${name}"`, { name });
    return c.json(hideLocalPathsDeep(skill, engine.cwd));
  });
  return routes;
}
