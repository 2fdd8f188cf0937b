// The typed commands parseCommandLine produces, one interface per command.
import type { ExecutionStatus } from '@skill/workflow-model';
import type { HelpTopic } from './help.js';

/** Output formats of `skill workflow graph`. */
export const GraphFormat = { Text: 'text', Mermaid: 'mermaid', Dot: 'dot', Json: 'json' } as const;
/** One of the values of {@link GraphFormat}. */
export type GraphFormat = (typeof GraphFormat)[keyof typeof GraphFormat];

/** `skill workflow run`. */
export interface RunCommand {
  kind: 'run';
  workflow: string;
  /** `--input key=value` pairs, later ones winning. */
  inputs: Record<string, string>;
  inputsFile?: string;
  json: boolean;
  quiet: boolean;
  /** `--database-url`. */
  database?: string;
  /** `--queue`: steps run on `skill worker`s through this Redis or PostgreSQL queue. */
  queue?: string;
}

/** `skill workflow retry <execution-id>`. */
export interface RetryCommand {
  kind: 'retry';
  executionId: string;
  /** `--from STEP`; default: the first failed step. */
  from?: string;
  /** False with `--no-downstream`. */
  downstream: boolean;
  json: boolean;
  quiet: boolean;
  database?: string;
}

/** `skill executions list`. */
export interface ExecutionsListCommand {
  kind: 'executions-list';
  workflow?: string;
  status?: ExecutionStatus;
  limit: number;
  json: boolean;
  database?: string;
}

/** `skill executions show <id>`. */
export interface ExecutionsShowCommand {
  kind: 'executions-show';
  id: string;
  json: boolean;
  database?: string;
}

/** `skill executions cancel <id>`. */
/** `skill executions approve|reject <id> <step> [--field k=v]... [--comment text]`. */
export interface ExecutionsDecideCommand {
  kind: 'executions-approve' | 'executions-reject';
  /** The execution id and the step id. */
  target: string[];
  fields: Record<string, string>;
  comment?: string;
  json: boolean;
  database?: string;
}

export interface ExecutionsCancelCommand {
  kind: 'executions-cancel';
  id: string;
  json: boolean;
  database?: string;
}

/** `skill executions resume <id>`: continues an interrupted execution, shown like `skill workflow run`. */
export interface ExecutionsResumeCommand {
  kind: 'executions-resume';
  id: string;
  json: boolean;
  quiet: boolean;
  database?: string;
}

/** `skill executions logs <id>`. */
export interface ExecutionsLogsCommand {
  kind: 'executions-logs';
  id: string;
  follow: boolean;
  json: boolean;
  database?: string;
}

/** `skill serve`: flags only; the server reads the `SKILL_*` environment for the rest. */
export interface ServeCommand {
  kind: 'serve';
  port?: number;
  host?: string;
  workflowsDir?: string;
  database?: string;
  /** `--token`: visible in `ps`, so a warning is printed. */
  token?: string;
  /** `--token-file`: a file only its owner may read. */
  tokenFile?: string;
  allowUntrusted: boolean;
  /** Level of API/MCP-created workflows. */
  apiTrust?: 'community' | 'user-provided';
  /** The only host folder untrusted containers may bind-mount from. */
  dataDir?: string;
  /** Docker networks user-provided workflows may join. */
  allowedNetworks?: string[];
  /** Private or loopback targets untrusted http steps may reach. */
  httpAllowList?: string[];
  /** `--allow-mcp-server`: MCP servers of skills.toml that API/MCP-created workflows may call. */
  untrustedMcpServers?: string[];
  /** `--queue`: steps run on `skill worker`s through this Redis or PostgreSQL queue. */
  queue?: string;
}

/** `skill worker`: runs step jobs from a queue. */
export interface WorkerCommand {
  kind: 'worker';
  queue?: string;
  concurrency: number;
  labels: string[];
  name?: string;
  /** `--health-port`: serve /healthz and /metrics (0: any free port). */
  healthPort?: number;
  healthHost: string;
  /** `--grace`: how long running steps may finish on SIGTERM. */
  graceMs: number;
}

/** `skill mcp`: an MCP server on stdin/stdout. */
export interface McpCommand {
  kind: 'mcp';
  database?: string;
  allowUntrusted: boolean;
}

/** `skill init [dir]`: `dir` holds the folder given, if any. */
export interface InitCommand {
  kind: 'init';
  dir: string[];
}

/** A parsed command line. */
export type Command =
  | { kind: 'help'; topic: HelpTopic }
  | { kind: 'version' }
  | RunCommand
  | RetryCommand
  | { kind: 'validate'; files: string[]; json: boolean; explain: boolean }
  | { kind: 'list'; json: boolean }
  | { kind: 'graph'; workflow: string; format: GraphFormat }
  | ExecutionsListCommand
  | ExecutionsShowCommand
  | ExecutionsLogsCommand
  | ExecutionsCancelCommand
  | ExecutionsDecideCommand
  | ExecutionsResumeCommand
  | ServeCommand
  | McpCommand
  | InitCommand
  | WorkerCommand
  | { kind: 'workers-list'; queue?: string; json: boolean }
  | { kind: 'skills-list'; json: boolean }
  | { kind: 'skills-describe'; names: string[]; json: boolean }
  | { kind: 'skills-refresh'; servers: string[]; json: boolean }
  | { kind: 'schedules-list'; json: boolean; database?: string }
  | { kind: 'schedules-pause' | 'schedules-resume'; target: string[]; json: boolean; database?: string };
