// Skills declared in a project's `.skill-engine.toml` (the Skill Engine's manifest): where each runs and how.
import type { SourceLocation } from './errors.js';

/** How a manifest skill runs: a host program, a container, or a WebAssembly component (not supported). */
export type ManifestRuntime = 'native' | 'docker' | 'wasm';

/** `[skills.<name>.docker]`: the container a docker skill runs in (the engine's secure defaults apply). */
export interface ManifestDockerSettings {
  image: string;
  /** The program the tool's `args` are given to (argv), instead of the image's entrypoint. */
  entrypoint?: string;
  network?: string;
  memory_limit_bytes?: number;
  cpu_limit?: number;
  working_dir?: string;
  user?: string;
  /** `host:container[:ro|rw]`, host paths made absolute against the manifest's folder. */
  volumes: string[];
}

/** `[skills.<name>.instances.<instance>]`: one configuration of a skill. */
export interface ManifestInstance {
  /** `config.<key>`: given to the tool as JSON in `SKILL_CONFIG`. */
  config: Record<string, string>;
  /** `env.<KEY>`: environment variables of the tool. */
  env: Record<string, string>;
}

/** The value types a SKILL.md parameter may declare (`string` when it names none). */
export type ManifestParameterType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

/** One `- \`name\` (required, type): description` line of a SKILL.md tool's `**Parameters**:` list. */
export interface ManifestToolParameter {
  name: string;
  type: ManifestParameterType;
  required: boolean;
  description: string;
}

/** One tool a native skill's SKILL.md documents (a `### name` heading under its `## Tools` section). */
export interface ManifestTool {
  name: string;
  description: string;
  parameters: ManifestToolParameter[];
}

/** One `[skills.<name>]` table of a `.skill-engine.toml`. */
export interface ManifestSkillDeclaration {
  name: string;
  runtime: ManifestRuntime;
  source: string;
  description?: string;
  /** The instance used when a step names none (`default_instance`, else `default`). */
  default_instance: string;
  instances: Record<string, ManifestInstance>;
  /** For `native`: the program, absolute (a `./` or `../` source resolved against the manifest's folder). */
  program?: string;
  /** For `native`: the tools the SKILL.md in the program's folder documents (absent: the one `run` tool). */
  tools?: ManifestTool[];
  /** For `docker`. */
  docker?: ManifestDockerSettings;
  /** The folder of the manifest (native programs run there). */
  base_dir: string;
  /** Where the `[skills.<name>]` table is. */
  location: SourceLocation;
}
