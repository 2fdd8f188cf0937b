// The OpenAPI 3.1 document of the REST API (served at /api/openapi.json); the WebSocket is described in prose.
import { VERSION } from '@skill/workflow-core';
import { STORED_EXECUTION_STATUSES } from '@skill/workflow-model';
import { completeOperations } from './openapi-operations.js';
import { openApiSchemas } from './openapi-schemas.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description,
});
const query = (name: string, schema: unknown, description: string) => ({ name, in: 'query', schema, description });

/** A workflow name in a path: the checks of `checkWorkflowName` (a pattern, 200 characters; no `..`, no `.toml`). */
const workflowName = (param: string, description: string) => ({
  ...pathParam(param, description),
  schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', maxLength: 200 },
});
const name = workflowName('name', 'Workflow name.');
const id = pathParam('id', 'Execution id.');
const skillName = pathParam('name', 'Skill name (a built-in skill, a skills/ module or an MCP server of skills.toml).');
const since = query('since', { type: 'integer', minimum: 0 }, 'Only events with a greater `seq`.');
const common = { '401': error('Missing or wrong bearer token.'), '403': error('Origin or host not allowed.') };
const bodyRefused = {
  '413': error('Body too large.'),
  '415': error('The body is not sent as `application/json` (`UNSUPPORTED_MEDIA_TYPE`).'),
};
const badSince = error('`since` is not a whole number (`INVALID_REQUEST`).');
const notFound = { '404': error('No such workflow, execution or step.') };

/** `POST /api/schedules/{workflow}/{index}/<action>`. */
function scheduleAction(action: string, summary: string) {
  const parameters = [
    workflowName('workflow', 'Workflow name.'),
    {
      ...pathParam('index', "The trigger's index in [[triggers]]."),
      schema: { type: 'integer', minimum: 0, maximum: 31 },
    },
  ];
  return {
    [`/api/schedules/{workflow}/{index}/${action}`]: {
      post: {
        summary,
        parameters,
        responses: {
          '200': json(ref('Schedule'), 'The schedule.'),
          '400': error('Bad workflow name or index.'),
          ...common,
          '404': error('The workflow has no such trigger.'),
        },
      },
    },
  };
}

const BODY_NOT_AN_OBJECT =
  'body that is not JSON (`INVALID_JSON`), not an object or with a field of the wrong type (`INVALID_REQUEST`).';

/** `POST /api/executions/{id}/steps/{step}/<approve|reject>`. */
function approvalDecision(action: 'approve' | 'reject') {
  return {
    [`/api/executions/{id}/steps/{step}/${action}`]: {
      post: withJsonBody('DecisionRequest', false, {
        summary: `${action === 'approve' ? 'Approve' : 'Reject'} a waiting approval step (the first decision counts)`,
        parameters: [id, pathParam('step', 'Approval step id.')],
        responses: {
          '200': json(ref('Decision'), 'Recorded; the execution goes on.'),
          '400': error("Bad body, or form values that do not match the step's `fields` (`FIELDS_INVALID`)."),
          ...common,
          '404': error('No such execution, or no approval step of that id (`STEP_NOT_FOUND`).'),
          '409': error('The step is not waiting for a decision, or was decided already (`STEP_NOT_WAITING`).'),
        },
      }),
    },
  };
}

/** An operation taking a JSON body of schema `schema`, with the answers every such body may get (413, 415). */
function withJsonBody(
  schema: string,
  required: boolean,
  operation: { summary: string; parameters?: unknown[]; responses: Record<string, { description: string }> },
) {
  const own = operation.responses['400']?.description.replace(/\.$/, '');
  return {
    ...operation,
    requestBody: { required, content: { 'application/json': { schema: ref(schema) } } },
    responses: {
      ...operation.responses,
      '400': error(`${own ? `${own}; or a` : 'A'} ${BODY_NOT_AN_OBJECT}`),
      ...bodyRefused,
    },
  };
}

/** The OpenAPI 3.1 document of every route of {@link createHttpApp}. */
export const openApiDocument: Record<string, unknown> = completeOperations({
  openapi: '3.1.0',
  servers: [{ url: '/', description: 'The server that serves this document.' }],
  info: {
    title: 'skill-workflows API',
    version: VERSION,
    license: { name: 'MIT', identifier: 'MIT' },
    description:
      'Workflows, executions and their events. Errors are `{ "error": { "code", "message", "details" } }`; ' +
      'paths in them are relative to the project. Request bodies are JSON (`application/json` or ' +
      '`application/*+json`, else 415); a `Host` header is required (400 `HOST_REQUIRED`). ' +
      'Live events: WebSocket `/ws/executions/{id}?since=<seq>` (token as `?token=` or the Authorization header) ' +
      'sends every event object in `seq` order, accepts `{"command":"cancel"}` and closes with 1000 after ' +
      '`workflow_completed` or `workflow_cancelled` or once the execution is interrupted (4404: unknown execution). Each event carries `change` ' +
      '(schema `RecordChange`), what it changed in the execution record as the server folds it: `execution` ' +
      '(status, started_at, finished_at, duration_ms, error) after `workflow_*` events, `step` (the whole step ' +
      'record) after step events; absent for a `step_progress` output line. A client keeps the record of ' +
      '`GET /api/executions/{id}` current by merging: `steps[step.step_id] = step`, the `execution` fields, ' +
      '`last_seq = seq`.',
  },
  components: {
    schemas: openApiSchemas,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  },
  security: [{ bearer: [] }],
  paths: {
    '/api/health': {
      get: {
        summary: 'Liveness and version (no token needed)',
        security: [],
        responses: { '200': json(ref('Health'), 'The server is up.'), '403': common['403'] },
      },
    },
    '/api/openapi.json': {
      get: { summary: 'This document', responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1.'), ...common } },
    },
    '/api/workflows': {
      get: {
        summary: 'List workflows (invalid ones included, with diagnostics)',
        responses: {
          '200': json(
            { type: 'object', properties: { items: { type: 'array', items: ref('WorkflowSummary') } } },
            'Workflows.',
          ),
          ...common,
        },
      },
      post: withJsonBody('CreateWorkflowRequest', true, {
        summary: 'Create an untrusted workflow from TOML (never replaces one: see PUT)',
        responses: {
          '201': json(ref('CreatedWorkflow'), 'Saved.'),
          '400': error('Invalid name or TOML; located diagnostics in `details.diagnostics`.'),
          ...common,
          '409': error('A workflow has this name (`WORKFLOW_EXISTS`, `details.trusted`); replace an API one with PUT.'),
        },
      }),
    },
    '/api/workflows/{name}': {
      get: {
        summary: 'A workflow: definition, step graph, TOML source and diagnostics',
        parameters: [name],
        responses: {
          '200': json(ref('WorkflowDetail'), 'The workflow.'),
          '400': error('Invalid workflow name (`INVALID_WORKFLOW_NAME`).'),
          ...common,
          ...notFound,
        },
      },
      put: withJsonBody('ReplaceWorkflowRequest', true, {
        summary: 'Create or replace an untrusted workflow from TOML',
        parameters: [name],
        responses: {
          '200': json(ref('CreatedWorkflow'), 'Replaced.'),
          '201': json(ref('CreatedWorkflow'), 'Created.'),
          '400': error('Invalid name or TOML, or a name differing from the URL; diagnostics in `details`.'),
          ...common,
          '409': error('A trusted workflow has this name (`WORKFLOW_EXISTS`): it cannot be replaced through the API.'),
        },
      }),
    },
    '/api/workflows/{name}/execute': {
      post: withJsonBody('ExecuteRequest', false, {
        summary: 'Run a workflow; waits for the end unless `async_execution`',
        parameters: [name],
        responses: {
          '200': json(ref('Execution'), 'Finished (any final status).'),
          '202': json(ref('StartedExecution'), 'Started (`async_execution: true`).'),
          '400': error(
            'Invalid workflow name (`INVALID_WORKFLOW_NAME`), workflow (`WORKFLOW_INVALID`) or inputs (`INPUTS_INVALID`), with diagnostics.',
          ),
          ...common,
          '403': error('Untrusted workflow with command or unsafe_native steps (`UNTRUSTED_STEP`).'),
          ...notFound,
        },
      }),
    },
    '/api/skills': {
      get: {
        summary: 'List skills (built-in, skills/ modules, MCP servers of skills.toml) with their tools',
        responses: {
          '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('Skill') } } }, 'Skills.'),
          ...common,
          '503': error("The project's skills.toml has mistakes (`SKILLS_CONFIG_INVALID`)."),
        },
      },
    },
    '/api/workers': {
      get: {
        summary: "The live `skill worker`s of the server's queue (empty without --queue)",
        responses: {
          '200': json(
            {
              type: 'object',
              properties: {
                items: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['name', 'labels', 'running', 'concurrency', 'last_heartbeat'],
                    properties: {
                      name: { type: 'string' },
                      labels: { type: 'array', items: { type: 'string' } },
                      running: { type: 'integer' },
                      concurrency: { type: 'integer' },
                      last_heartbeat: { type: 'string', format: 'date-time' },
                      host: { type: 'string' },
                      pid: { type: 'integer' },
                    },
                  },
                },
              },
            },
            'Workers heard from in the last 5 seconds.',
          ),
          ...common,
        },
      },
    },
    '/api/skills/{name}': {
      get: {
        summary: "One skill and each tool's argument schema",
        parameters: [skillName],
        responses: { '200': json(ref('Skill'), 'The skill.'), ...common, '404': error('No such skill.') },
      },
    },
    '/api/schedules': {
      get: {
        summary: "The schedules ([[triggers]]) of the project's workflows: next fire times, pauses, latest ticks",
        responses: {
          '200': json(
            { type: 'object', properties: { items: { type: 'array', items: ref('Schedule') } } },
            'Schedules.',
          ),
          ...common,
        },
      },
    },
    '/api/hooks/{workflow}': {
      post: {
        summary:
          "Webhook trigger: starts the workflow when the call carries its signature (X-Hub-Signature-256) or token; not behind the server's token",
        parameters: [workflowName('workflow', 'Workflow name (its first `type = "webhook"` trigger).')],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { description: 'Any JSON; inputs map it with {trigger.body...}.' } },
          },
        },
        responses: {
          '202': json(ref('StartedExecution'), 'Started.'),
          '400': error(
            'Invalid workflow name (`INVALID_WORKFLOW_NAME`), no delivery id header, a body that is not JSON, or inputs the workflow refuses.',
          ),
          '401': error('Missing or wrong signature or token: nothing started.'),
          '403': error('Origin or host not allowed.'),
          '404': error('No such workflow with a webhook trigger.'),
          '409': error('The delivery id was received before (a replay): nothing started.'),
          '413': error("Body over the webhook's limit."),
        },
      },
    },
    ...scheduleAction('pause', 'Pause a schedule for every server sharing the store'),
    ...scheduleAction('resume', 'Resume a paused schedule'),
    '/api/executions': {
      get: {
        summary: 'List executions, newest first',
        parameters: [
          query('workflow_name', { type: 'string' }, 'Only this workflow.'),
          query('status', { enum: STORED_EXECUTION_STATUSES }, 'Only this status.'),
          query('limit', { type: 'integer', minimum: 1, maximum: 1000, default: 50 }, 'Page size.'),
          query('cursor', { type: 'string' }, '`next_cursor` of the previous page.'),
        ],
        responses: { '200': json(ref('ExecutionPage'), 'One page.'), '400': error('Bad filter.'), ...common },
      },
    },
    '/api/executions/{id}': {
      get: {
        summary: 'An execution with its step records',
        parameters: [id],
        responses: { '200': json(ref('Execution'), 'The execution.'), ...common, ...notFound },
      },
    },
    '/api/executions/{id}/graph': {
      get: {
        summary: "The step graph of the execution's definition snapshot (empty without one)",
        parameters: [id],
        responses: { '200': json(ref('WorkflowGraph'), 'The graph.'), ...common, ...notFound },
      },
    },
    '/api/executions/{id}/cancel': {
      post: {
        summary: 'Cancel a running execution; answers once it stopped (202 if it takes over 15 s)',
        parameters: [id],
        responses: {
          '200': json(ref('Execution'), 'Cancelled.'),
          '202': json(ref('Execution'), 'Cancellation under way.'),
          ...common,
          ...notFound,
          '409': error('Not running (`EXECUTION_NOT_RUNNING`).'),
        },
      },
    },
    '/api/executions/{id}/retry': {
      post: withJsonBody('RetryRequest', false, {
        summary: 'A new execution reusing the outputs upstream of `from`',
        parameters: [id],
        responses: {
          '202': json(ref('StartedExecution'), 'Started.'),
          '400': error('Unknown step.'),
          ...common,
          ...notFound,
        },
      }),
    },
    '/api/executions/{id}/events': {
      get: {
        summary: 'Stored events of an execution',
        parameters: [id, since],
        responses: {
          '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('Event') } } }, 'Events.'),
          '400': badSince,
          ...common,
          ...notFound,
        },
      },
    },
    '/api/executions/{id}/steps/{step}/logs': {
      get: {
        summary: "A step's output lines (its step_progress messages)",
        parameters: [id, pathParam('step', 'Step id.'), since],
        responses: { '200': json(ref('StepLogs'), 'Lines.'), '400': badSince, ...common, ...notFound },
      },
    },
    ...approvalDecision('approve'),
    ...approvalDecision('reject'),
  },
});
