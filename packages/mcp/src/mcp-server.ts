// createMcpServer(): an MCP server exposing the engine as the guide's tools (one fresh server per session).
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type Engine, VERSION } from '@skill/workflow-core';
import { STORED_EXECUTION_STATUSES } from '@skill/workflow-model';
import * as z from 'zod';
import { executeWorkflow } from './execute-workflow-tool.js';
import { cancelExecution, getWorkflowStatus, listExecutions, retryExecution } from './execution-tools.js';
import { toToolResult } from './tool-result.js';
import type { ReferenceScope } from './workflow-reference.js';
import { listWorkflows, validateWorkflow } from './workflow-tools.js';

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

const MAX_CONTENT_CHARS = 1_000_000;
const executionId = z.string().min(1).max(200).describe('The execution id (a UUID).');

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

  server.registerTool(
    'execute_workflow',
    {
      description:
        'Run a workflow by name (from .workflows/) or by file path inside the project. With async_execution ' +
        'returns {execution_id, status} at once; otherwise waits, sends progress notifications as steps finish, ' +
        'and returns {execution_id, status, steps: {id: {status, output, error}}, error}.',
      inputSchema: {
        workflow: z.string().min(1).max(4096).describe('Workflow name or path to a .toml file.'),
        inputs: z.record(z.string(), z.unknown()).optional().describe('Values for the workflow [inputs].'),
        async_execution: z.boolean().optional().describe('Return at once with the execution id (default false).'),
      },
      annotations: { destructiveHint: true, openWorldHint: true },
    },
    (args, extra) => run(() => executeWorkflow(engine, server, scope, args, extra, options.handOffAsync)),
  );

  server.registerTool(
    'get_workflow_status',
    {
      description: 'The recorded state of an execution: status, inputs, timings, error and every step record.',
      inputSchema: { execution_id: executionId },
      annotations: { readOnlyHint: true },
    },
    (args) => run(() => getWorkflowStatus(engine, args.execution_id)),
  );

  server.registerTool(
    'list_workflows',
    {
      description:
        'The workflows of the workflows folder: {workflows: [{name, description, step_count, valid, trust}]} (trust: trusted, community or user-provided).',
      inputSchema: {
        name_pattern: z.string().optional().describe('A regular expression the workflow name must match.'),
      },
      annotations: { readOnlyHint: true },
    },
    (args) => run(() => listWorkflows(engine, args.name_pattern)),
  );

  server.registerTool(
    'list_executions',
    {
      description:
        'Executions, newest first: {items: [{id, workflow_name, status, created_at, duration_ms}], next_cursor}.',
      inputSchema: {
        workflow_name: z.string().max(200).optional(),
        status: z.enum(STORED_EXECUTION_STATUSES).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        cursor: z.string().max(1000).optional().describe('next_cursor of the previous page.'),
      },
      annotations: { readOnlyHint: true },
    },
    (args) => run(() => listExecutions(engine, args)),
  );

  server.registerTool(
    'cancel_execution',
    {
      description:
        'Cancel a pending or running execution, also one another process sharing the database runs: ' +
        '{cancelled, outcome, status}; outcome is cancelling (run here), requested (run elsewhere, stops within a ' +
        'second), cancelled (its process was gone: marked cancelled at once) or not_running (cancelled false). ' +
        'With wait, answers once the execution has ended (at most 15 s); status is its status then.',
      inputSchema: {
        execution_id: executionId,
        wait: z.boolean().optional().describe('Answer once the execution has ended (default false).'),
      },
      annotations: { destructiveHint: true, idempotentHint: true },
    },
    (args) => run(() => cancelExecution(engine, args)),
  );

  server.registerTool(
    'validate_workflow',
    {
      description:
        'Validate a workflow without running it, given by name/path (workflow) or as TOML text (content): ' +
        '{ok, diagnostics: [{code, severity, message, line, column, step_id?, hint?}]}.',
      inputSchema: {
        workflow: z.string().min(1).max(4096).optional(),
        content: z.string().max(MAX_CONTENT_CHARS).optional(),
      },
      annotations: { readOnlyHint: true },
    },
    (args) => run(() => validateWorkflow(engine, scope, args)),
  );

  server.registerTool(
    'retry_execution',
    {
      description:
        'Start a new execution that reuses the outputs upstream of from_step (default: the first failed step) ' +
        'and reruns it, and its downstream steps unless downstream is false: {execution_id}.',
      inputSchema: {
        execution_id: executionId,
        from_step: z.string().min(1).max(200).optional(),
        downstream: z.boolean().optional(),
      },
      annotations: { destructiveHint: true, openWorldHint: true },
    },
    (args) => run(() => retryExecution(engine, args)),
  );

  return server;
}

/**
 * Creates an MCP server (name `skill-engine`) with the tools `execute_workflow`, `get_workflow_status`,
 * `list_workflows`, `list_executions`, `cancel_execution`, `validate_workflow` and `retry_execution`.
 * Connect it to one transport; make a fresh one per session.
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  return buildMcpServer(options);
}
