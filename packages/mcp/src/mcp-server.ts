// createMcpServer(): an MCP server exposing the engine as the guide's tools (one fresh server per session).
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type Engine, VERSION } from '@skill/workflow-core';
import { executeWorkflow } from './execute-workflow-tool.js';
import {
  cancelExecution,
  decideApproval,
  getWorkflowStatus,
  listExecutions,
  retryExecution,
} from './execution-tools.js';
import { toToolResult } from './tool-result.js';
import { TOOL_SPECS } from './tool-specs.js';
import type { ReferenceScope } from './workflow-reference.js';
import { listSkills, listWorkflowSchedules, listWorkflows, validateWorkflow } from './workflow-tools.js';

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  engine: Engine;
  /**
   * Trust workflow files passed as paths (they may run `command` steps and `unsafe_native` code).
   * Default false: files outside the engine's workflows folder run untrusted.
   */
  trusted?: boolean;
  /**
   * The project folder workflow paths resolve against and must stay inside. Default: the parent of the
   * engine's workflows folder when that is named `.workflows`, else `process.cwd()`.
   */
  cwd?: string;
  /**
   * Who runs `execute_workflow` calls with `async_execution`: given, the execution is recorded here and handed to
   * it (`skill mcp` starts a detached `skill executions resume <id>`), so the run outlives a stdio client that
   * kills this server when it leaves. Default: this process runs it.
   */
  handOffAsync?: (executionId: string) => void;
}

/** Called around every tool call (the HTTP handler uses it to keep busy sessions alive). */
export interface ToolActivity {
  begin(): void;
  end(): void;
}

function defaultRoot(workflowsDir: string): string {
  return path.basename(workflowsDir) === '.workflows' ? path.dirname(workflowsDir) : process.cwd();
}

/** Builds the server; `activity` is internal plumbing for the HTTP session table. */
export function buildMcpServer(options: McpServerOptions, activity?: ToolActivity): McpServer {
  const { engine } = options;
  const scope: ReferenceScope = {
    root: path.resolve(options.cwd ?? defaultRoot(engine.workflowsDir)),
    workflowsDir: engine.workflowsDir,
    trustAllFiles: options.trusted ?? false,
  };
  const server = new McpServer({ name: 'skill-engine', version: VERSION });
  const run = async (body: () => Promise<Record<string, unknown>>): Promise<CallToolResult> => {
    activity?.begin();
    try {
      return await toToolResult(body, scope.root);
    } finally {
      activity?.end();
    }
  };

  server.registerTool('execute_workflow', TOOL_SPECS.execute_workflow, (args, extra) =>
    run(() => executeWorkflow(engine, server, scope, args, extra, options.handOffAsync)),
  );
  server.registerTool('get_workflow_status', TOOL_SPECS.get_workflow_status, (args) =>
    run(() => getWorkflowStatus(engine, args.execution_id)),
  );
  server.registerTool('list_workflows', TOOL_SPECS.list_workflows, (args) =>
    run(() => listWorkflows(engine, args.name_pattern)),
  );
  server.registerTool('list_executions', TOOL_SPECS.list_executions, (args) => run(() => listExecutions(engine, args)));
  server.registerTool('cancel_execution', TOOL_SPECS.cancel_execution, (args) =>
    run(() => cancelExecution(engine, args)),
  );
  server.registerTool('validate_workflow', TOOL_SPECS.validate_workflow, (args) =>
    run(() => validateWorkflow(engine, scope, args)),
  );
  server.registerTool('list_skills', TOOL_SPECS.list_skills, (args) => run(() => listSkills(engine, args.skill)));
  server.registerTool('list_schedules', TOOL_SPECS.list_schedules, (args) =>
    run(() => listWorkflowSchedules(engine, args.workflow_name)),
  );
  server.registerTool('list_workers', TOOL_SPECS.list_workers, () =>
    run(async () => ({ workers: await engine.listWorkers() })),
  );
  server.registerTool('retry_execution', TOOL_SPECS.retry_execution, (args) => run(() => retryExecution(engine, args)));
  server.registerTool('decide_approval', TOOL_SPECS.decide_approval, (args) => run(() => decideApproval(engine, args)));

  return server;
}

/**
 * Creates an MCP server (name `skill-engine`) with the tools `execute_workflow`, `get_workflow_status`,
 * `list_workflows`, `list_executions`, `cancel_execution`, `validate_workflow`, `retry_execution`, `list_skills`,
 * `list_schedules`, `decide_approval` and `list_workers`.
 * Connect it to one transport; make a fresh one per session.
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  return buildMcpServer(options);
}
