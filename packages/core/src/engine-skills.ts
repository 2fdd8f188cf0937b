// The skills part of an engine: the catalogue (every skill with its tools' argument schemas), refreshing the
// MCP servers' cached tool lists, and closing the connections to them.
import type { EngineContext } from './engine-context.js';
import type { Engine, SkillSummary } from './engine-types.js';

/** The skills part of an engine. */
export type EngineSkills = Pick<Engine, 'listSkills' | 'refreshSkills' | 'closeConnections'>;

/** The skills part of the engine with context `ctx`. */
export function createSkills(ctx: EngineContext): EngineSkills {
  return {
    async listSkills() {
      await ctx.ensureSkills();
      return ctx.skills.names().flatMap((name): SkillSummary[] => {
        const skill = ctx.skills.get(name);
        if (!skill) return [];
        const tools = Object.entries(skill.tools)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([tool, spec]) => ({ name: tool, description: spec.description, input_schema: spec.inputSchema }));
        return [
          {
            name,
            origin: ctx.skills.originOf(name) ?? 'module',
            ...(skill.description ? { description: skill.description } : {}),
            ...(skill.unavailable === undefined ? {} : { unavailable: skill.unavailable }),
            tools,
          },
        ];
      });
    },
    async refreshSkills(servers) {
      // Not ensureSkills first: that would fetch stale tool lists once before fetching them again.
      const { skills, results } = await ctx.mcp.refresh(servers);
      ctx.addMcpSkills(skills);
      return results;
    },
    closeConnections: () => ctx.mcp.close(),
  };
}
