// The MCP servers of an engine, made at first use: creating an engine (to validate a workflow) loads none of the
// MCP, tool-cache or skills.toml code.
import type { McpSkills, McpSkillsOptions } from './mcp-skills.js';

/** What the engine asks of its MCP servers. */
export type EngineMcpSkills = Pick<McpSkills, 'load' | 'reloadInBackground' | 'refresh' | 'close'>;

/** The MCP servers of `options.projectDir`; the module behind them is imported by the first call that needs it. */
export function lazyMcpSkills(options: McpSkillsOptions): EngineMcpSkills {
  let made: Promise<McpSkills> | undefined;
  const mcp = (): Promise<McpSkills> => {
    made ??= import('./mcp-skills.js').then((module) => new module.McpSkills(options));
    return made;
  };
  return {
    load: async () => (await mcp()).load(),
    reloadInBackground: (onReloaded) => {
      void mcp().then((made) => made.reloadInBackground(onReloaded));
    },
    refresh: async (names) => (await mcp()).refresh(names),
    // Nothing made, nothing connected: closing imports nothing.
    close: async () => (made ? (await made).close() : undefined),
  };
}
