// JSON Schemas of the API's bodies, referenced by the OpenAPI document (components.schemas).
import { EventType, ExecutionStatus, TRUST_LEVELS } from '@skill/workflow-model';

/** A workflow's trust level (docs/security.md). */
const trustLevel = {
  type: 'string',
  enum: [...TRUST_LEVELS],
  description: 'The trust level it runs at: trusted, community or user-provided (docs/security.md).',
};

const looseObject = { type: 'object', additionalProperties: true } as const;

/** An object schema with these `required` keys and `properties`. */
function objectSchema(required: string[], properties: Record<string, unknown>) {
  return { type: 'object', required, properties };
}

/** `components.schemas` of the OpenAPI document. */
export const openApiSchemas: Record<string, unknown> = {
  Error: objectSchema(['error'], {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', examples: ['WORKFLOW_INVALID', 'EXECUTION_NOT_FOUND', 'UNTRUSTED_STEP'] },
        message: { type: 'string' },
        details: {
          type: 'object',
          additionalProperties: true,
          properties: { diagnostics: { type: 'array', items: { $ref: '#/components/schemas/Diagnostic' } } },
        },
      },
    },
  }),
  Diagnostic: objectSchema(['code', 'severity', 'message', 'line', 'column'], {
    code: { type: 'string' },
    severity: { enum: ['error', 'warning'] },
    message: { type: 'string' },
    file: { type: 'string' },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
    step_id: { type: 'string' },
    path: { type: 'string' },
    hint: { type: 'string' },
  }),
  Health: objectSchema(['status', 'version'], { status: { const: 'ok' }, version: { type: 'string' } }),
  Skill: objectSchema(['name', 'origin', 'tools'], {
    name: { type: 'string' },
    origin: { enum: ['builtin', 'module', 'mcp', 'manifest'] },
    description: { type: 'string' },
    unavailable: { type: 'string', description: 'Why its tools are unknown (an MCP server that could not list them).' },
    tools: {
      type: 'array',
      items: objectSchema(['name', 'description', 'input_schema'], {
        name: { type: 'string' },
        description: { type: 'string' },
        input_schema: { ...looseObject, description: 'JSON Schema of the `args` of a step calling the tool.' },
      }),
    },
  }),
  WorkflowSummary: objectSchema(['name', 'step_count', 'valid', 'trusted', 'trust', 'diagnostics'], {
    name: { type: 'string' },
    description: { type: 'string' },
    file: { type: 'string' },
    step_count: { type: 'integer' },
    valid: { type: 'boolean' },
    trusted: { type: 'boolean' },
    trust: trustLevel,
    diagnostics: { type: 'array', items: { $ref: '#/components/schemas/Diagnostic' } },
  }),
  WorkflowDetail: objectSchema(
    ['name', 'valid', 'trusted', 'trust', 'file', 'source', 'definition', 'graph', 'diagnostics'],
    {
      name: { type: 'string' },
      valid: { type: 'boolean' },
      trusted: { type: 'boolean' },
      trust: trustLevel,
      file: { type: ['string', 'null'] },
      source: { type: ['string', 'null'], description: 'The TOML text of the workflow file.' },
      definition: { ...looseObject, type: ['object', 'null'] },
      graph: {
        oneOf: [{ $ref: '#/components/schemas/WorkflowGraph' }, { type: 'null' }],
        description: 'The step graph of a valid workflow; null when it is invalid.',
      },
      diagnostics: { type: 'array', items: { $ref: '#/components/schemas/Diagnostic' } },
    },
  ),
  GraphStep: objectSchema(['id', 'step_type', 'depends_on'], {
    id: { type: 'string' },
    step_type: { type: 'string' },
    workflow: { type: 'string', description: "A `workflow` step's child workflow." },
    depends_on: {
      type: 'array',
      items: { type: 'string' },
      description: 'Every dependency, inferred ones included.',
    },
    inferred_depends_on: {
      type: 'array',
      items: { type: 'string' },
      description: 'The dependencies implied by references, not listed in `depends_on` of the TOML.',
    },
    when: { type: 'string' },
  }),
  WorkflowGraph: {
    type: 'object',
    required: ['levels', 'nodes', 'edges'],
    description: 'Top-level steps, their dependency edges and the topological levels the scheduler computes.',
    properties: {
      levels: {
        type: 'array',
        items: { type: 'array', items: { type: 'string' } },
        description: 'Step ids by level; level 0 holds the steps without dependencies.',
      },
      nodes: {
        type: 'array',
        items: {
          allOf: [
            { $ref: '#/components/schemas/GraphStep' },
            objectSchema(['level'], {
              level: { type: 'integer', minimum: 0 },
              loop: {
                type: 'array',
                items: { $ref: '#/components/schemas/GraphStep' },
                description: 'The loop body of a foreach step.',
              },
            }),
          ],
        },
      },
      edges: {
        type: 'array',
        items: objectSchema(['source', 'target'], {
          source: { type: 'string', description: 'The step depended on.' },
          target: { type: 'string', description: 'The dependent step.' },
          inferred: { const: true, description: 'Implied by a reference, not listed in `depends_on`.' },
        }),
      },
    },
  },
  CreateWorkflowRequest: objectSchema(['name', 'content'], {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', description: 'Must equal the TOML name.' },
    content: { type: 'string', description: 'The workflow as TOML text.' },
    format: { const: 'toml', default: 'toml' },
  }),
  ReplaceWorkflowRequest: objectSchema(['content'], {
    name: { type: 'string', description: 'Optional; must equal the name in the URL and in the TOML.' },
    content: { type: 'string', description: 'The workflow as TOML text.' },
    format: { const: 'toml', default: 'toml' },
  }),
  CreatedWorkflow: objectSchema(['name', 'trusted', 'trust', 'diagnostics'], {
    name: { type: 'string' },
    trusted: { const: false },
    trust: trustLevel,
    file: { type: ['string', 'null'] },
    diagnostics: { type: 'array', items: { $ref: '#/components/schemas/Diagnostic' } },
  }),
  ExecuteRequest: {
    type: 'object',
    properties: {
      inputs: { ...looseObject, default: {} },
      async_execution: { type: 'boolean', default: false },
    },
  },
  StartedExecution: objectSchema(['execution_id', 'status'], {
    execution_id: { type: 'string' },
    status: { enum: Object.values(ExecutionStatus) },
    retry_of: { ...looseObject, type: ['object', 'null'] },
  }),
  RetryRequest: {
    type: 'object',
    properties: {
      from: { type: 'string', description: 'The step to rerun; default the first failed step.' },
      downstream: { type: 'boolean', default: true },
    },
  },
  DecisionRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      fields: { ...looseObject, description: "Values of the approval's form `fields` (required ones when approving)." },
      comment: { type: 'string', maxLength: 10_000 },
    },
  },
  Decision: objectSchema(['execution_id', 'step_id', 'decision', 'decided_by', 'fields', 'decided_at'], {
    execution_id: { type: 'string' },
    step_id: { type: 'string' },
    decision: { enum: ['approved', 'rejected'] },
    decided_by: { type: 'string', description: '`api:token` or `api:anonymous` through this API.' },
    fields: looseObject,
    comment: { type: 'string' },
    decided_at: { type: 'string', format: 'date-time' },
  }),
  Execution: objectSchema(['id', 'workflow_name', 'status', 'inputs', 'created_at', 'steps', 'last_seq'], {
    id: { type: 'string' },
    workflow_name: { type: 'string' },
    status: { enum: Object.values(ExecutionStatus) },
    inputs: looseObject,
    created_at: { type: 'string', format: 'date-time' },
    started_at: { type: 'string', format: 'date-time' },
    finished_at: { type: 'string', format: 'date-time' },
    duration_ms: { type: 'number' },
    error: looseObject,
    steps: { type: 'object', additionalProperties: looseObject },
    definition: looseObject,
    last_seq: { type: 'integer' },
    trusted: { type: 'boolean' },
    retry_of: looseObject,
    trigger: { ...looseObject, description: 'What started it, when a trigger did: `{type: "schedule", index, tick}`.' },
    parent: {
      ...looseObject,
      description: 'For a sub-workflow: the execution and `workflow` step that started it, `{execution_id, step}`.',
    },
    children: {
      type: 'array',
      description: 'The sub-workflow executions its `workflow` steps started (GET /api/executions/{id} only).',
      items: objectSchema(['execution_id', 'step', 'workflow_name', 'status'], {
        execution_id: { type: 'string' },
        step: { type: 'string' },
        workflow_name: { type: 'string' },
        status: { enum: Object.values(ExecutionStatus) },
      }),
    },
    waiting_for: {
      ...looseObject,
      description:
        'While `queued`: `{reason, key, limit, holders}`, the concurrency key it waits for and who holds it.',
    },
  }),
  Schedule: objectSchema(['workflow_name', 'trigger_index', 'cron', 'timezone', 'overlap', 'catch_up', 'paused'], {
    workflow_name: { type: 'string' },
    trigger_index: { type: 'integer', minimum: 0, description: "The trigger's place in the workflow's [[triggers]]." },
    cron: { type: 'string' },
    timezone: { type: 'string' },
    overlap: { enum: ['skip', 'queue', 'allow'] },
    catch_up: { enum: ['none', 'latest', 'all'] },
    inputs: looseObject,
    paused: { type: 'boolean' },
    next_fire: { type: 'string', format: 'date-time', description: 'Absent while paused.' },
    last_ticks: {
      type: 'array',
      description:
        'The latest ticks, newest first: outcome claimed, queued, started (with execution_id), skipped or failed (with note).',
      items: looseObject,
    },
  }),
  ExecutionPage: objectSchema(['items', 'next_cursor'], {
    items: { type: 'array', items: { $ref: '#/components/schemas/Execution' } },
    next_cursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page.' },
  }),
  Event: {
    type: 'object',
    required: ['type', 'execution_id', 'workflow_name', 'seq', 'timestamp'],
    additionalProperties: true,
    properties: {
      type: { enum: Object.values(EventType) },
      execution_id: { type: 'string' },
      workflow_name: { type: 'string' },
      seq: { type: 'integer', minimum: 1 },
      timestamp: { type: 'string', format: 'date-time' },
      step_id: { type: 'string' },
      status: { type: 'string' },
      output: {},
      error: {},
      change: { $ref: '#/components/schemas/RecordChange' },
    },
  },
  RecordChange: {
    type: 'object',
    description:
      'The `change` field of a WebSocket event: what the event changed in the execution record. Events replayed ' +
      'from before the connection opened may carry a later state of their step (merging in order still ends at ' +
      'the stored record).',
    properties: {
      execution: objectSchema(['status'], {
        status: { enum: Object.values(ExecutionStatus) },
        started_at: { type: 'string', format: 'date-time' },
        finished_at: { type: 'string', format: 'date-time' },
        duration_ms: { type: 'number' },
        error: looseObject,
        waiting_for: looseObject,
      }),
      step: { ...looseObject, description: "The step record of the event's `step_id` (as in `Execution.steps`)." },
    },
  },
  StepLogs: objectSchema(['execution_id', 'step_id', 'lines'], {
    execution_id: { type: 'string' },
    step_id: { type: 'string' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        required: ['seq', 'timestamp', 'stream', 'message'],
        properties: {
          seq: { type: 'integer' },
          timestamp: { type: 'string', format: 'date-time' },
          stream: { enum: ['stdout', 'stderr', null] },
          message: { type: 'string' },
        },
      },
    },
  }),
};
