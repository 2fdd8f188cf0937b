// The guide's seven MCP tools, list_skills and list_schedules as data: what each does, the arguments it takes (zod shapes) and its hints.
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { STORED_EXECUTION_STATUSES } from '@skill/workflow-model';
import * as z from 'zod';

const MAX_CONTENT_CHARS = 1_000_000;
const executionId = z.string().min(1).max(200).describe('The execution id (a UUID).');

/** The description, input schema and annotations of each tool, by tool name; `buildMcpServer` wires them. */
export const TOOL_SPECS = {
  execute_workflow: {
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
  get_workflow_status: {
    description: 'The recorded state of an execution: status, inputs, timings, error and every step record.',
    inputSchema: { execution_id: executionId },
    annotations: { readOnlyHint: true },
  },
  list_workflows: {
    description:
      'The workflows of the workflows folder: {workflows: [{name, description, step_count, valid, trust}]} (trust: trusted, community or user-provided).',
    inputSchema: {
      name_pattern: z.string().optional().describe('A regular expression the workflow name must match.'),
    },
    annotations: { readOnlyHint: true },
  },
  list_executions: {
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
  cancel_execution: {
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
  validate_workflow: {
    description:
      'Validate a workflow without running it, given by name/path (workflow) or as TOML text (content): ' +
      '{ok, diagnostics: [{code, severity, message, line, column, step_id?, hint?}]}.',
    inputSchema: {
      workflow: z.string().min(1).max(4096).optional(),
      content: z.string().max(MAX_CONTENT_CHARS).optional(),
    },
    annotations: { readOnlyHint: true },
  },
  list_skills: {
    description:
      'The skills skill steps can call (built-in, skills/ modules, MCP servers of skills.toml): ' +
      '{skills: [{name, origin, description?, unavailable?, tools: [{name, description, input_schema?}]}]}; ' +
      "input_schema (the JSON Schema of a step's args) only for the skill named by `skill`.",
    inputSchema: {
      skill: z.string().min(1).max(200).optional().describe('Only this skill, with its tools’ argument schemas.'),
    },
    annotations: { readOnlyHint: true },
  },
  list_schedules: {
    description:
      "The schedules ([[triggers]] with cron) of the project's workflows, which `skill serve` fires: " +
      '{schedules: [{workflow_name, trigger_index, cron, timezone, overlap, catch_up, inputs, paused, next_fire?, ' +
      'last_ticks: [{tick, outcome, execution_id?, note?}]}]}.',
    inputSchema: {
      workflow_name: z.string().min(1).max(200).optional().describe('Only the schedules of this workflow.'),
    },
    annotations: { readOnlyHint: true },
  },
  decide_approval: {
    description:
      'Approve or reject a waiting approval step (step_type = "approval"; get_workflow_status shows it as status ' +
      '"waiting" with its message and form in metadata.waiting), wherever its execution runs. fields are the ' +
      "form's values (the required ones when approving). The first decision recorded counts: " +
      '{execution_id, step_id, decision, decided_by: "mcp", fields, comment?, decided_at}.',
    inputSchema: {
      execution_id: executionId,
      step_id: z.string().min(1).max(200).describe('The approval step.'),
      decision: z.enum(['approve', 'reject']),
      fields: z.record(z.string(), z.unknown()).optional().describe("Values of the approval's form fields."),
      comment: z.string().max(10_000).optional(),
    },
    annotations: { destructiveHint: true, idempotentHint: false },
  },
  list_workers: {
    description:
      "The live `skill worker`s of the server's queue (none when steps run in the server's process): " +
      '{workers: [{name, labels, running, concurrency, last_heartbeat, host?, pid?}]}.',
    inputSchema: {},
    annotations: { readOnlyHint: true },
  },
  retry_execution: {
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
} satisfies Record<string, { description: string; inputSchema: z.ZodRawShape; annotations: ToolAnnotations }>;
