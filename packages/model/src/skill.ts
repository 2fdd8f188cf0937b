// The Skill interface: named tools with an input schema, called by `step_type = "skill"` steps.
import type { ExecutorContext, StepResult } from './executor.js';

/** One tool of a skill. */
export interface SkillTool {
  description: string;
  /** JSON Schema of `args`. */
  inputSchema: Record<string, unknown>;
  run(args: Record<string, unknown>, ctx: ExecutorContext): Promise<StepResult>;
}

/** A named set of tools. */
export interface Skill {
  name: string;
  description?: string;
  tools: Record<string, SkillTool>;
  /** Why the tools are unknown (e.g. an MCP server whose tool list could not be fetched); steps using it fail with this. */
  unavailable?: string;
}
